"""One way to ask "are you sure?" before anything destructive or hard to reverse.

A view that deletes, cancels, closes, removes or revokes calls `confirm_page(...)` on GET: a
server-rendered page saying in plain words what will happen, with a button that POSTs back to the
same address (no script: the CSP allows none). The view acts only on POST. Pages link to the GET
address; a form elsewhere may still POST straight to it (the API and tests do), since the POST is
what a person confirms.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy

from . import undo
from .models import AuditEntry


def confirm_page(request: HttpRequest, *, access: Any, section: str, title: str, consequences: Sequence[str],
                 button: str, cancel_url: str, refusal: str = "", reversible: str = "",
                 fields: Sequence[tuple[str, str]] = ()) -> HttpResponse:
    """The confirmation page.

    `consequences`: what will happen, one plain sentence each. `reversible`: how to put it back (or ""
    when it cannot be). `refusal`: why it cannot be done at all (the button is then not shown).
    `fields`: hidden (name, value) pairs posted with the button (such as a date already chosen).
    """
    return render(request, "core/confirm.html", {
        "access": access, "section": section, "title": title, "consequences": list(consequences),
        "button": button, "cancel_url": cancel_url, "refusal": refusal, "reversible": reversible,
        "fields": list(fields),
    })


UNDO_HINT = gettext_lazy("You can undo this for a few minutes afterwards, from the message at the top of the page.")


def confirm_then(request: HttpRequest, *, access: Any, section: str, title: str, consequences: Sequence[str],
                 button: str, back: str, do: Callable[[], Any], done: str, refusal: str = "",
                 reversible: str = "", undoable: bool = False) -> HttpResponse:
    """The whole pattern: GET shows the confirmation page; POST calls `do()` (a service), then returns to
    `back` with `done` (and an Undo button when `do()` returned an audit entry and `undoable`), or with the
    service's refusal as an error message."""
    if request.method != "POST":
        return confirm_page(request, access=access, section=section, title=title, consequences=consequences,
                            button=button, cancel_url=back, refusal=refusal,
                            reversible=reversible or (str(UNDO_HINT) if undoable else ""))
    try:
        result = do()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    if undoable and isinstance(result, AuditEntry):
        undo.offer(request, result, done)
    else:
        messages.success(request, done)
    return redirect(back)


def refusal_of(check: Callable[[], Any]) -> str:
    """The message of the ValidationError `check()` raises, or "" when it passes (for the GET page)."""
    try:
        check()
    except ValidationError as exc:
        return " ".join(exc.messages)
    return ""
