"""Reopening a closed survey wave, for a wave closed by mistake or too early; withdrawing an invitation sent to
the wrong person (undone for a while).

Withdrawing an invitation: its link stops working at once and no reminder is sent; answers not yet given
through it are never counted, and those already given stay as every answer does. It behaves the same whether or
not its person had answered (same page, same message, same audit entry), and in a confidential wave no count of
who took part changes (the withdrawn invitation is still counted as invited), so withdrawing one reveals
nothing about who answered.

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

from accord.core import undo
from accord.core.audit import log_action
from accord.core.models import AuditEntry

from .models import Invitation, Wave, WaveResult


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


def invitation_to_withdraw(wave: Wave, email: str) -> Invitation:
    """The wave's invitation to `email`, or a refusal saying why it cannot be withdrawn (never whether its
    person had answered)."""
    invitation = wave.invitations.filter(email__iexact=(email or "").strip()).first()
    if invitation is None:
        raise ValidationError({"email": f"Nobody was invited to “{wave.name}” at this address."})
    if invitation.withdrawn_at is not None:
        raise ValidationError(f"The invitation to {invitation.email} was withdrawn already.")
    if not wave.is_open:
        raise ValidationError(f"“{wave.name}” has closed, so its links no longer work already.")
    return invitation


@transaction.atomic
def invitation_withdraw(*, actor: Any, wave: Wave, email: str) -> AuditEntry:
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    invitation = invitation_to_withdraw(wave, email)
    invitation.withdrawn_at = timezone.now()
    invitation.save(update_fields=["withdrawn_at"])
    return log_action(actor, "trust.invitation.withdrawn", wave, {
        "email": invitation.email, "organisation": invitation.organisation.name, "invitation": invitation.pk,
        "label": f"the invitation to {invitation.email}"})


@transaction.atomic
def invitation_restore(*, actor: Any, entry: AuditEntry) -> Invitation:
    invitation = Invitation.objects.select_related("wave").filter(
        pk=entry.data["invitation"], wave__partnership_id=undo.partnership_of(entry)).first()
    if invitation is None or invitation.withdrawn_at is None:
        raise ValidationError("This invitation is no longer withdrawn, or no longer exists.")
    if not invitation.wave.is_open:
        raise ValidationError(f"“{invitation.wave.name}” has closed since, so its links no longer work.")
    invitation.withdrawn_at = None
    invitation.save(update_fields=["withdrawn_at"])
    log_action(actor, "trust.invitation.restored", invitation.wave, {"email": invitation.email, "undoes": entry.pk})
    return invitation


def register() -> None:
    undo.register_undo("trust.invitation.withdrawn", invitation_restore)
