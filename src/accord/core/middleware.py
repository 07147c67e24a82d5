"""Request-wide rules. Numbers in addresses too large for the database
(/p/1/organisations/99999999999999999999/) are "not found", like any other id that names nothing,
instead of a server error; and the browser-safety headers below."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import render
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
