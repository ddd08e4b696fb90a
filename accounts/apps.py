from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_login_failed

        from accounts.security import count_client_failure

        user_login_failed.connect(count_client_failure, dispatch_uid="accounts.client_failures")

        from django.contrib.auth.signals import user_logged_in

        from accounts.two_factor import remember_at_login

        user_logged_in.connect(remember_at_login, dispatch_uid="accounts.otp_at_login")
