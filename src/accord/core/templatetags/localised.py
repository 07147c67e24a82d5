"""`{{ obj|localised:"name" }}`: content a partnership writes in English and Welsh, in the reader's language
(the Welsh twin `name_cy` when the page or e-mail is in Welsh and it is written, else the English).
The rule lives in accord.lib.languages.localised."""

from __future__ import annotations

from typing import Any

from django import template

from accord.lib import languages
from accord.lib import stored_text as texts

register = template.Library()


@register.filter
def localised(obj: Any, field: str) -> str:
    return languages.localised(obj, field)


@register.filter
def stored_text(value: Any) -> str:
    """`{{ notice.title_text|stored_text }}`: a message stored with its values, in the reader's language
    (accord.lib.stored_text.render)."""
    return texts.render(value)
