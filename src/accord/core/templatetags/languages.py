"""The language switch on every page: a plain link per other language, keeping the rest of the address,
so the Welsh page can be shared (accounts.middleware.PersonLanguage reads `?lang=`)."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.utils import translation

from accord.core.middleware import LANGUAGE_PARAMETER

register = template.Library()


@register.inclusion_tag("core/_language_switch.html", takes_context=True)
def language_switch(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    current = translation.get_language()
    links = []
    for code, name in settings.LANGUAGES:
        if code == current:
            continue
        if request is None:
            href = f"?{LANGUAGE_PARAMETER}={code}"
        else:
            query = request.GET.copy()
            query[LANGUAGE_PARAMETER] = code
            href = f"{request.path}?{query.urlencode()}"
        links.append({"code": code, "name": name, "href": href})
    return {"links": links}


@register.simple_tag
def html_lang() -> str:
    """The `<html lang>` of the page: British English, or the language in use."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return "en-GB" if language.startswith("en") else language
