"""Put a service's ValidationError onto Django forms, so the page shows the same message the API
returns: field errors beside their field, anything else in the error summary (or on `field`).

The one way every view does it (tests/core/test_shared_concerns_have_one_home.py checks).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError


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
