"""Bad input never gets a 500: every URL of the permission matrix, fed garbage.

For each row, as the superuser (who passes every access check, so the request reaches the form
and the service): POST rows get junk in every field they normally send plus junk fields, GET
rows get junk query parameters. Whatever the answer (a form with messages, a redirect, 400,
403, 404, 405), it is never a server error.
"""

import pytest
from django.urls import reverse

from tests.test_permissions import ROWS


@pytest.fixture
def world(shared_world):
    """Built once for the module (see tests/conftest.py): each test's writes are rolled back."""
    return shared_world


JUNK_VALUES = ["", "abc", "-1", "1e309", "8,5,5", "99999999999999999999", "<script>", "😀" * 3]


def _junk(value, index: int):
    if hasattr(value, "read"):  # an upload: replace it by a text file pretending to be a PDF
        from django.core.files.uploadedfile import SimpleUploadedFile

        return SimpleUploadedFile("x.pdf", b"not a pdf at all", content_type="application/pdf")
    return JUNK_VALUES[index % len(JUNK_VALUES)]


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.id)
def test_no_server_error_on_junk(world, clients, row):
    client = clients["superuser"]
    client.raise_request_exception = False
    url = reverse(row.name, args=row.args(world))
    for variant, value in enumerate(JUNK_VALUES):
        if row.method == "post":
            data = row.data(world) if row.data else {}
            junk = {key: _junk(v, variant + i) for i, (key, v) in enumerate(data.items())}
            junk.update({"version": value, "confirm": "yes", "unexpected": "x"})
            response = client.post(url, junk)
        else:
            query = {"version": value, "page": value, "unit": value, "v1": value, "v2": value}
            response = client.get(url, query)
        assert response.status_code < 500, f"{row.id} with {value!r}: {response.status_code}"
