"""Writes to partnerships, organisations, people and roles: atomic, validated and audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accord.core import policy, registry, undo
from accord.core.audit import changes, log_action
from accord.core.models import AuditEntry

from . import selectors
from .models import Capability, Membership, Organisation, Partnership, Person, Role

PERSON_FIELDS = ["name", "job_title", "seniority", "email", "start_date", "end_date", "organisation_id"]
ORGANISATION_FIELDS = ["name", "kind", "org_id", "website", "focus"]
MEMBERSHIP_FIELDS = ["joined", "left", "is_lead", "local_role"]


def _save(obj: Any) -> None:
    obj.full_clean()
    obj.save()


@transaction.atomic
def partnership_create(*, actor: Any, name: str, purpose: str, start_date: dt.date, status: str = "active") -> Partnership:
    """Whoever creates a partnership becomes its first manager (ACCORD_WHO_MAY_START_PARTNERSHIPS says who may)."""
    if not policy.may_start_partnership(actor):
        raise PermissionDenied(_("Only a site administrator can start a partnership here."))
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
               changes(before, partnership, ["name", "purpose", "start_date", "status", "language", "email_languages"]))
    return partnership


@transaction.atomic
def organisation_save(*, actor: Any, organisation: Organisation, partnership: Partnership) -> Organisation:
    """An organisation's name, type, official identifier, website and focus are shared by every partnership
    it belongs to, so one partnership may not change them under another: once the organisation is also a
    referred to by another partnership in any way (a member, a funder, a role's or a person's organisation:
    `selectors.partnerships_referring_to`) only a site administrator can, and the change is then in each
    partnership's trail."""
    before = Organisation.objects.filter(pk=organisation.pk).first() if organisation.pk else None
    diff = changes(before, organisation, ORGANISATION_FIELDS)
    if before is not None and not diff:
        return organisation
    elsewhere = list(selectors.partnerships_referring_to(organisation).exclude(pk=partnership.pk)
                     .order_by("pk")) if before else []
    if elsewhere and not getattr(actor, "is_superuser", False):
        raise ValidationError(_(
            "%(organisation)s is also used by another partnership, which shares its name, type, official identifier, "
            "website and focus. Only a site administrator can change them; ask one, or leave them as they are.")
            % {"organisation": before})
    _save(organisation)
    for each in [partnership, *elsewhere]:
        log_action(actor, "partners.organisation.changed" if before else "partners.organisation.created",
                   organisation, diff, partnership=each)
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
    capabilities: Sequence[tuple[str, str]] = (),
) -> Membership:
    if organisation.pk is None:
        organisation_save(actor=actor, organisation=organisation, partnership=partnership)
    if Membership.objects.filter(partnership=partnership, organisation=organisation).exists():
        raise ValidationError(_("%(organisation)s is already a member of %(partnership)s. Edit that membership instead.")
                              % {"organisation": organisation, "partnership": partnership})
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
    had = sorted(membership.capabilities.values_list("kind", "detail"))
    for key, value in fields.items():
        setattr(membership, key, value)
    _save(membership)
    diff = changes(before, membership, MEMBERSHIP_FIELDS)
    if capabilities is not None:
        membership.capabilities.all().delete()
        for kind, detail in capabilities:
            _save(Capability(membership=membership, kind=kind, detail=detail))
        if sorted(capabilities) != had:  # what a partner brings is seen by the partnership: in its trail too
            diff["capabilities"] = [[list(c) for c in had], [list(c) for c in sorted(capabilities)]]
    log_action(actor, "partners.membership.changed", membership, diff)
    return membership


@transaction.atomic
def member_save(*, actor: Any, organisation: Organisation, membership: Membership,
                capabilities: list[tuple[str, str]] | None = None) -> Membership:
    """Edit a member: its organisation's shared facts and its membership, together or not at all (a
    refusal of the membership leaves the organisation as it was)."""
    organisation_save(actor=actor, organisation=organisation, partnership=membership.partnership)
    return membership_update(actor=actor, membership=membership, capabilities=capabilities)


@transaction.atomic
def person_save(*, actor: Any, person: Person, partnership: Partnership) -> Person:
    """Add or change a person as `partnership` records them: a Person belongs to one partnership only."""
    if person.partnership_id is None:
        person.partnership = partnership
    if person.partnership_id != partnership.pk:
        raise ValidationError(_("This person is not recorded in this partnership."))
    before = Person.objects.filter(pk=person.pk, partnership=partnership).first() if person.pk else None
    if person.pk and before is None:
        raise ValidationError(_("This person is not recorded in this partnership."))
    _save(person)
    log_action(actor, "partners.person.changed" if before else "partners.person.added", person,
               changes(before, person, PERSON_FIELDS), partnership=partnership)
    registry.person_changed(person)  # health: a leader's arrival or departure, and its handover
    return person


@transaction.atomic
def role_set(*, actor: Any, partnership: Partnership, user: Any, role: str,
             organisation: Organisation | None = None) -> Role:
    if role not in dict(Role.CHOICES):
        raise ValidationError(_("“%(role)s” is not a role. Choose manager, leader, staff or funder.") % {"role": role})
    if organisation is not None and role != Role.FUNDER and not partnership.memberships.filter(
        organisation=organisation
    ).exists():
        raise ValidationError(_("%(organisation)s is not a member of %(partnership)s.")
                              % {"organisation": organisation, "partnership": partnership})
    existing = Role.objects.filter(partnership=partnership, user=user).first()
    if existing and existing.role == Role.MANAGER and role != Role.MANAGER:
        _keep_a_manager(partnership, leaving=existing)
    try:
        obj, created = Role.objects.update_or_create(
            partnership=partnership, user=user, defaults={"role": role, "organisation": organisation}
        )
    except IntegrityError as exc:  # a concurrent request made the same role
        raise ValidationError(_("That role was changed at the same moment by someone else; try again.")) from exc
    policy.forget(user)
    log_action(actor, "partners.role.set", obj, {"user": user.email, "role": role,
                                                "was": existing.role if existing else None})
    return obj


@transaction.atomic
def role_remove(*, actor: Any, role: Role) -> AuditEntry:
    """Remove a user's role; the entry keeps what Undo needs (partners/corrections.py)."""
    if role.role == Role.MANAGER:
        _keep_a_manager(role.partnership, leaving=role)
    entry = log_action(actor, "partners.role.removed", role, {
        "user": role.user.email, "role": role.role, "snapshot": undo.snapshot(role),
        "label": f"{role.user}'s access as {role.get_role_display().lower()}"})
    role.delete()
    policy.forget(role.user)
    return entry


def _keep_a_manager(partnership: Partnership, *, leaving: Role) -> None:
    if not partnership.roles.filter(role=Role.MANAGER).exclude(pk=leaving.pk).exists():
        raise ValidationError(_("A partnership needs at least one manager. Make someone else manager first."))
