from base64 import b32encode

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login

from accounts import two_factor
from accounts.security import client_is_throttled, lockout_response, record_client_failure


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


@login_required
def otp_setup(request):
    if two_factor.has_device(request.user) and not request.user.is_verified():
        # Replacing the device takes the current one first: the password alone is not enough.
        return redirect("accounts:otp_verify")
    device = two_factor.pending_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_enrolment(
            user=request.user, device=device, token=form.cleaned_data["token"], request=request
        )
        if codes is not None:
            otp_login(request, device)
            return render(request, "accounts/otp_recovery_codes.html", {"codes": codes})
        form.add_error("token", _("The code is not right. Check the phone's clock and try again."))
    qr = segno.make(device.config_url, error="m").svg_data_uri(scale=4)
    secret = b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "qr": qr,
            "secret": secret,
            "required": two_factor.otp_required(request.user),
        },
    )


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "portal:home"


@login_required
def otp_verify(request):
    if request.user.is_verified():
        return redirect(_next(request))
    if not two_factor.has_device(request.user):
        two_factor.forget_code_needed(request)
        return redirect(_next(request))
    if request.method == "POST" and client_is_throttled(request):
        return lockout_response(request)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor.verify(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            messages.success(request, _("Signed in."))
            return redirect(_next(request))
        record_client_failure(request)
        form.add_error("token", _("The code is not right, or it was already used."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next(request)})
