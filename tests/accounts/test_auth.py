import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_login_with_the_real_form(client):
    UserFactory(username="lan")
    response = client.post(
        reverse("accounts:login"), {"username": "lan", "password": "pw-Thidua-123"}
    )
    assert response.status_code == 302
    assert response.wsgi_request.user.is_authenticated


def test_wrong_password_shows_a_message_on_the_form(client):
    UserFactory(username="lan")
    response = client.post(reverse("accounts:login"), {"username": "lan", "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_repeated_failures_lock_the_account_out(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="lan")
    for _ in range(3):
        client.post(reverse("accounts:login"), {"username": "lan", "password": "nope"})
    response = client.post(
        reverse("accounts:login"), {"username": "lan", "password": "pw-Thidua-123"}
    )
    assert response.status_code == 429
    assert not response.wsgi_request.user.is_authenticated


def test_must_change_password_redirects_everywhere_until_changed(client):
    user = UserFactory(username="lan", must_change_password=True)
    client.force_login(user)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_change")
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "pw-Thidua-123",
            "new_password1": "Mat-khau-moi-2026",
            "new_password2": "Mat-khau-moi-2026",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password
    assert client.get(reverse("portal:home")).status_code == 200


def test_user_cannot_be_unit_officer_and_board_staff(db):
    from django.db import IntegrityError, transaction

    from tests.factories import ProvinceFactory, UnitFactory

    province = ProvinceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(username="x", unit=UnitFactory(province=province), board_province=province)
