from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import manage_views, two_factor_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("notifications/", views.notification_settings, name="notification_settings"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("2fa/setup/", two_factor_views.otp_setup, name="otp_setup"),
    path("2fa/verify/", two_factor_views.otp_verify, name="otp_verify"),
    path("province/<id:province_pk>/", manage_views.account_list, name="account_list"),
    path("province/<id:province_pk>/new/", manage_views.account_create, name="account_create"),
    path("province/<id:province_pk>/import/", manage_views.account_import, name="account_import"),
    path(
        "province/<id:province_pk>/import/template.xlsx",
        manage_views.account_import_template,
        name="account_import_template",
    ),
    path(
        "province/<id:province_pk>/passwords/",
        manage_views.account_passwords,
        name="account_passwords",
    ),
    path(
        "province/<id:province_pk>/<id:pk>/deactivate/",
        manage_views.account_deactivate,
        name="account_deactivate",
    ),
    path(
        "province/<id:province_pk>/<id:pk>/reset-password/",
        manage_views.account_reset_password,
        name="account_reset_password",
    ),
]
