from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.lib.formfields import model_choice_field, use_picker
from accord.partners import selectors as partners
from accord.partners.models import Partnership

from .models import AlertRule, ChangeEvent, HealthSettings


class EventForm(forms.ModelForm):
    class Meta:
        model = ChangeEvent
        fields = ["kind", "date", "organisation", "impact", "note"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}), "note": forms.Textarea(attrs={"rows": 3})}
        labels = {"kind": _("What changed"), "organisation": _("Which partner"), "date": _("Date"), "note": _("Note")}

    def __init__(self, *args: Any, partnership: Partnership | None = None, derived: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if partnership is not None:
            model_choice_field(self, "organisation").queryset = partnership.organisations.all()
            use_picker(self, "organisation", partners.organisation_picker(partnership))
        if derived:  # a derived event follows its source: only the note and impact are editable
            for name in ("kind", "date", "organisation"):
                self.fields[name].disabled = True


class WeightsForm(forms.ModelForm):
    class Meta:
        model = HealthSettings
        fields = ["weight_trust", "weight_engagement", "weight_delivery", "weight_commitments", "weight_reciprocity",
                  "weight_stability"]
        help_texts = {f: _("0 to 100; weights are shared out in proportion.") for f in fields}


class RuleForm(forms.ModelForm):
    class Meta:
        model = AlertRule
        fields = ["threshold", "enabled"]
        labels = {"threshold": _("Threshold"), "enabled": _("Enabled")}


class AcknowledgeForm(forms.Form):
    note = forms.CharField(label=_("What you did or decided"), widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": _("Say what you did or decided, so others know why it was closed.")})


class HandoverItemForm(forms.Form):
    text = forms.CharField(label=_("Add a checklist item"), max_length=300)
