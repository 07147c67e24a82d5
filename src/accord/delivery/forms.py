from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.lib.formfields import model_choice_field, use_picker
from accord.partners import selectors as partners
from accord.partners.models import Organisation, Partnership

from .models import Ambition, Area, FundingStream, Stage

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AreaForm(forms.ModelForm):
    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "local_partners").queryset = Organisation.objects.filter(
            memberships__partnership=partnership).exclude(memberships__local_role="").distinct()
        self.fields["local_partners"].required = False
        use_picker(self, "local_partners", partners.organisation_picker(partnership))

    class Meta:
        model = Area
        fields = ["name", "ons_code", "local_partners"]
        widgets = {"local_partners": forms.CheckboxSelectMultiple}
        labels = {"name": _("Name"), "local_partners": _("Local partners")}


class MoveForm(forms.Form):
    stage = forms.ChoiceField(choices=Stage.choices, label=_("Move to stage"))
    on = forms.DateField(label=_("Date of the move"), widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class AmbitionForm(forms.ModelForm):
    class Meta:
        model = Ambition
        fields = ["target_live", "start_date", "target_date"]
        widgets = {"start_date": DATE, "target_date": DATE}


class FundingForm(forms.ModelForm):
    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from .selectors import funder_choices

        model_choice_field(self, "funder").queryset = funder_choices(partnership)
        model_choice_field(self, "partners").queryset = Organisation.objects.filter(memberships__partnership=partnership)
        model_choice_field(self, "areas").queryset = partnership.areas.all()
        self.fields["partners"].required = self.fields["areas"].required = False
        use_picker(self, "funder", partners.organisation_picker(partnership))
        use_picker(self, "partners", partners.organisation_picker(partnership))

    class Meta:
        model = FundingStream
        fields = ["title", "funder", "amount", "currency", "start", "end", "partners", "areas", "restricted"]
        widgets = {"start": DATE, "end": DATE, "partners": forms.CheckboxSelectMultiple,
                   "areas": forms.CheckboxSelectMultiple}
        labels = {"title": _("Title"), "funder": _("Funder"), "amount": _("Amount"), "currency": _("Currency"),
                  "partners": _("Partners"), "areas": _("Areas")}


class ImportForm(forms.Form):
    file = forms.FileField(label=_("360Giving JSON file"),
                           help_text=_("A grants file in the 360Giving JSON format."))
