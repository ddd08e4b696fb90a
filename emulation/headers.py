"""Response headers that depend on who is asking."""

from django.utils.cache import patch_cache_control


class PrivatePagesMiddleware:
    """Pages seen by a signed-in person are never kept by a browser or a proxy cache.

    A shared office computer's back button or a caching proxy must not show one officer's
    score sheet, or the unpublished ranking, to the next person. A response that set its own
    Cache-Control (a download, a health check) keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
