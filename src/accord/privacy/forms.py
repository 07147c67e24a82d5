from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class AccessForm(forms.Form):
    email = forms.CharField(label=_("Their e-mail address"), max_length=254,
                            help_text=_("The address they gave you, or the one they sign in with."))


class EraseForm(forms.Form):
    email = forms.CharField(label=_("Their e-mail address"), max_length=254)
    reason = forms.CharField(label=_("Why"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("For example “asked us to erase their data on 3 May”. Their name and "
                                       "address are taken out of what you write."))
    confirm = forms.BooleanField(label=_("I understand this cannot be undone"), required=True,
                                 error_messages={"required": _("Tick the box to confirm.")})


class CloseForm(forms.Form):
    reason = forms.CharField(label=_("Why you are leaving (optional)"), max_length=500, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))
    confirm = forms.BooleanField(label=_("Close my account and erase my data; this cannot be undone"), required=True,
                                 error_messages={"required": _("Tick the box to confirm.")})
