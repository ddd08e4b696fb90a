from django.contrib.auth.views import redirect_to_login
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from blocks.access import SignInRequired
from emulation.public_cache import chosen_language


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the user chose otherwise with the language switch.

    Django's own middleware follows the browser's Accept-Language, so an officer whose browser
    happens to be set to English would get English pages. Here only the language cookie, set by
    the switch in the navigation bar, changes the language.
    """

    def process_request(self, request):
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()


class SignInRequiredMiddleware:
    """The login page, with `next`, for a signed-out person an access helper turned away.

    The access helpers (blocks/access.py) raise `SignInRequired`; answering it here gives every
    non-public view the same login handling, whatever app it lives in.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, SignInRequired):
            return redirect_to_login(request.get_full_path())
        return None
