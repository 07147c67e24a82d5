"""The site administrators' pages for partners' records.

Django's admin saves models directly, past the services, so without this an administrator's change
would be missing from the audit trail the partnership's manager reads. `AuditedAdmin` records every
save and delete in the trail of each partnership the record belongs to; for an Organisation, in every
partnership that refers to it (its facts are shared by all of them).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest

from accord.core.audit import log_action

from . import selectors
from .models import Capability, Membership, Organisation, Partnership, Person, Role


def _partnerships(obj: Model) -> list[Partnership]:
    if isinstance(obj, Partnership):
        return [obj]
    if isinstance(obj, Organisation):
        return list(selectors.partnerships_referring_to(obj).order_by("pk"))
    if isinstance(obj, Capability):
        return [obj.membership.partnership]
    partnership = getattr(obj, "partnership", None)
    return [partnership] if partnership is not None else []


class AuditedAdmin(admin.ModelAdmin):
    """Every change made here is in the audit trail of each partnership it touches."""

    def _log(self, request: HttpRequest, obj: Model, verb: str, data: dict[str, Any]) -> None:
        action = f"admin.{obj._meta.model_name}.{verb}"
        for partnership in _partnerships(obj) or [None]:
            log_action(request.user, action, obj, data, partnership=partnership)

    def save_model(self, request: HttpRequest, obj: Model, form: ModelForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
        changed = {name: str(form.cleaned_data.get(name)) for name in form.changed_data}
        self._log(request, obj, "changed" if change else "created", changed)

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        self._log(request, obj, "deleted", {})  # before the delete: afterwards its partnerships are gone
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self._log(request, obj, "deleted", {})
        super().delete_queryset(request, queryset)


admin.site.register(Organisation, AuditedAdmin, search_fields=["name", "org_id"],
                    list_display=["name", "kind", "org_id"])
admin.site.register(Person, AuditedAdmin, search_fields=["name", "email"],
                    list_display=["name", "organisation", "partnership", "seniority"], list_filter=["partnership"])
admin.site.register(Partnership, AuditedAdmin)
admin.site.register(Membership, AuditedAdmin, list_display=["partnership", "organisation", "joined", "left", "is_lead"])
admin.site.register(Capability, AuditedAdmin)
admin.site.register(Role, AuditedAdmin, list_display=["partnership", "user", "role", "organisation"])
