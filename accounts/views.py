from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.contrib import messages
from django.contrib.auth import user_login_failed
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from accounts.models import User
from accounts.security import client_is_throttled, lockout_response


class LoginView(auth_views.LoginView):
    """Django's login, refused early when this client has failed too often across usernames.

    The per-(username, client) lock is axes' own (its backend and middleware).
    """

    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if client_is_throttled(request):
            return lockout_response(request)
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's view, which also clears the must-change-password flag.

    A wrong old password counts as a failed login for (username, client) and for the client,
    so the form cannot be used to guess the password of a session left open.
    """

    success_url = reverse_lazy("accounts:password_change_done")

    def _credentials(self) -> dict:
        return {"username": self.request.user.get_username()}

    def post(self, request, *args, **kwargs):
        if client_is_throttled(request) or AxesProxyHandler.is_locked(request, self._credentials()):
            return lockout_response(request)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        if "old_password" in form.errors:
            user_login_failed.send(
                sender=type(self), credentials=self._credentials(), request=self.request
            )
            if getattr(self.request, "axes_locked_out", False) or client_is_throttled(self.request):
                return lockout_response(self.request)
        return super().form_invalid(form)

    def form_valid(self, form):
        response = super().form_valid(form)
        if self.request.user.must_change_password:
            self.request.user.must_change_password = False
            self.request.user.save(update_fields=["must_change_password"])
        messages.success(self.request, _("Your password has been changed."))
        return response


class NotificationsForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["email_notifications"]


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request: HttpRequest) -> HttpResponse:
    """A person's own e-mail opt-out (issue #10): only their own account, so no access helper."""
    # An unticked box sends nothing: an empty POST is still a submission.
    data = request.POST if request.method == "POST" else None
    form = NotificationsForm(data, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your e-mail settings are saved."))
        return redirect("accounts:notification_settings")
    return render(request, "registration/notification_settings.html", {"form": form})
