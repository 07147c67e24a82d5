"""Pages that correct a survey wave: confirm closing it, and reopen one closed by mistake."""

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

from accord.core import policy
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
    lines = ["Nobody can answer or change their answers after this; the links sent stop working.",
             "The results are worked out from the answers given so far and shown at once."]
    if wave.is_confidential:
        lines.append("This survey is confidential: only totals for the whole partnership are shown.")
    return confirm_page(
        request, access=access, section="trust", title=f"Close “{wave.name}” now?",
        refusal="" if wave.is_open else "This wave is already closed.", consequences=lines,
        reversible="If you close it by mistake you can reopen it, until a later wave is opened.",
        button="Close the survey", cancel_url=wave.get_absolute_url())


class ReopenForm(forms.Form):
    closes_on = forms.DateField(label="Take answers until", widget=forms.DateInput(attrs={"type": "date"}),
                                help_text="The last day people can answer.")


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
            messages.success(request, f"“{wave.name}” is open again; its results are withdrawn until it closes.")
            return redirect(wave)
    kind = "confidential" if wave.is_confidential else "named"
    return render(request, "core/form.html", {
        "access": access, "section": "trust", "form": form, "title": f"Reopen “{wave.name}”",
        "submit": "Reopen the survey", "cancel_url": wave.get_absolute_url(),
        "intro": f"People can answer again until the date you choose, with the links they already have. Its results "
                 f"are withdrawn now and worked out again when it closes. It stays {kind}."})
