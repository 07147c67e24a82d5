"""A whole page kept in the cache as one string, for a page read far more often than its data changes (the
partnership home, issue 21): a page served from here renders no template at all.

The caller names everything the page shows depends on (the user, their role and organisation there, the
partnership, the language, the data version stamp of core/freshness.py, today's date); the address and its
query are always part of the key. What differs between two answers of the same page to the same person is
handled here:

- the CSRF token of the page's forms (the sign-out button): it is kept as a placeholder and each answer gets
  a token of its own, as `{% csrf_token %}` would give it (and the CSRF cookie when it needs one);
- messages waiting to be shown ("Saved."): a page with messages is rendered afresh and not kept, so they
  are shown once, as on any page;
- only GET and HEAD answers of 200 are kept.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.crypto import salted_hmac

# How `{% csrf_token %}` writes the token (django.template.defaulttags.CsrfTokenNode).
_CSRF_INPUT = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)">')


def _placeholder() -> str:
    """Stands for the CSRF token in a kept page: the same in every process sharing SECRET_KEY, and not
    something a person could type into a page's content to have a token put there."""
    return _placeholder_for(settings.SECRET_KEY)


@functools.lru_cache(maxsize=4)
def _placeholder_for(secret: str) -> str:
    return "csrf-" + salted_hmac("accord.core.pagecache", "csrf token placeholder", secret=secret).hexdigest()


def cache_key(request: HttpRequest, parts: tuple[object, ...]) -> str:
    whole = "\n".join([request.path, request.GET.urlencode(), *(str(p) for p in parts)])
    return "accord:page:" + hashlib.sha256(whole.encode()).hexdigest()


def _has_messages(request: HttpRequest) -> bool:
    return bool(len(get_messages(request)))  # loads them without marking them shown


def cached_page(request: HttpRequest, parts: tuple[object, ...], seconds: int,
                render: Callable[[], HttpResponse]) -> HttpResponse:
    """The page `render()` makes, kept for `seconds` under the address and `parts`.

    `parts` must name everything the page depends on beyond its address: at least the user, their role and
    organisation, the partnership, the language and `freshness.data_version()` (so any committed write shows
    at once). One person's page is never served to another, nor one language's in another."""
    if request.method not in ("GET", "HEAD") or _has_messages(request):
        return render()
    key = cache_key(request, parts)
    body = cache.get(key)
    if isinstance(body, str):
        placeholder = _placeholder()
        if placeholder in body:
            body = body.replace(placeholder, get_token(request))
        return HttpResponse(body)
    response = render()
    if response.status_code == 200 and not response.streaming and not response.cookies:
        html = response.content.decode(response.charset)
        for token in set(_CSRF_INPUT.findall(html)):
            html = html.replace(token, _placeholder())
        cache.set(key, html, seconds)
    return response
