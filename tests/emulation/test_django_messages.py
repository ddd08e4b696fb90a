"""Django's own messages read as natural Vietnamese (issue #10): the project catalogue overrides
the poor ones of Django's catalogue, and the oversize message never shows size = limit."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from emulation.django_messages import OVERRIDDEN
from emulation.uploads import validate_upload


class _Form(forms.Form):
    count = forms.IntegerField(min_value=0, max_value=10)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1,5", "Nhập một số nguyên."),
        ("-1", "Giá trị phải lớn hơn hoặc bằng 0."),
        ("11", "Giá trị phải nhỏ hơn hoặc bằng 10."),
    ],
)
def test_integer_field_messages_in_good_vietnamese(value, expected):
    with translation.override("vi"):
        form = _Form({"count": value})
        assert form.errors["count"] == [expected]


def test_every_overridden_message_is_translated_by_the_project():
    with translation.override("vi"):
        for msgid in OVERRIDDEN:
            text = translation.gettext(msgid)
            assert text != msgid
            assert " ." not in text and "tổng thể" not in text


def test_oversize_message_never_shows_size_equal_to_limit(settings):
    settings.MAX_UPLOAD_SIZE = 20 * 1024 * 1024
    upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4\n" + b"x" * (20 * 1024 * 1024))
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        validate_upload(upload)
    error = exc.value.error_list[0]
    assert error.code == "file_too_large"
    assert error.params["size"] != error.params["limit"]
