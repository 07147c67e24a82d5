"""Form errors, in one place.

- `apply_errors` puts a service's ValidationError onto Django forms, so the page shows the same message the
  API returns: field errors beside their field, anything else in the error summary (or on `field`). It is
  the one way every view does it (tests/core/test_shared_concerns_have_one_home.py checks).
- `hint_id` / `error_id` name the elements that hold a field's hint and its error, and `widget` renders the
  field's control pointing at exactly those elements (`aria-describedby`) and marked `aria-invalid` when it
  has an error: a screen reader then reads a field's hint and its own error with the field.
- `anchor` is the id of the first control of a field, for the error summary's links.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.safestring import SafeString

GROUPED = {"radioselect", "checkboxselectmultiple"}


def apply_errors(form: Any, exc: ValidationError, *, field: str | None = None, also: Sequence[Any] = ()) -> None:
    """Each message goes beside the field it names, on `form` or on whichever of `also` (further forms
    on the same page) has that field; a message naming no field goes on `field` of `form` (None: the
    error summary)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(field, exc.messages)
        return
    for name, errors in exc.message_dict.items():
        target = next((f for f in (form, *also) if name in f.fields), None)
        if target is None:
            form.add_error(field, errors)
        else:
            target.add_error(name, errors)


def hint_id(field: Any) -> str:
    return f"{field.auto_id}-hint"


def error_id(field: Any) -> str:
    return f"{field.auto_id}-error"


def described_by(field: Any) -> str:
    """The ids a field's control is described by: its hint, then its error (both as the template names them)."""
    ids = []
    if field.help_text:
        ids.append(hint_id(field))
    if field.errors:
        ids.append(error_id(field))
    return " ".join(ids)


def widget_attrs(field: Any) -> dict[str, str]:
    attrs = {}
    if described := described_by(field):
        attrs["aria-describedby"] = described
    if field.errors:
        attrs["aria-invalid"] = "true"
    return attrs


def widget(field: Any) -> SafeString:
    """The field's control, described by its hint and error. Django's own aria-describedby (which names
    `<id>_helptext`, an element Accord's templates do not have) is replaced, never added to."""
    return field.as_widget(attrs=widget_attrs(field))


def anchor(field: Any) -> str:
    """The id to link to from the error summary: a group of radios or checkboxes is reached at its first."""
    if field.widget_type in GROUPED:
        return f"{field.auto_id}_0"
    return str(field.id_for_label)
