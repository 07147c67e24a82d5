"""Writes to partnerships, organisations, people and roles: atomic, validated and audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accord.core import policy
from accord.core.audit import changes, log_action

from .models import Capability, Membership, Organisation, Partnership, Person, Role

PERSON_FIELDS = ["name", "job_title", "seniority", "email", "start_date", "end_date", "organisation_id"]
MEMBERSHIP_FIELDS = ["joined", "left", "is_lead", "local_role"]


def _save(obj: Any) -> None:
    obj.full_clean()
    obj.save()


@transaction.atomic
def partnership_create(*, actor: Any, name: str, purpose: str, start_date: dt.date, status: str = "active") -> Partnership:
    """Whoever creates a partnership becomes its first manager."""
    partnership = Partnership(name=name, purpose=purpose, start_date=start_date, status=status)
    _save(partnership)
    Role.objects.create(partnership=partnership, user=actor, role=Role.MANAGER)
    policy.forget(actor)
    log_action(actor, "partners.partnership.created", partnership)
    return partnership


@transaction.atomic
def partnership_update(*, actor: Any, partnership: Partnership, **fields: Any) -> Partnership:
    before = Partnership.objects.get(pk=partnership.pk)
    for key, value in fields.items():
        setattr(partnership, key, value)
    _save(partnership)
    log_action(actor, "partners.partnership.changed", partnership,
               changes(before, partnership, ["name", "purpose", "start_date", "status"]))
    return partnership


@transaction.atomic
def organisation_save(*, actor: Any, organisation: Organisation, partnership: Partnership | None = None) -> Organisation:
    before = Organisation.objects.filter(pk=organisation.pk).first() if organisation.pk else None
    _save(organisation)
    log_action(actor, "partners.organisation.changed" if before else "partners.organisation.created", organisation,
               changes(before, organisation, ["name", "kind", "org_id", "website", "focus"]), partnership=partnership)
    return organisation


@transaction.atomic
def membership_add(
    *,
    actor: Any,
    partnership: Partnership,
    organisation: Organisation,
    joined: dt.date,
    left: dt.date | None = None,
    is_lead: bool = False,
    local_role: str = "",
    capabilities: list[tuple[str, str]] = (),  # type: ignore[assignment]
) -> Membership:
    if organisation.pk is None:
        organisation_save(actor=actor, organisation=organisation, partnership=partnership)
    if Membership.objects.filter(partnership=partnership, organisation=organisation).exists():
        raise ValidationError(f"{organisation} is already a member of {partnership}. Edit that membership instead.")
    membership = Membership(
        partnership=partnership, organisation=organisation, joined=joined, left=left, is_lead=is_lead,
        local_role=local_role,
    )
    _save(membership)
    for kind, detail in capabilities:
        _save(Capability(membership=membership, kind=kind, detail=detail))
    log_action(actor, "partners.membership.added", membership,
               {"organisation": organisation.name, "joined": joined, "left": left, "lead": is_lead})
    return membership


@transaction.atomic
def membership_update(*, actor: Any, membership: Membership, capabilities: list[tuple[str, str]] | None = None,
                      **fields: Any) -> Membership:
    before = Membership.objects.get(pk=membership.pk)
    for key, value in fields.items():
        setattr(membership, key, value)
    _save(membership)
    if capabilities is not None:
        membership.capabilities.all().delete()
        for kind, detail in capabilities:
            _save(Capability(membership=membership, kind=kind, detail=detail))
    log_action(actor, "partners.membership.changed", membership, changes(before, membership, MEMBERSHIP_FIELDS))
    return membership


@transaction.atomic
def person_save(*, actor: Any, person: Person, partnership: Partnership | None = None) -> Person:
    before = Person.objects.filter(pk=person.pk).first() if person.pk else None
    _save(person)
    log_action(actor, "partners.person.changed" if before else "partners.person.added", person,
               changes(before, person, PERSON_FIELDS), partnership=partnership)
    return person


@transaction.atomic
def role_set(*, actor: Any, partnership: Partnership, user: Any, role: str,
             organisation: Organisation | None = None) -> Role:
    if role not in dict(Role.CHOICES):
        raise ValidationError(f"“{role}” is not a role. Choose manager, leader, staff or funder.")
    if organisation is not None and role != Role.FUNDER and not partnership.memberships.filter(
        organisation=organisation
    ).exists():
        raise ValidationError(f"{organisation} is not a member of {partnership}.")
    existing = Role.objects.filter(partnership=partnership, user=user).first()
    if existing and existing.role == Role.MANAGER and role != Role.MANAGER:
        _keep_a_manager(partnership, leaving=existing)
    try:
        obj, created = Role.objects.update_or_create(
            partnership=partnership, user=user, defaults={"role": role, "organisation": organisation}
        )
    except IntegrityError as exc:  # a concurrent request made the same role
        raise ValidationError("That role was changed at the same moment by someone else; try again.") from exc
    policy.forget(user)
    log_action(actor, "partners.role.set", obj, {"user": user.email, "role": role,
                                                "was": existing.role if existing else None})
    return obj


@transaction.atomic
def role_remove(*, actor: Any, role: Role) -> None:
    if role.role == Role.MANAGER:
        _keep_a_manager(role.partnership, leaving=role)
    log_action(actor, "partners.role.removed", role, {"user": role.user.email, "role": role.role})
    role.delete()
    policy.forget(role.user)


def _keep_a_manager(partnership: Partnership, *, leaving: Role) -> None:
    if not partnership.roles.filter(role=Role.MANAGER).exclude(pk=leaving.pk).exists():
        raise ValidationError("A partnership needs at least one manager. Make someone else manager first.")
