from django.shortcuts import redirect
from django.urls import reverse


class ForcePasswordChangeMiddleware:
    """Send a user whose password was set by someone else to the password change page first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {
                reverse("accounts:password_change"),
                reverse("accounts:password_change_done"),
                reverse("accounts:logout"),
                reverse("set_language"),
                # The second factor comes first (SecondFactorMiddleware), then the new password.
                reverse("accounts:otp_verify"),
                reverse("accounts:otp_setup"),
            }
            if request.path not in allowed and not request.path.startswith("/static/"):
                return redirect("accounts:password_change")
        return self.get_response(request)


class SecondFactorMiddleware:
    """After the password: a user with a confirmed device enters a code before anything else;
    a superuser or board staff without one enrols first when `OTP_REQUIRED_FOR_STAFF` is on.

    Runs after django-otp's `OTPMiddleware` (which sets `user.is_verified`).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from accounts import two_factor

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_verified():
            allowed = {
                reverse("accounts:otp_verify"),
                reverse("accounts:otp_setup"),
                reverse("accounts:logout"),
                reverse("set_language"),
            }
            if request.path not in allowed and not request.path.startswith("/static/"):
                if two_factor.session_needs_code(request):
                    return redirect(f"{reverse('accounts:otp_verify')}?next={request.path}")
                if two_factor.otp_required(user):
                    return redirect("accounts:otp_setup")
        return self.get_response(request)
