"""Request-wide rules: the language a page speaks (PersonLanguage, below). Numbers in addresses too large for the database
(/p/1/organisations/99999999999999999999/) are "not found", like any other id that names nothing,
instead of a server error; and the browser-safety headers below."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.views.defaults import page_not_found


class HugeIdIsNotFound:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, OverflowError):
            return page_not_found(request, Http404("Not found"))
        return None


class BrowserSafety:
    """What every answer tells the browser, beyond Django's own security headers:

    - TRACE is refused (405): it echoes the request, cookies and all, back to whoever sent it.
    - Signed-in pages and every API answer are `Cache-Control: no-store`, so a shared computer's
      browser cache or a proxy never keeps a partnership's confidential pages.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("TRACE", "TRACK"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.path.startswith("/api/") or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """The queue or cache could not be reached and no view said so: "not done" (503), never a 500."""
        from accord.lib.queue import Unavailable

        if not isinstance(exception, Unavailable):
            return None
        message = exception.messages[0]
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=503)
        back = request.path if request.method == "POST" else "/"
        return render(request, "core/unavailable.html", {"message": message, "back": back}, status=503)


LANGUAGE_PARAMETER = "lang"


def language_from_address(request: HttpRequest) -> str:
    """The language named by `?lang=` in the address, if Accord speaks it ("" otherwise)."""
    chosen = request.GET.get(LANGUAGE_PARAMETER, "")
    return chosen if chosen in dict(settings.LANGUAGES) else ""


class PersonLanguage:
    """Which language a page speaks, after Django's LocaleMiddleware has read the language cookie or the
    browser's Accept-Language:

    1. `?lang=cy` in the address wins: the switch on every page uses it, so a link to a Welsh sign-up page
       or survey can be shared and opens in Welsh. It is also remembered in the language cookie, so the
       pages reached from there (a redirect after a form) stay in that language;
    2. otherwise a signed-in person's own choice on their account page (`User.language`);
    3. otherwise LocaleMiddleware's answer stands (the cookie, else the browser's language).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from_address = language_from_address(request)
        language = from_address
        if not language and request.user.is_authenticated:
            language = getattr(request.user, "language", "")
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if from_address and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != from_address:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, from_address, max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE, httponly=True, samesite="Lax")
        return response
