"""Corrections in the charter: delete a measurement, a goal or a commitment entered by mistake (undo for a
while), and withdraw a draft version nobody should sign. An agreed version is locked: it is what every partner
signed. A goal with measurements (or anything else naming it) is not deleted: delete those first, or keep the
goal. A commitment done or dropped is part of the record of promises kept: set it back to open first."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.core import undo
from accord.core.audit import log_action
from accord.core.models import AuditEntry
from accord.core.references import check_unreferenced
from accord.partners.models import Person

from .models import CharterVersion, Commitment, Goal, Measurement


@transaction.atomic
def measurement_delete(*, actor: Any, measurement: Measurement) -> AuditEntry:
    goal = measurement.goal
    if goal.source != Goal.Source.ENTERED:
        raise ValidationError(_("This goal is counted from delivery (live areas), so its figures change with "
                                "the areas' stage moves, not here."))
    snap = undo.snapshot(measurement)
    on, value = measurement.on, measurement.value
    measurement.delete()
    return log_action(actor, "charter.measurement.deleted", goal, {
        "on": on, "value": value, "label": f"the measurement of {value:g} on {on:%-d %B %Y}", "snapshot": snap},
        partnership=goal.partnership)


@transaction.atomic
def measurement_restore(*, actor: Any, entry: AuditEntry) -> Measurement:
    snap = entry.data["snapshot"]
    goal = Goal.objects.filter(pk=snap["fields"]["goal_id"], partnership_id=undo.partnership_of(entry)).first()
    if goal is None:
        raise ValidationError(_("The goal no longer exists, so the measurement cannot be put back."))
    if goal.measurements.filter(on=snap["fields"]["on"]).exists():
        raise ValidationError(_("Another measurement has been recorded on that day since; one per day."))
    m = undo.rebuild(Measurement, snap)
    log_action(actor, "charter.measurement.restored", m, {"on": m.on, "value": m.value, "undoes": entry.pk},
               partnership=goal.partnership)
    return m


def check_withdrawable(version: CharterVersion) -> None:
    if version.is_agreed:
        raise ValidationError(_("Version %(number)s was agreed by every partner, so it stays exactly as they "
                                "signed it. Write a new version to change the charter.") % {"number": version.number})
    if CharterVersion.objects.filter(partnership=version.partnership, number__gt=version.number).exists():
        raise ValidationError(_("Version %(number)s is not the latest version; only the latest draft can be "
                                "withdrawn.") % {"number": version.number})


@transaction.atomic
def version_withdraw(*, actor: Any, version: CharterVersion) -> AuditEntry:
    """Withdraw a draft version (with any sign-offs given on it): the agreed version stays in force."""
    version = CharterVersion.objects.select_for_update().get(pk=version.pk)
    check_withdrawable(version)
    signed = [s.organisation.name for s in version.signoffs.select_related("organisation")]
    number, partnership = version.number, version.partnership
    version.delete()
    return log_action(actor, "charter.version.withdrawn", partnership,
                      {"number": number, "signoffs_removed": signed, "change_note": version.change_note},
                      partnership=partnership)


# ---- goals ------------------------------------------------------------------------------------------------

def check_goal_deletable(goal: Goal) -> None:
    check_unreferenced(goal, values={"title": goal.title}, refusal=gettext_lazy(
        "The goal “%(title)s” cannot be deleted: other records still name it (%(records)s). Delete its "
        "measurements first if they were entered by mistake too; otherwise keep the goal, and change its target "
        "or date if it moved."))


@transaction.atomic
def goal_delete(*, actor: Any, goal: Goal) -> AuditEntry:
    goal = Goal.objects.select_for_update().get(pk=goal.pk)
    check_goal_deletable(goal)
    snap, partnership, title = undo.snapshot(goal), goal.partnership, goal.title
    goal.delete()
    return log_action(actor, "charter.goal.deleted", partnership, {
        "title": title, "label": f"the goal “{title}”", "snapshot": snap}, partnership=partnership)


@transaction.atomic
def goal_restore(*, actor: Any, entry: AuditEntry) -> Goal:
    goal = undo.rebuild_here(Goal, entry)
    log_action(actor, "charter.goal.restored", goal, {"title": goal.title, "undoes": entry.pk})
    return goal


# ---- commitments ------------------------------------------------------------------------------------------

def check_commitment_deletable(commitment: Commitment) -> None:
    if commitment.status != Commitment.Status.OPEN:
        raise ValidationError(_("This commitment is marked “%(status)s”, so it is part of the record of promises "
                                "kept. Set it back to open first if it was recorded by mistake.")
                              % {"status": commitment.get_status_display().lower()})
    check_unreferenced(commitment, values={"title": commitment.title}, refusal=gettext_lazy(
        "The commitment “%(title)s” cannot be deleted: other records still name it (%(records)s). Remove those "
        "first."))


@transaction.atomic
def commitment_delete(*, actor: Any, commitment: Commitment) -> AuditEntry:
    commitment = Commitment.objects.select_for_update().select_related("owner").get(pk=commitment.pk)
    check_commitment_deletable(commitment)
    snap, partnership, title = undo.snapshot(commitment), commitment.partnership, commitment.title
    commitment.delete()
    return log_action(actor, "charter.commitment.deleted", partnership, {
        "title": title, "owner": commitment.owner.name, "label": f"the commitment “{title}”", "snapshot": snap},
        partnership=partnership)


@transaction.atomic
def commitment_restore(*, actor: Any, entry: AuditEntry) -> Commitment:
    person_id = entry.data["snapshot"]["fields"].get("person_id")
    if person_id and not Person.objects.filter(pk=person_id, partnership_id=undo.partnership_of(entry)).exists():
        person_id = None
    commitment = undo.rebuild_here(Commitment, entry, person_id=person_id)
    log_action(actor, "charter.commitment.restored", commitment, {"title": commitment.title, "undoes": entry.pk})
    return commitment


def register() -> None:
    undo.register_undo("charter.measurement.deleted", measurement_restore)
    undo.register_undo("charter.goal.deleted", goal_restore)
    undo.register_undo("charter.commitment.deleted", commitment_restore)
