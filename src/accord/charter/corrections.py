"""Corrections in the charter: delete a measurement entered by mistake (undo for a while), and withdraw
a draft version nobody should sign. An agreed version is locked: it is what every partner signed."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from accord.core import undo
from accord.core.audit import log_action
from accord.core.models import AuditEntry

from .models import CharterVersion, Goal, Measurement


@transaction.atomic
def measurement_delete(*, actor: Any, measurement: Measurement) -> AuditEntry:
    goal = measurement.goal
    if goal.source != Goal.Source.ENTERED:
        raise ValidationError("This goal is counted from delivery (live areas), so its figures change with the "
                              "areas' stage moves, not here.")
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
        raise ValidationError("The goal no longer exists, so the measurement cannot be put back.")
    if goal.measurements.filter(on=snap["fields"]["on"]).exists():
        raise ValidationError("Another measurement has been recorded on that day since; one per day.")
    m = undo.rebuild(Measurement, snap)
    log_action(actor, "charter.measurement.restored", m, {"on": m.on, "value": m.value, "undoes": entry.pk},
               partnership=goal.partnership)
    return m


def check_withdrawable(version: CharterVersion) -> None:
    if version.is_agreed:
        raise ValidationError(f"Version {version.number} was agreed by every partner, so it stays exactly as they "
                              "signed it. Write a new version to change the charter.")
    if CharterVersion.objects.filter(partnership=version.partnership, number__gt=version.number).exists():
        raise ValidationError(f"Version {version.number} is not the latest version; only the latest draft can be "
                              "withdrawn.")


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


def register() -> None:
    undo.register_undo("charter.measurement.deleted", measurement_restore)
