"""What still refers to a record, in plain words, before it is deleted.

A delete of something other records point at (a person, a membership, an area, a goal, a commitment, a
meeting series) refuses while anything still refers to it, naming what ("2 actions and 1 signature"), and says
what to do instead (end it, or remove those first): the caller gives the whole sentence, lazily translated,
with `%(records)s` where that list goes, so the refusal is read in the language of whoever reads it. The rows
are found from the model's relations, so a new model pointing at a person blocks deleting them without anyone
remembering to add a check here.

Some rows are part of what is deleted and go with it (a person's expected attendance at meetings still to
come, their notices): the app owning those rows declares them with `register_passing(...)` from its
`AppConfig.ready()`, as a filter leaving only the rows that still block (`lambda qs: qs.filter(...)`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import ForeignObjectRel, Q, QuerySet
from django.utils.functional import lazy
from django.utils.translation import gettext, ngettext_lazy

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Blocking = Callable[[QuerySet[Any]], QuerySet[Any]]
PASSING: dict[tuple[str, str], Blocking] = {}

# How many of each kind of record ("2 actions"), with the plural forms of each language. A model that can name a
# record someone may delete belongs here (tests/core/test_references_in_welsh.py names any missing); one that is
# not listed is counted by its own English name.
COUNTED: dict[str, Any] = {
    "accounts.invitation": ngettext_lazy("%(count)s invitation", "%(count)s invitations", "count"),
    "charter.commitment": ngettext_lazy("%(count)s commitment", "%(count)s commitments", "count"),
    "charter.measurement": ngettext_lazy("%(count)s measurement", "%(count)s measurements", "count"),
    "charter.signoff": ngettext_lazy("%(count)s signature", "%(count)s signatures", "count"),
    "delivery.area": ngettext_lazy("%(count)s area", "%(count)s areas", "count"),
    "delivery.fundingstream": ngettext_lazy("%(count)s funding stream", "%(count)s funding streams", "count"),
    "delivery.stagemove": ngettext_lazy("%(count)s stage move", "%(count)s stage moves", "count"),
    "discussions.answer": ngettext_lazy("%(count)s answer", "%(count)s answers", "count"),
    "discussions.comment": ngettext_lazy("%(count)s comment", "%(count)s comments", "count"),
    "discussions.delegate": ngettext_lazy("%(count)s delegate", "%(count)s delegates", "count"),
    "discussions.proposal": ngettext_lazy("%(count)s proposal", "%(count)s proposals", "count"),
    "discussions.thread": ngettext_lazy("%(count)s thread", "%(count)s threads", "count"),
    "governance.action": ngettext_lazy("%(count)s action", "%(count)s actions", "count"),
    "governance.agendaitem": ngettext_lazy("%(count)s agenda item", "%(count)s agenda items", "count"),
    "governance.attendance": ngettext_lazy("%(count)s attendance record", "%(count)s attendance records", "count"),
    "governance.decision": ngettext_lazy("%(count)s decision", "%(count)s decisions", "count"),
    "governance.meeting": ngettext_lazy("%(count)s meeting", "%(count)s meetings", "count"),
    "governance.meetingpaper": ngettext_lazy("%(count)s meeting paper", "%(count)s meeting papers", "count"),
    "governance.meetingseries": ngettext_lazy("%(count)s meeting series", "%(count)s meeting series", "count"),
    "governance.note": ngettext_lazy("%(count)s note", "%(count)s notes", "count"),
    "governance.position": ngettext_lazy("%(count)s position", "%(count)s positions", "count"),
    "health.alert": ngettext_lazy("%(count)s alert", "%(count)s alerts", "count"),
    "health.changeevent": ngettext_lazy("%(count)s change event", "%(count)s change events", "count"),
    "health.handover": ngettext_lazy("%(count)s handover", "%(count)s handovers", "count"),
    "library.accessentry": ngettext_lazy("%(count)s access entry", "%(count)s access entries", "count"),
    "library.accessrequest": ngettext_lazy("%(count)s access request", "%(count)s access requests", "count"),
    "library.knowledgeitem": ngettext_lazy("%(count)s knowledge item", "%(count)s knowledge items", "count"),
    "library.sharingterms": ngettext_lazy("%(count)s set of sharing terms", "%(count)s sets of sharing terms", "count"),
    "mailing.mailinglist": ngettext_lazy("%(count)s mailing list", "%(count)s mailing lists", "count"),
    "notices.notice": ngettext_lazy("%(count)s notice", "%(count)s notices", "count"),
    "partners.membership": ngettext_lazy("%(count)s membership", "%(count)s memberships", "count"),
    "partners.partnership": ngettext_lazy("%(count)s partnership", "%(count)s partnerships", "count"),
    "partners.person": ngettext_lazy("%(count)s person", "%(count)s people", "count"),
    "partners.role": ngettext_lazy("%(count)s role", "%(count)s roles", "count"),
    "trust.contact": ngettext_lazy("%(count)s contact", "%(count)s contacts", "count"),
    "trust.invitation": ngettext_lazy("%(count)s survey invitation", "%(count)s survey invitations", "count"),
    "trust.rating": ngettext_lazy("%(count)s rating", "%(count)s ratings", "count"),
    "trust.response": ngettext_lazy("%(count)s response", "%(count)s responses", "count"),
}


def register_passing(model_label: str, field: str, blocking: Blocking) -> None:
    """Rows of `model_label` pointing through `field` that go with the record deleted: `blocking(qs)` keeps
    only the ones that should still stop the delete (`qs.none()` when none should)."""
    PASSING[(model_label.lower(), field)] = blocking


def _partnership_paths(model: type[models.Model], depth: int = 4, seen: frozenset[Any] = frozenset()) -> list[str]:
    """Every chain of foreign keys from `model` to a partnership (`meeting__series__partnership`)."""
    if model._meta.label_lower == "partners.partnership":
        return [""]
    if depth == 0 or model in seen:
        return []
    paths = []
    for field in model._meta.concrete_fields:
        if field.is_relation and field.many_to_one and field.related_model is not None:
            for rest in _partnership_paths(field.related_model, depth - 1, seen | {model}):
                paths.append(f"{field.name}__{rest}" if rest else field.name)
    return paths


def within_partnership(qs: QuerySet[Any], partnership: Any) -> QuerySet[Any]:
    """The rows of `qs` that belong to `partnership`, by any chain of foreign keys (none when there is none)."""
    paths = _partnership_paths(qs.model)
    if not paths:
        return qs.none()
    where = Q()
    for path in paths:
        where |= Q(**{path or "pk": getattr(partnership, "pk", partnership)})
    return qs.filter(where).distinct()


def _counts(obj: models.Model, *, partnership: Any = None,
            skip: Collection[str] = ()) -> list[tuple[type[models.Model], int]]:
    found = []
    for rel in obj._meta.get_fields(include_hidden=True):
        if not isinstance(rel, ForeignObjectRel) or rel.related_model is None or rel.concrete:
            continue  # only the relations other models hold to this one
        model: Any = rel.related_model
        label = model._meta.label_lower
        if label in skip or model._meta.auto_created:  # an M2M's own table: counted as the model holding it
            continue
        qs = model._default_manager.filter(**{rel.field.name: obj})
        if partnership is not None:
            qs = within_partnership(qs, partnership)
        narrow = PASSING.get((label, rel.field.name))
        if narrow is not None:
            qs = narrow(qs)
        count = qs.count()
        if count:
            found.append((model, count))
    return found


def counted(model: type[models.Model], count: int) -> str:
    """ "2 actions", in the active language."""
    phrase = COUNTED.get(model._meta.label_lower)
    if phrase is not None:
        return str(phrase % {"count": count})
    name = model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural
    return gettext("%(count)s %(name)s") % {"count": count, "name": name}


def listed(counts: list[tuple[type[models.Model], int]]) -> str:
    """ "2 actions, 1 note and 1 signature", in the active language."""
    found = [counted(model, n) for model, n in counts]
    if len(found) == 1:
        return found[0]
    return gettext("%(items)s and %(last)s") % {"items": ", ".join(found[:-1]), "last": found[-1]}


def references(obj: models.Model, *, partnership: Any = None, skip: Collection[str] = ()) -> list[str]:
    """What refers to `obj`, counted by kind ("2 actions"); only rows of `partnership` when given (an
    organisation is shared, and another partnership's rows are neither counted nor named)."""
    return [counted(model, n) for model, n in _counts(obj, partnership=partnership, skip=skip)]


def check_unreferenced(obj: models.Model, *, refusal: StrOrPromise, values: Mapping[str, Any] | None = None,
                       partnership: Any = None, skip: Collection[str] = ()) -> None:
    """Refuse to delete `obj` while anything refers to it. `refusal` is the whole sentence (gettext_lazy), naming
    the record and saying what to do instead, with `%(records)s` where what refers to it is listed ("1 action
    and 2 signatures") and the caller's own `values`; all are put together when the refusal is read."""
    counts = _counts(obj, partnership=partnership, skip=skip)
    if counts:
        records = lazy(listed, str)(counts)
        raise ValidationError(refusal, code="referenced", params={**(values or {}), "records": records})
