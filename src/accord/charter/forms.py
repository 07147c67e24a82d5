from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.lib.formfields import model_choice_field, use_picker
from accord.partners import selectors as partner_selectors
from accord.partners.models import Organisation, Partnership, Person

from .models import Commitment, Goal

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MD_HINT = _("Markdown: blank line between paragraphs, “- ” for a list, **bold**.")


WELSH_HINT = _("Shown to readers of Welsh, and signed with the rest; left empty, they read the English.")

class CharterForm(forms.Form):
    vision = forms.CharField(label=_("Vision"), widget=forms.Textarea(attrs={"rows": 4}), required=False, help_text=MD_HINT)
    mission = forms.CharField(label=_("Mission"), widget=forms.Textarea(attrs={"rows": 4}), help_text=MD_HINT)
    principles = forms.CharField(label=_("How we work together"), widget=forms.Textarea(attrs={"rows": 6}),
                                 required=False, help_text=MD_HINT)
    roles = forms.CharField(label=_("Each partner's role"), widget=forms.Textarea(attrs={"rows": 6}), required=False,
                            help_text=MD_HINT)
    vision_cy = forms.CharField(label=_("Vision in Welsh"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
                                help_text=WELSH_HINT)
    mission_cy = forms.CharField(label=_("Mission in Welsh"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
                                 help_text=WELSH_HINT)
    principles_cy = forms.CharField(label=_("How we work together, in Welsh"), widget=forms.Textarea(attrs={"rows": 6}),
                                    required=False, help_text=WELSH_HINT)
    roles_cy = forms.CharField(label=_("Each partner's role, in Welsh"), widget=forms.Textarea(attrs={"rows": 6}),
                               required=False, help_text=WELSH_HINT)
    change_note = forms.CharField(label=_("What changed, in a line"), max_length=300, required=False)


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["title", "metric", "unit", "baseline", "target", "target_date", "source"]
        widgets = {"target_date": DATE}
        error_messages = {"target_date": {"required": _("Give the date by which the target should be met.")}}
        labels = {"title": _("Title"), "metric": _("Metric"), "unit": _("Unit"), "baseline": _("Baseline"),
                  "target_date": _("Target date"), "source": _("Source")}


class MeasurementForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE)
    value = forms.FloatField(label=_("Value"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class CommitmentForm(forms.ModelForm):
    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # New commitments are for current members; one already recorded keeps its owner and person.
        orgs = Organisation.objects.filter(pk__in=partner_selectors.member_organisations(partnership))
        people = Person.objects.filter(partnership=partnership, organisation__in=orgs)
        if self.instance.pk:
            orgs = orgs | Organisation.objects.filter(pk=self.instance.owner_id)
            people = people | Person.objects.filter(pk=self.instance.person_id)
        model_choice_field(self, "owner").queryset = orgs.distinct()
        # each choice is labelled "name (organisation)": one query, not one per person
        model_choice_field(self, "person").queryset = people.distinct().select_related("organisation")
        use_picker(self, "owner", partner_selectors.organisation_picker(partnership))
        use_picker(self, "person", partner_selectors.person_picker(partnership))

    class Meta:
        model = Commitment
        fields = ["title", "owner", "person", "made_on", "due", "status", "done_on", "dropped_reason"]
        widgets = {"made_on": DATE, "due": DATE, "done_on": DATE}
        labels = {"done_on": _("Done on"), "person": _("Person"), "made_on": _("Made on"), "status": _("Status")}
        help_texts = {"done_on": _("When it was done (needed when the status is done)."),
                      "dropped_reason": _("Needed when the status is dropped.")}


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Commitment.Status.choices)
    done_on = forms.DateField(label=_("Done on"), widget=DATE, required=False)
    dropped_reason = forms.CharField(label=_("Why it was dropped"), max_length=300, required=False,
                                     help_text=_("Needed when the status is dropped."))
