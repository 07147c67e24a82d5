"""Forms for opening a wave, answering a survey page, and uploading a CSV file."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import questions
from .models import Wave
from .services import INVITE_CHOICES


class WaveForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name of this survey"), max_length=120,
                           help_text=gettext_lazy("For example “Spring 2026”. Respondents see it."))
    name_cy = forms.CharField(label=gettext_lazy("Name in Welsh"), max_length=120, required=False,
                              help_text=gettext_lazy("Shown to people who answer in Welsh; leave empty to show the English."))
    introduction = forms.CharField(label=gettext_lazy("Introduction"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                   help_text=gettext_lazy("A few words at the top of the survey and in its invitation."))
    introduction_cy = forms.CharField(label=gettext_lazy("Introduction in Welsh"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 3}))
    closes_on = forms.DateField(label=gettext_lazy("Closing date"), widget=forms.DateInput(attrs={"type": "date"}),
                                help_text=gettext_lazy("The last day people can answer. Results appear when you close the survey."))
    instruments = forms.MultipleChoiceField(
        label=gettext_lazy("Questionnaires"), widget=forms.CheckboxSelectMultiple,
        choices=[("relationships", gettext_lazy("Trust and value between partners (about each other partner)")),
                 ("factors", gettext_lazy("Collaboration factors (about the partnership as a whole)"))],
        initial=["relationships", "factors"])
    confidentiality = forms.ChoiceField(
        label=gettext_lazy("Who sees the results"), widget=forms.RadioSelect, choices=Wave.Confidentiality.choices,
        initial=Wave.Confidentiality.NAMED,
        help_text=gettext_lazy("Respondents are told this before they answer. Confidential results are shown only "
                                "when enough organisations answer."))
    invite = forms.ChoiceField(label=gettext_lazy("Who to invite"), choices=INVITE_CHOICES, initial="leaders_managers",
                               help_text=gettext_lazy("Each person gets a personal link by e-mail."))

    def clean_closes_on(self) -> dt.date:
        value = self.cleaned_data["closes_on"]
        if value < dt.date.today():
            raise forms.ValidationError(_("The closing date has passed. Choose today or a later day."))
        return value


def score_choices() -> list[tuple[str, str]]:
    """The answers to a trust or value question, in the language of the page."""
    return [(str(v), _(label)) for v, label in questions.SCALE] + [("dk", _(questions.DONT_KNOW))]


class PartnerAnswersForm(forms.Form):
    """One page of the survey: everything about one partner. Every question may be left out."""

    def __init__(self, *args: Any, org_name: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact"] = forms.ChoiceField(
            label=_(questions.CONTACT_QUESTION).format(org=org_name), required=False, widget=forms.RadioSelect,
            choices=[(str(v), _(label)) for v, label in questions.CONTACT_CHOICES])
        for code, _label, kind, text in questions.DIMENSIONS:
            self.fields[code] = forms.ChoiceField(label=_(text).format(org=org_name), required=False,
                                                  widget=forms.RadioSelect, choices=score_choices())
            self.fields[code].group = kind  # type: ignore[attr-defined]  # read by the template to group questions

    def trust_fields(self) -> list:
        return [self[c] for c, _, kind, _ in questions.DIMENSIONS if kind == "trust"]

    def value_fields(self) -> list:
        return [self[c] for c, _, kind, _ in questions.DIMENSIONS if kind == "value"]


def agree_choices() -> list[tuple[str, str]]:
    """The answers to a collaboration-factor statement, in the language of the page."""
    return [(str(v), _(label)) for v, label in questions.AGREEMENT] + [("dk", _(questions.DONT_KNOW))]


class FactorAnswersForm(forms.Form):
    def __init__(self, *args: Any, items: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = agree_choices()
        for item in items:
            # the statement's own words are stored; gettext finds their translation (questions.FACTORS)
            self.fields[item.code] = forms.ChoiceField(label=_(item.text), required=False, widget=forms.RadioSelect,
                                                       choices=choices)


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV file"),
                           help_text=gettext_lazy("Use the template: one row per respondent and partner."))
