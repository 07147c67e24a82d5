"""Put a service's ValidationError onto a Django form, so the page shows the same message the API
returns: field errors beside their field, anything else in the error summary."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


def apply_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
