from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import quarterly


class ReportForm(forms.Form):
    """The period (a quarter, or two dates) and the file format of the partnership report."""

    quarter = forms.ChoiceField(label=_("Quarter"), required=False,
                                help_text=_("Or leave this empty and give the first and last day below."))
    start = forms.CharField(label=_("First day"), required=False, help_text=_("For example 2026-07-01."),
                            widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.CharField(label=_("Last day"), required=False, help_text=_("For example 2026-09-30."),
                          widget=forms.DateInput(attrs={"type": "date"}))
    format = forms.ChoiceField(label=_("File"), widget=forms.RadioSelect, initial="pdf",
                               choices=[("pdf", _("PDF, with charts (tagged for screen readers)")),
                                        ("xlsx", _("Spreadsheet (XLSX) of the same figures"))])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", str(_("Choose dates instead")))]
        choices += [(f"{p.start.year}-Q{(p.start.month - 1) // 3 + 1}", p.label) for p in quarterly.recent_quarters()]
        field = self.fields["quarter"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices
        field.initial = choices[1][0]

    def clean_quarter(self) -> str:
        return str(self.cleaned_data.get("quarter") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            data["period"] = quarterly.parse_period(quarter_text=data.get("quarter", ""), start=data.get("start", ""),
                                                    end=data.get("end", ""))
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        return data
