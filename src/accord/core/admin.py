"""The audit trail's admin page, and `AuditedAdmin`, which every partnership-scoped admin page uses.

Django's admin saves models directly, past the services, so without `AuditedAdmin` a site
administrator's change would be missing from the trail the partnership's manager reads. It records
every save and delete in the trail of each partnership the record belongs to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext, gettext_lazy

from . import policy
from .audit import log_action
from .audit_words import action_label
from .models import AuditEntry

if TYPE_CHECKING:
    from accord.partners.models import Partnership


def partnerships_of(obj: Model, depth: int = 0) -> list[Partnership]:
    """The partnership a record belongs to, following its foreign keys (a meeting's series' partnership)."""
    if isinstance(obj, policy.records().partnership):
        return [obj]
    if depth > 3:
        return []
    for field in obj._meta.concrete_fields:
        if field.many_to_one and field.related_model is not None:
            related = getattr(obj, field.name, None)
            if related is not None and (found := partnerships_of(related, depth + 1)):
                return found
    return []


class AuditedAdmin(admin.ModelAdmin):
    """Every change made here is in the audit trail of each partnership it touches."""

    def partnerships(self, obj: Model) -> list[Partnership]:
        return partnerships_of(obj)

    def _log(self, request: HttpRequest, obj: Model, verb: str, data: dict[str, Any]) -> None:
        action = f"admin.{obj._meta.model_name}.{verb}"
        for partnership in self.partnerships(obj) or [None]:  # type: ignore[list-item]  # None: a site-wide entry
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


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["when", "who", "what", "on"]
    list_filter = ["action"]

    @admin.display(description=gettext_lazy("When"), ordering="created_at")
    def when(self, obj: AuditEntry) -> Any:
        return obj.created_at

    @admin.display(description=gettext_lazy("Who"), ordering="actor_label")
    def who(self, obj: AuditEntry) -> str:
        return obj.actor_label

    @admin.display(description=gettext_lazy("What"), ordering="action")
    def what(self, obj: AuditEntry) -> str:
        """The action's readable name in the reader's language, and its stored code."""
        return gettext("%(name)s (%(code)s)") % {"name": action_label(obj.action), "code": obj.action}

    @admin.display(description=gettext_lazy("On"))
    def on(self, obj: AuditEntry) -> str:
        return obj.object_repr

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
