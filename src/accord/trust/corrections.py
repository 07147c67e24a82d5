"""Reopening a closed survey wave, for a wave closed by mistake or too early.

What reopening does (docs/trust.md, "Corrections"):
- the wave takes answers again until the new closing date; the links already sent work again;
- its stored results are withdrawn (deleted), so no page, export, API answer or health figure shows
  numbers that will change; they are worked out again from the answers when it closes;
- its confidentiality does not change: a named wave stays named, a confidential one stays confidential,
  and the same rules apply to the results when it closes again;
- refused while another wave is open (one at a time), and once a later wave exists, because that wave's
  "what changed" compares with this one's results.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accord.core.audit import log_action

from .models import Wave, WaveResult


@transaction.atomic
def wave_reopen(*, actor: Any, wave: Wave, closes_on: dt.date) -> Wave:
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    if wave.is_open:
        raise ValidationError("This wave is open already.")
    if closes_on is None or closes_on < timezone.localdate():
        raise ValidationError({"closes_on": "Choose a new closing date from today onwards."})
    others = Wave.objects.filter(partnership=wave.partnership).exclude(pk=wave.pk)
    open_wave = others.filter(status=Wave.Status.OPEN).first()
    if open_wave is not None:
        raise ValidationError(f"The wave “{open_wave.name}” is open. Only one wave is open at a time: close it "
                              "before reopening this one.")
    later = others.filter(Q(opens_on__gt=wave.opens_on) | Q(opens_on=wave.opens_on, pk__gt=wave.pk)).first()
    if later is not None:
        raise ValidationError(f"The later wave “{later.name}” compares its results with this one, so this wave "
                              "can no longer be reopened.")
    before = {"status": wave.status, "closes_on": wave.closes_on, "closed_at": wave.closed_at}
    had_results = WaveResult.objects.filter(wave=wave).delete()[0] > 0
    wave.status, wave.closed_at, wave.closes_on = Wave.Status.OPEN, None, closes_on
    wave.full_clean()
    wave.save(update_fields=["status", "closed_at", "closes_on"])
    log_action(actor, "trust.wave.reopened", wave, {
        "status": [before["status"], wave.status], "closes_on": [before["closes_on"], closes_on],
        "closed_at": before["closed_at"], "results_withdrawn": had_results,
        "confidentiality": wave.confidentiality})
    return wave
