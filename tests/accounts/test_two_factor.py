"""Two-factor authentication: enrolment, login with a code and with a recovery code, required."""

import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEntry
from tests.factories import ProvinceFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pw-Thidua-123"


def _code(device, steps_ahead=0):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def _enrol(client, user):
    client.force_login(user)
    response = client.get(reverse("accounts:otp_setup"))
    assert response.status_code == 200
    assert response.context["qr"].startswith("data:image/svg+xml")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("accounts:otp_setup"), {"token": _code(device)})
    assert response.status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    return device, response.context["codes"]


def _password_login(client, user):
    client.logout()
    client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})


def test_enrolment_confirms_the_device_and_gives_recovery_codes(client):
    user = UserFactory(username="lan")
    device, codes = _enrol(client, user)
    assert len(codes) == 10
    assert AuditEntry.objects.filter(action="accounts.otp.enrolled").count() == 1
    assert client.get(reverse("portal:home")).status_code == 200  # verified in this session


def test_a_wrong_enrolment_code_confirms_nothing(client):
    user = UserFactory(username="lan")
    client.force_login(user)
    client.get(reverse("accounts:otp_setup"))
    response = client.post(reverse("accounts:otp_setup"), {"token": "000000x"})
    assert response.context["form"].errors
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_login_with_a_code(client):
    user = UserFactory(username="lan")
    device, _codes = _enrol(client, user)
    _password_login(client, user)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:otp_verify"))
    response = client.post(reverse("accounts:otp_verify"), {"token": _code(device, steps_ahead=1)})
    assert response.status_code == 302
    assert client.get(reverse("portal:home")).status_code == 200


def test_a_wrong_code_is_refused_and_slows_down_the_next(client):
    user = UserFactory(username="lan")
    device, _codes = _enrol(client, user)
    _password_login(client, user)
    response = client.post(reverse("accounts:otp_verify"), {"token": "12345"})
    assert response.status_code == 200 and response.context["form"].errors
    # django-otp throttles the device: even the right code waits a moment after a failure.
    response = client.post(reverse("accounts:otp_verify"), {"token": _code(device, steps_ahead=1)})
    assert response.status_code == 200
    assert client.get(reverse("portal:home")).status_code == 302


def test_login_with_a_recovery_code_works_once(client):
    user = UserFactory(username="lan")
    _device, codes = _enrol(client, user)
    _password_login(client, user)
    assert client.post(reverse("accounts:otp_verify"), {"token": codes[0]}).status_code == 302
    assert client.get(reverse("portal:home")).status_code == 200
    assert StaticToken.objects.filter(token=codes[0]).count() == 0
    _password_login(client, user)
    response = client.post(reverse("accounts:otp_verify"), {"token": codes[0]})
    assert response.status_code == 200 and response.context["form"].errors


def test_an_unverified_session_cannot_replace_the_device(client):
    user = UserFactory(username="lan")
    _enrol(client, user)
    _password_login(client, user)
    response = client.get(reverse("accounts:otp_setup"))
    assert response.status_code == 302 and response.url == reverse("accounts:otp_verify")


@pytest.mark.parametrize(
    ("kind", "required"),
    [("board", True), ("superuser", True), ("officer", False)],
)
def test_required_for_staff_when_the_setting_is_on(client, settings, kind, required):
    settings.OTP_REQUIRED_FOR_STAFF = True
    user = {
        "board": lambda: UserFactory(username="b", board_province=ProvinceFactory()),
        "superuser": lambda: UserFactory(username="s", is_superuser=True, is_staff=True),
        "officer": lambda: UserFactory(username="o", unit=UnitFactory()),
    }[kind]()
    client.force_login(user)
    response = client.get(reverse("portal:home"))
    if required:
        assert response.status_code == 302 and response.url == reverse("accounts:otp_setup")
        device, _codes = _enrol(client, user)
        assert client.get(reverse("portal:home")).status_code == 200
    else:
        assert response.status_code == 200


def test_not_required_when_the_setting_is_off(client, settings):
    settings.OTP_REQUIRED_FOR_STAFF = False
    client.force_login(UserFactory(username="b", board_province=ProvinceFactory()))
    assert client.get(reverse("portal:home")).status_code == 200


def test_a_reset_account_with_a_device_gives_the_code_then_changes_the_password(client, settings):
    settings.OTP_REQUIRED_FOR_STAFF = True
    user = UserFactory(username="b", board_province=ProvinceFactory())
    device, _codes = _enrol(client, user)
    user.must_change_password = True
    user.save(update_fields=["must_change_password"])
    _password_login(client, user)
    response = client.get(reverse("portal:home"))
    assert response.url.startswith(reverse("accounts:otp_verify"))
    assert client.get(response.url).status_code == 200  # not bounced to the password page
    client.post(reverse("accounts:otp_verify"), {"token": _code(device, steps_ahead=1)})
    assert client.get(reverse("portal:home")).url == reverse("accounts:password_change")
    assert client.get(reverse("accounts:password_change")).status_code == 200


def test_required_enrolment_then_password_change_does_not_loop(client, settings):
    settings.OTP_REQUIRED_FOR_STAFF = True
    user = UserFactory(username="b", board_province=ProvinceFactory(), must_change_password=True)
    client.force_login(user)
    assert client.get(reverse("portal:home")).url == reverse("accounts:otp_setup")
    assert client.get(reverse("accounts:otp_setup")).status_code == 200
