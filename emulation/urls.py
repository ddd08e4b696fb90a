from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

admin.site.site_header = _("Thi Đua administration")
admin.site.site_title = _("Thi Đua")
admin.site.index_title = _("Data administration")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("campaigns.urls")),
    path("", include("scoring.urls")),
    path("", include("results.urls")),
    path("", include("documents.urls")),
    path("", include("portal.urls")),
]

handler400 = "emulation.errors.bad_request"
handler403 = "emulation.errors.permission_denied"
handler404 = "emulation.errors.page_not_found"
handler500 = "emulation.errors.server_error"
