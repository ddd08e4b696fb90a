"""Two-factor authentication (TOTP) with recovery codes, on django-otp.

Enrolment creates an unconfirmed TOTP device; the first correct code confirms it and replaces
the user's recovery codes (django-otp static tokens, each usable once). After a password login
a user with a confirmed device is verified by a code or a recovery code before anything else.
Superusers and board staff must enrol when `OTP_REQUIRED_FOR_STAFF` is on.
"""

from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.services import log_action

RECOVERY_CODES = 10


def otp_required(user) -> bool:
    return bool(
        getattr(settings, "OTP_REQUIRED_FOR_STAFF", False)
        and (user.is_superuser or user.board_province_id is not None)
    )


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device being enrolled (one per user, kept across page reloads)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="default", confirmed=False)


@transaction.atomic
def confirm_enrolment(*, user, device: TOTPDevice, token: str, request=None) -> list[str] | None:
    """Confirm `device` with a first code; returns the new recovery codes, or None if wrong."""
    if device.user_id != user.pk or device.confirmed or not device.verify_token(token):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = replace_recovery_codes(user=user)
    log_action(actor=user, action="accounts.otp.enrolled", obj=user, request=request)
    return codes


def replace_recovery_codes(*, user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=c) for c in codes])
    return codes


def verify(user, token: str):
    """The device that accepts `token` (a TOTP code or an unused recovery code), or None.

    Each device throttles its own failures (django-otp), so guessing slows down.
    """
    token = "".join(token.split())
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(token):
                return device
    return None


def has_device(user) -> bool:
    return user_has_device(user, confirmed=True)


# Whether the signed-in user has a device is looked up once, at login, and kept in the session:
# pages then cost no query for it.
SESSION_KEY = "otp_code_needed"


def remember_at_login(sender, request, user, **kwargs) -> None:
    """Receiver of `user_logged_in`."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = has_device(user)


def session_needs_code(request) -> bool:
    needed = request.session.get(SESSION_KEY)
    if needed is None:  # a session opened before this check existed
        needed = request.session[SESSION_KEY] = has_device(request.user)
    return needed


def forget_code_needed(request) -> None:
    request.session[SESSION_KEY] = False
