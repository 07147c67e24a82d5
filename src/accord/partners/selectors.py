"""Reads about partners that other domains need (through here, never through partners' models)."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accord.lib.formfields import PICKER_LIMIT, PickerSource, search

from .models import Membership, Organisation, Partnership, Person, Role, Seniority


def memberships(partnership: Partnership) -> QuerySet[Membership]:
    return partnership.memberships.select_related("organisation").prefetch_related("capabilities")


def member_organisations(partnership: Partnership, on: dt.date | None = None) -> QuerySet[Organisation]:
    return partnership.member_organisations(on)


def people(partnership: Partnership, *, current_only: bool = False) -> QuerySet[Person]:
    """The people this partnership records (never another partnership's record of the same organisation)."""
    org_ids = partnership.memberships.values("organisation_id")
    qs = Person.objects.filter(partnership=partnership, organisation_id__in=org_ids).select_related(
        "organisation", "user")
    if current_only:
        today = dt.date.today()
        qs = qs.filter(start_date__lte=today).filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
    return qs


def senior_leaders(partnership: Partnership, on: dt.date | None = None) -> QuerySet[Person]:
    """Senior leaders in post on a date, of organisations that were members on that date."""
    on = on or dt.date.today()
    org_ids = partnership.current_memberships(on).values("organisation_id")
    return (
        Person.objects.filter(partnership=partnership, organisation_id__in=org_ids, seniority=Seniority.SENIOR_LEADER,
                              start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .select_related("organisation", "user")
    )


def leader_changes(partnership: Partnership) -> QuerySet[Person]:
    """Every senior leader who ever served a member organisation, oldest first."""
    return Person.objects.filter(partnership=partnership, seniority=Seniority.SENIOR_LEADER).select_related(
        "organisation").order_by("start_date")


def organisations_with_people(partnership: Partnership) -> QuerySet[Membership]:
    return memberships(partnership).prefetch_related(
        Prefetch("organisation__people",
                 queryset=Person.objects.filter(partnership=partnership).order_by("-seniority", "name"))
    )


def is_member(partnership: Partnership, organisation: Organisation, on: dt.date | None = None) -> bool:
    return partnership.current_memberships(on).filter(organisation=organisation).exists()


def former_members(partnership: Partnership, on: dt.date | None = None) -> dict[int, str]:
    """Organisations that were members and are not on `on` (default today), each with the words pages
    show beside its name: {organisation id: "left in June 2024"}."""
    on = on or dt.date.today()
    current = set(partnership.current_memberships(on).values_list("organisation_id", flat=True))
    return {m.organisation_id: _("left in %(month)s") % {"month": date_format(m.left or on, "F Y")}  # left is set here
            for m in partnership.memberships.filter(left__lt=on).order_by("left")
            if m.organisation_id not in current}


def _partnership_paths(model: type[models.Model], depth: int = 5) -> list[str]:
    """Every lookup from `model` to a partnership along forward foreign keys, shortest first
    ("partnership", "decision__meeting__series__partnership", ...): none when it belongs to no partnership."""
    if model is Partnership:
        return [""]
    found: list[str] = []
    queue: list[tuple[type[models.Model], str, tuple[type[models.Model], ...]]] = [(model, "", (model,))]
    while queue:
        current, prefix, visited = queue.pop(0)
        for field in current._meta.get_fields():
            if not (field.concrete and (field.many_to_one or field.one_to_one) and field.related_model):
                continue
            target = field.related_model
            path = f"{prefix}{field.name}"
            if target is Partnership:
                found.append(path)
            elif target not in visited and target is not Organisation and len(visited) < depth:
                queue.append((target, path + "__", (*visited, target)))
    return found


@functools.cache
def _organisation_references() -> list[tuple[type[models.Model], str, str]]:
    """Every (model, lookup to the organisation, lookup to the partnership) for models that refer to an
    organisation from inside a partnership, found from the models themselves so a new one is not missed."""
    found: list[tuple[Any, str, str]] = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if not field.concrete or field.related_model is not Organisation:
                continue
            if not (field.many_to_one or field.one_to_one):
                continue  # many-to-many fields are walked through their (auto-created) through models
            found.extend((model, field.name, path) for path in _partnership_paths(model))
    return found


def _referring_ids(organisation: Organisation) -> set[int]:
    """The ids of every partnership that refers to this organisation, in one query (a UNION of one SELECT per
    kind of reference): a member's edit page asks this, and sixty queries were most of its work."""
    parts = []
    for model, field, path in _organisation_references():
        found = model._default_manager.filter(**{field: organisation})
        if path:
            found = found.exclude(**{f"{path}__isnull": True})
        parts.append(found.order_by().values_list(path or "pk", flat=True))
    if not parts:
        return set()
    return set(parts[0].union(*parts[1:]))


def partnerships_referring_to(organisation: Organisation) -> QuerySet[Partnership]:
    """Every partnership that refers to this organisation in any way: a member, a funder, a role's or a
    person's organisation, a funding stream's funder or partner, and so on."""
    return Partnership.objects.filter(pk__in=_referring_ids(organisation))


def shared_elsewhere(organisation: Organisation, partnership: Partnership) -> bool:
    """Whether another partnership also refers to this organisation (its public facts are then shared)."""
    return bool(_referring_ids(organisation) - {partnership.pk})


def left_without_a_manager(user_ids: set[int], partnership_id: int | None = None) -> list[Partnership]:
    """The partnerships (all, or the one given) whose every manager is one of these accounts: removing their
    roles would leave the partnership with nobody to run it (erasure and closing an account check this)."""
    managed = Role.objects.filter(role=Role.MANAGER, user_id__in=user_ids)
    if partnership_id is not None:
        managed = managed.filter(partnership_id=partnership_id)
    ids = set(managed.values_list("partnership_id", flat=True))
    others = set(Role.objects.filter(role=Role.MANAGER, partnership_id__in=ids).exclude(user_id__in=user_ids)
                 .values_list("partnership_id", flat=True))
    return list(Partnership.objects.filter(pk__in=ids - others).order_by("name"))


# ---- the searchable picker's sources (accord.lib.formfields.use_picker; issue 21) ----

ORGANISATION_MESSAGES: dict[str, Any] = {
    "hint": gettext_lazy("Type part of the organisation's name and choose it from the suggestions."),
    "add": gettext_lazy("Type part of an organisation's name and choose it from the suggestions; "
                        "separate several names with a semicolon (;)."),
    "invalid": gettext_lazy("Choose an organisation of this partnership from the list."),
    "none": gettext_lazy("No organisation of this partnership matches “%(text)s”."),
    "several": lambda n: ngettext("%(count)s organisation matches “%(text)s”: choose it below.",
                                  "%(count)s organisations match “%(text)s”: choose one below.", n),
}
PERSON_MESSAGES: dict[str, Any] = {
    "hint": gettext_lazy("Type part of the person's name or organisation and choose them from the suggestions."),
    "add": gettext_lazy("Type part of a person's name or organisation and choose them from the suggestions; "
                        "separate several with a semicolon (;)."),
    "invalid": gettext_lazy("Choose a person of this partnership from the list."),
    "none": gettext_lazy("Nobody in this partnership matches “%(text)s”."),
    "several": lambda n: ngettext("%(count)s person matches “%(text)s”: choose them below.",
                                  "%(count)s people match “%(text)s”: choose one below.", n),
}


def person_label(person: Person) -> str:
    return f"{person.name} ({person.organisation.name})"


def organisation_picker(partnership: Partnership) -> PickerSource:
    """Organisations: suggested from this partnership's members (partners:pick-organisations)."""
    return PickerSource(url=reverse("partners:pick-organisations", args=[partnership.pk]), search=("name",),
                        label=lambda o: o.name, messages=ORGANISATION_MESSAGES)


def person_picker(partnership: Partnership) -> PickerSource:
    """People: suggested from this partnership's people in post (partners:pick-people), by name or organisation."""
    return PickerSource(url=reverse("partners:pick-people", args=[partnership.pk]),
                        search=("name", "organisation__name"), label=person_label, messages=PERSON_MESSAGES)


def pick_suggestions(partnership: Partnership, source: str, text: str) -> list[dict[str, Any]]:
    """What the picker suggests for `text`: this partnership's member organisations, or its people in post at
    them (a page's own queryset decides what may be chosen when the form is sent)."""
    if source == "organisations":
        orgs = search(member_organisations(partnership).order_by("name"), text, ("name",))
        return [{"id": o.pk, "label": o.name} for o in orgs[:PICKER_LIMIT]]
    found = search(people(partnership, current_only=True).filter(
        organisation__in=member_organisations(partnership)).order_by("name", "organisation__name"),
        text, ("name", "organisation__name"))
    return [{"id": p.pk, "label": person_label(p)} for p in found[:PICKER_LIMIT]]
