from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.lib.formfields import model_choice_field, use_picker

from .models import Capability, Membership, Organisation, Partnership, Person
from .orgid import normalise
from .selectors import organisation_picker

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PartnershipForm(forms.ModelForm):
    class Meta:
        model = Partnership
        fields = ["name", "purpose", "start_date", "status"]
        widgets = {"start_date": DATE}
        labels = {"name": _("Name"), "purpose": _("Purpose"), "start_date": _("Start date"), "status": _("Status")}


class PartnershipEditForm(PartnershipForm):
    """The partnership's settings, with the languages of its e-mails."""

    class Meta(PartnershipForm.Meta):
        fields = [*PartnershipForm.Meta.fields, "language", "email_languages"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["email_languages"]
        field.widget = forms.RadioSelect(choices=field.widget.choices)


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https",
                              help_text=_("Such as https://example.org"))

    class Meta:
        model = Organisation
        fields = ["name", "kind", "org_id", "website", "focus"]
        widgets = {"focus": forms.Textarea(attrs={"rows": 3})}
        labels = {"name": _("Name"), "kind": _("Kind")}


class MembershipForm(forms.ModelForm):
    capabilities = forms.MultipleChoiceField(
        label=_("What they bring"), choices=Capability.Kind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    capability_detail = forms.CharField(
        label=_("In their words"), required=False, max_length=300,
        help_text=_("Optional: a line on what they bring, such as “ten years of running perpetrator programmes”."),
    )

    class Meta:
        model = Membership
        fields = ["joined", "left", "is_lead", "local_role"]
        widgets = {"joined": DATE, "left": DATE}
        labels = {"joined": _("Joined"), "left": _("Left"), "local_role": _("Local role")}

    def capability_pairs(self) -> list[tuple[str, str]]:
        detail = self.cleaned_data.get("capability_detail", "")
        return [(kind, detail) for kind in self.cleaned_data.get("capabilities", [])]


class PersonForm(forms.ModelForm):
    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "organisation").queryset = Organisation.objects.filter(memberships__partnership=partnership)
        use_picker(self, "organisation", organisation_picker(partnership))

    class Meta:
        model = Person
        fields = ["name", "organisation", "job_title", "seniority", "email", "start_date", "end_date"]
        widgets = {"start_date": DATE, "end_date": DATE}
        labels = {"name": _("Name"), "organisation": _("Organisation"), "job_title": _("Job title"),
                  "seniority": _("Seniority"), "email": _("E-mail"), "start_date": _("Start date"),
                  "end_date": _("End date")}


class NewMemberOrganisationForm(OrganisationForm):
    """When adding a member, an official identifier Accord already knows means that organisation:
    the view joins the existing one instead of refusing the identifier as taken."""

    existing: Organisation | None = None

    def _post_clean(self) -> None:
        org_id = normalise(self.cleaned_data.get("org_id", ""))
        self.existing = Organisation.objects.filter(org_id=org_id).first() if org_id else None
        if self.existing is None:
            super()._post_clean()  # type: ignore[misc]  # ModelForm's private hook, not in the stubs
