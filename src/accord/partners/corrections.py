"""Corrections in partners: removing someone's access asks first (partners/correction_views.py) and can be
undone for a while by the manager who did it; their role comes back exactly as it was.

A person or a membership entered by mistake can be deleted while nothing else names it (core/references.py
says what still does); otherwise the right correction is to end it (a person's end date, the date an
organisation left), which keeps the history true. Both deletes can be undone for a while."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.core import policy, registry, undo
from accord.core.audit import log_action
from accord.core.models import AuditEntry
from accord.core.references import check_unreferenced

from . import services
from .models import Capability, Membership, Person, Role


@transaction.atomic
def role_restore(*, actor: Any, entry: AuditEntry) -> Role:
    snap = entry.data["snapshot"]
    if snap["fields"]["partnership_id"] != entry.partnership_id:
        raise ValidationError(_("This role belongs to another partnership."))
    if Role.objects.filter(partnership_id=undo.partnership_of(entry), user_id=snap["fields"]["user_id"]).exists():
        raise ValidationError(_("They have been given a role in this partnership since; change that role instead."))
    role = undo.rebuild(Role, snap)
    policy.forget(role.user)
    log_action(actor, "partners.role.restored", role, {"user": role.user.email, "role": role.role,
                                                       "undoes": entry.pk})
    return role


# ---- people ------------------------------------------------------------------------------------------

def check_person_deletable(person: Person) -> None:
    check_unreferenced(person, values={"name": person.name}, refusal=gettext_lazy(
        "%(name)s cannot be deleted: other records still name them (%(records)s). If %(name)s has moved on, give "
        "an end date on their page instead: the record of what they did stays true."))


@transaction.atomic
def person_end(*, actor: Any, person: Person, end_date: dt.date) -> Person:
    """Someone moved on: their time in post ends on `end_date` (what they did stays theirs; a senior leader's
    leaving is followed up as any edit is: health's leader event and handover)."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.end_date is not None:
        raise ValidationError(_("%(name)s already left on %(on)s. Edit them to change the date.") % {
            "name": person.name, "on": date_format(person.end_date, "j F Y")})
    if end_date < person.start_date:
        raise ValidationError({"end_date": _("%(name)s started on %(on)s; choose a date on or after that.") % {
            "name": person.name, "on": date_format(person.start_date, "j F Y")}})
    person.end_date = end_date
    return services.person_save(actor=actor, person=person, partnership=person.partnership)


@transaction.atomic
def person_delete(*, actor: Any, person: Person) -> AuditEntry:
    """Delete a person entered by mistake (nothing names them yet; their expected place at meetings still to
    come goes with them)."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    check_person_deletable(person)
    snap, partnership, name = undo.snapshot(person), person.partnership, person.name
    person.delete()
    return log_action(actor, "partners.person.deleted", partnership, {
        "person": name, "organisation": person.organisation.name, "label": name, "snapshot": snap},
        partnership=partnership)


@transaction.atomic
def person_restore(*, actor: Any, entry: AuditEntry) -> Person:
    person = undo.rebuild_here(Person, entry)
    log_action(actor, "partners.person.restored", person, {"person": person.name, "undoes": entry.pk},
               partnership=person.partnership)
    registry.person_changed(person)
    return person


# ---- memberships -------------------------------------------------------------------------------------

@transaction.atomic
def membership_end(*, actor: Any, membership: Membership, left: dt.date) -> Membership:
    """An organisation leaves the partnership on `left`: its history stays, it is no longer a current member."""
    membership = Membership.objects.select_for_update().select_related("organisation").get(pk=membership.pk)
    if membership.left is not None:
        raise ValidationError(_("%(organisation)s already left on %(on)s. Edit the membership to change the "
                                "date.") % {"organisation": membership.organisation,
                                            "on": date_format(membership.left, "j F Y")})
    if left < membership.joined:
        raise ValidationError({"left": _("%(organisation)s joined on %(on)s; choose a date on or after that.") % {
            "organisation": membership.organisation, "on": date_format(membership.joined, "j F Y")}})
    membership.left = left
    membership.full_clean()
    membership.save()
    log_action(actor, "partners.membership.ended", membership,
               {"organisation": membership.organisation.name, "left": [None, left]})
    return membership


def check_membership_deletable(membership: Membership) -> None:
    """Deleting a membership is for one entered by mistake: refused while anything of this partnership names
    the organisation (its people, roles, actions, positions, signatures...). Another partnership's records
    are neither counted nor named."""
    org, partnership = membership.organisation, membership.partnership
    check_unreferenced(org, values={"organisation": str(org)}, partnership=partnership,
                       skip={"partners.membership", "partners.capability", "partners.partnership"},
                       refusal=gettext_lazy(
                           "%(organisation)s's membership cannot be deleted: other records still name it "
                           "(%(records)s). If %(organisation)s has left the partnership, end its membership "
                           "instead: what it did while a member stays in the record."))


@transaction.atomic
def membership_delete(*, actor: Any, membership: Membership) -> AuditEntry:
    membership = Membership.objects.select_for_update().select_related("organisation", "partnership").get(
        pk=membership.pk)
    check_membership_deletable(membership)
    snap = undo.snapshot(membership, capabilities=[undo.snapshot(c) for c in membership.capabilities.all()])
    partnership, org = membership.partnership, membership.organisation
    membership.delete()
    return log_action(actor, "partners.membership.deleted", partnership, {
        "organisation": org.name, "label": f"{org}'s membership", "snapshot": snap}, partnership=partnership)


@transaction.atomic
def membership_restore(*, actor: Any, entry: AuditEntry) -> Membership:
    snap = entry.data["snapshot"]
    if Membership.objects.filter(partnership_id=undo.partnership_of(entry),
                                 organisation_id=snap["fields"]["organisation_id"]).exists():
        raise ValidationError(_("The organisation has been added as a member again since; edit that membership."))
    membership = undo.rebuild_here(Membership, entry)
    for capability in snap.get("capabilities", []):
        undo.rebuild(Capability, capability)
    log_action(actor, "partners.membership.restored", membership,
               {"organisation": membership.organisation.name, "undoes": entry.pk})
    return membership


def register() -> None:
    undo.register_undo("partners.role.removed", role_restore)
    undo.register_undo("partners.person.deleted", person_restore)
    undo.register_undo("partners.membership.deleted", membership_restore)
