"""Error pages in the site's own look. Django's defaults, with our templates."""

from django.conf import settings
from django.views import defaults


def bad_request(request, exception):
    return defaults.bad_request(request, exception, template_name="400.html")


def permission_denied(request, exception):
    return defaults.permission_denied(request, exception, template_name="403.html")


def page_not_found(request, exception):
    response = defaults.page_not_found(request, exception, template_name="404.html")
    response.own_page = True
    return response


def server_error(request):
    return defaults.server_error(request, template_name="500.html")


class OwnNotFoundPageMiddleware:
    """With DEBUG on (`make run`), show the app's own 404 page instead of Django's URL list.

    Django answers a 404 in DEBUG with its technical page, which lists every URL pattern: not
    what a person trying the demo should see, and not what production shows. Tracebacks of
    real errors (500) stay technical in DEBUG.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and response.get("Content-Type", "").startswith("text/html")
            and not getattr(response, "own_page", False)
        ):
            return page_not_found(request, None)
        return response
