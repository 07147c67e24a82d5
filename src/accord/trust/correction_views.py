"""Pages that correct a survey wave: confirm closing it, reopen one closed by mistake, withdraw an invitation
sent to the wrong person."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.core import policy, undo
from accord.core.confirm import confirm_page
from accord.lib.formerrors import apply_errors

from . import corrections
from .models import Wave


def _wave(access: policy.Access, wave_pk: int) -> Wave:
    wave = access.partnership.trust_waves.filter(pk=wave_pk).first()
    if wave is None:
        raise Http404("Not found")
    return wave


def close_confirm(request: HttpRequest, access: Any, wave: Wave) -> HttpResponse:
    """The confirmation page before a wave is closed (trust:wave-close on GET)."""
    lines = [_("Nobody can answer or change their answers after this; the links sent stop working."),
             _("The results are worked out from the answers given so far and shown at once.")]
    if wave.is_confidential:
        lines.append(_("This survey is confidential: only totals for the whole partnership are shown."))
    return confirm_page(
        request, access=access, section="trust", title=_("Close “%(wave)s” now?") % {"wave": wave.name},
        refusal="" if wave.is_open else _("This wave is already closed."), consequences=lines,
        reversible=_("If you close it by mistake you can reopen it, until a later wave is opened."),
        button=_("Close the survey"), cancel_url=wave.get_absolute_url())


class ReopenForm(forms.Form):
    closes_on = forms.DateField(label=gettext_lazy("Take answers until"), widget=forms.DateInput(attrs={"type": "date"}),
                                help_text=gettext_lazy("The last day people can answer."))


@login_required
def wave_reopen(request: HttpRequest, pk: int, wave_pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    wave = _wave(access, wave_pk)
    form = ReopenForm(request.POST or None,
                      initial={"closes_on": max(wave.closes_on, timezone.localdate() + dt.timedelta(days=7))})
    if request.method == "POST" and form.is_valid():
        try:
            corrections.wave_reopen(actor=request.user, wave=wave, closes_on=form.cleaned_data["closes_on"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("“%(wave)s” is open again; its results are withdrawn until it closes.")
                             % {"wave": wave.name})
            return redirect(wave)
    if wave.is_confidential:
        intro = _("People can answer again until the date you choose, with the links they already have. Its "
                  "results are withdrawn now and worked out again when it closes. It stays confidential.")
    else:
        intro = _("People can answer again until the date you choose, with the links they already have. Its "
                  "results are withdrawn now and worked out again when it closes. It stays named.")
    return render(request, "core/form.html", {
        "access": access, "section": "trust", "form": form, "title": _("Reopen “%(wave)s”") % {"wave": wave.name},
        "submit": _("Reopen the survey"), "cancel_url": wave.get_absolute_url(), "intro": intro})


class WithdrawForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail address the invitation went to"))


@login_required
def invitation_withdraw(request: HttpRequest, pk: int, wave_pk: int) -> HttpResponse:
    """Ask for the address, then confirm (the same page whether or not its person answered), then withdraw."""
    access = policy.get_partnership(request.user, pk, need="edit")
    wave = _wave(access, wave_pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            if request.POST.get("confirmed"):
                entry = corrections.invitation_withdraw(actor=request.user, wave=wave, email=email)
                undo.offer(request, entry, _("The invitation to %(email)s is withdrawn; its link no longer works.")
                           % {"email": email})
                return redirect(wave)
            corrections.invitation_to_withdraw(wave, email)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            lines = [_("The link sent to %(email)s stops working at once, and no reminder is sent to it.")
                     % {"email": email},
                     _("Answers not yet given through it will never be counted; any already given stay, as every "
                       "answer does. This page does not say whether they answered.")]
            if wave.is_confidential:
                lines.append(_("This survey is confidential, so the counts of who took part do not change: "
                               "withdrawing says nothing about whether they had answered."))
            return confirm_page(request, access=access, section="trust",
                                title=_("Withdraw the invitation to %(email)s?") % {"email": email},
                                consequences=lines, button=_("Withdraw the invitation"),
                                cancel_url=wave.get_absolute_url(),
                                reversible=_("You can undo this for a few minutes afterwards, from the message at "
                                             "the top of the page."), fields=[("email", email), ("confirmed", "1")])
    return render(request, "core/form.html", {
        "access": access, "section": "trust", "form": form, "title": _("Withdraw an invitation to “%(wave)s”") % {"wave": wave.name},
        "submit": _("Continue"), "cancel_url": wave.get_absolute_url(),
        "intro": _("For an invitation sent to the wrong person: its link stops working. You are asked to confirm "
                   "on the next page.")})
