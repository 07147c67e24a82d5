"""The site administrators' pages for partners' records, audited (core.admin.AuditedAdmin); a change to
an Organisation is in the trail of every partnership that refers to it, since its facts are shared."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest

from accord.core import registry
from accord.core.admin import AuditedAdmin, partnerships_of

from . import selectors
from .models import Capability, Membership, Organisation, Partnership, Person, Role


class OrganisationAdmin(AuditedAdmin):
    search_fields = ["name", "org_id"]
    list_display = ["name", "kind", "org_id"]

    def partnerships(self, obj: Model) -> list[Partnership]:
        assert isinstance(obj, Organisation)
        return list(selectors.partnerships_referring_to(obj).order_by("pk")) or partnerships_of(obj)


admin.site.register(Organisation, OrganisationAdmin)
class PersonAdmin(AuditedAdmin):
    search_fields = ["name", "email"]
    list_display = ["name", "organisation", "partnership", "seniority"]
    list_filter = ["partnership"]

    def save_model(self, request: HttpRequest, obj: Model, form: ModelForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
        registry.person_changed(obj)  # as partners.services.person_save does: leader events, handovers


admin.site.register(Person, PersonAdmin)
admin.site.register(Partnership, AuditedAdmin)
admin.site.register(Membership, AuditedAdmin, list_display=["partnership", "organisation", "joined", "left", "is_lead"])
admin.site.register(Capability, AuditedAdmin)
admin.site.register(Role, AuditedAdmin, list_display=["partnership", "user", "role", "organisation"])
