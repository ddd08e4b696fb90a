from django.contrib import admin
from django.urls import include, path, register_converter
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from emulation.converters import IdConverter, YearConverter

# Every id and year in a URL goes through these (`<id:pk>`, `<year:year>`): a number too large
# for the database is a 404, never a server error.
register_converter(IdConverter, "id")
register_converter(YearConverter, "year")

admin.site.site_header = _("Thi Đua administration")
admin.site.site_title = _("Thi Đua")
admin.site.index_title = _("Data administration")

urlpatterns = [
    path("", include("health.urls")),
    # The public pages first: they are what most requests ask for, and the URL resolver tries
    # the patterns in order (no two patterns of the project match the same path).
    path("", include("portal.urls")),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("audit/", include("audit.urls")),
    # The language switch needs no CSRF token: forging it changes nobody's data (only the
    # language cookie), and pages without a token can be served to everyone from the cache
    # (emulation/public_cache.py). Its `next` is still checked against the host.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("", include("blocks.urls")),
    path("", include("campaigns.urls")),
    path("", include("scoring.urls")),
    path("", include("results.urls")),
    path("", include("awards.urls")),
    path("", include("conference.urls")),
    path("", include("documents.urls")),
]

handler400 = "emulation.errors.bad_request"
handler403 = "emulation.errors.permission_denied"
handler404 = "emulation.errors.page_not_found"
handler500 = "emulation.errors.server_error"
