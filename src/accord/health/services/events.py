"""Change events: entered by hand, and derived from people's dates and funding streams (keyed, so
deriving again adds nothing twice; a leader who left gets a handover, see `handovers`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext

from accord.core.audit import log_action, log_actions
from accord.lib import formatting
from accord.partners.models import Membership, Organisation, Partnership, Person, Seniority

from .. import signals
from ..models import ChangeEvent, Handover
from .handovers import _successor, handover_open, handovers_open_many


@transaction.atomic
def event_create(*, actor: Any, partnership: Partnership, kind: str, date: dt.date, note: str = "",
                 impact: str = ChangeEvent.Impact.MEDIUM, organisation: Any = None) -> ChangeEvent:
    if organisation is not None and not partnership.memberships.filter(organisation=organisation).exists():
        raise ValidationError({"organisation": gettext("That organisation is not a member of this partnership.")})
    event = ChangeEvent(partnership=partnership, kind=kind, date=date, note=note, impact=impact,
                        organisation=organisation, created_by=actor if getattr(actor, "is_authenticated", False) else None)
    event.full_clean()
    event.save()
    log_action(actor, "health.event.created", event, {"kind": kind, "date": date})
    return event


@transaction.atomic
def event_update(*, actor: Any, event: ChangeEvent, **fields: Any) -> ChangeEvent:
    """Derived events keep their kind and date (they follow their source); the note and impact may change."""
    allowed = {"note", "impact"} if event.derived else {"kind", "date", "note", "impact", "organisation"}
    for name, value in fields.items():
        if name in allowed:
            setattr(event, name, value)
    event.full_clean()
    event.save()
    log_action(actor, "health.event.updated", event, {k: str(v) for k, v in fields.items() if k in allowed})
    return event


def _founding_dates(partnership: Partnership, org_ids: list[int] | None = None) -> dict[int, dt.date]:
    """Per member organisation, the date before which its leader counts as founding (one query)."""
    joined = partnership.memberships.all() if org_ids is None else partnership.memberships.filter(
        organisation_id__in=org_ids)
    firsts: dict[int, dt.date] = {}
    for org_id, day in joined.values_list("organisation_id", "joined"):
        firsts[org_id] = min(firsts.get(org_id, partnership.start_date), day)
    return firsts


def _sync_all(partnership: Partnership, wanted: dict[str, dict[str, Any] | None],
              existing: dict[str, ChangeEvent] | None = None, pending: list[ChangeEvent] | None = None
              ) -> list[ChangeEvent]:
    """Make the derived events with these keys match `wanted` (None: must not exist); returns those created.
    One query reads them all (none when the caller read them with others: `existing`, by key); only a
    change writes. With `pending`, new events are added to it instead, for the caller to create them
    all at once (`_create_events`)."""
    if existing is None:
        derived = ChangeEvent.objects.filter(partnership=partnership).exclude(source_key="")
        if len(wanted) <= 50:  # a person's own two; a whole partnership reads all its derived events at once
            derived = derived.filter(source_key__in=list(wanted))
        existing = {e.source_key: e for e in derived}
    created: list[ChangeEvent] = []
    for key, want in wanted.items():
        event = existing.get(key)
        if want is None:
            if event is not None:
                event.delete()
        elif event is None:
            created.append(ChangeEvent(partnership=partnership, source_key=key, **want))
        else:
            org_id = want["organisation"].pk if want.get("organisation") else want.get("organisation_id")
            if (event.date, event.kind, event.organisation_id) != (want["date"], want["kind"], org_id):
                event.date, event.kind, event.organisation_id = want["date"], want["kind"], org_id
                event.save(update_fields=["date", "kind", "organisation"])
    if pending is not None:
        pending += created
        return created
    return _create_events(created)


def _with_organisations(events: list[ChangeEvent], known: dict[int, Organisation]) -> None:
    """Give new events made with an organisation's id (funding) their organisation, which their audit
    entry names: from `known` (already read), else read together (one query, only when some are new)."""
    wanting = [(e, e.organisation_id) for e in events
               if e.organisation_id is not None and not ChangeEvent.organisation.is_cached(e)]
    missing = {org_id for _, org_id in wanting} - set(known)
    found = {**known, **Organisation.objects.in_bulk(list(missing))} if missing else known
    for event, org_id in wanting:
        event.organisation = found[org_id]


def _create_events(events: list[ChangeEvent]) -> list[ChangeEvent]:
    """Create derived events in one statement, and their audit entries in another."""
    if not events:
        return []
    ChangeEvent.objects.bulk_create(events, batch_size=1000)
    log_actions([(None, "health.event.derived", e, {"source": e.source_key}) for e in events])
    return events


def _leader_events(person: Person, founding: dt.date | None) -> dict[str, dict[str, Any] | None]:
    """A senior leader's start (if they replaced someone) and end date, as the events they should be."""
    senior = person.seniority == Seniority.SENIOR_LEADER
    arrived = None
    if senior and founding is not None and person.start_date > founding:
        arrived = {"kind": ChangeEvent.Kind.LEADER_ARRIVED, "date": person.start_date, "person": person,
                   "organisation": person.organisation, "impact": ChangeEvent.Impact.MEDIUM,
                   "note": f"{person.name} became {person.job_title or 'senior leader'} of {person.organisation}."}
    left = None
    if senior and person.end_date:
        left = {"kind": ChangeEvent.Kind.LEADER_LEFT, "date": person.end_date, "person": person,
                "organisation": person.organisation, "impact": ChangeEvent.Impact.HIGH,
                "note": f"{person.name} left {person.organisation}."}
    return {f"person:{person.pk}:arrived": arrived, f"person:{person.pk}:left": left}


@transaction.atomic
def derive_person_events(person: Person) -> list[ChangeEvent]:
    """A senior leader's start (if they replaced someone) and end date become events, once each; an end
    date opens (or refreshes) their handover. Called when a person is saved."""
    partnership = Partnership.objects.filter(pk=person.partnership_id,  # only the partnership recording them
                                             memberships__organisation_id=person.organisation_id).first()
    if partnership is None:
        return []
    wanted = _leader_events(person, _founding_dates(partnership, [person.organisation_id]).get(person.organisation_id))
    created = _sync_all(partnership, wanted)
    if wanted[f"person:{person.pk}:left"] is not None:
        handover_open(partnership=partnership, leaving=person)
    return created


@transaction.atomic
def derive_events(partnership: Partnership) -> list[ChangeEvent]:
    """Derive every automatic event of a partnership: leaders and funding streams. Idempotent, and in a
    number of queries that does not grow with the partnership: the writes are only the changes."""
    return derive_events_many([partnership])


@transaction.atomic
def derive_events_many(partnerships: list[Partnership]) -> list[ChangeEvent]:
    """`derive_events` for a batch of partnerships (the daily and monthly passes): everything is read
    once for the batch, so the queries grow with neither the partnerships' number nor their size when
    nothing changed; the writes are only the changes."""
    ids = [p.pk for p in partnerships]
    leaders: dict[int, list[Person]] = {pid: [] for pid in ids}
    for person in (Person.objects.filter(partnership_id__in=ids, seniority=Seniority.SENIOR_LEADER,
                                         organisation__memberships__partnership_id=F("partnership_id"))
                   .select_related("organisation").order_by("organisation__name", "name", "pk")):
        leaders[person.partnership_id].append(person)
    starts = {p.pk: p.start_date for p in partnerships}
    founding: dict[int, dict[int, dt.date]] = {pid: {} for pid in ids}
    for pid, org_id, joined in (Membership.objects.filter(partnership_id__in=ids).order_by()
                                .values_list("partnership_id", "organisation_id", "joined")):
        firsts = founding[pid]
        firsts[org_id] = min(firsts.get(org_id, starts[pid]), joined)
    streams = signals.read("delivery", lambda s: s.funding_streams_many, partnerships) or {}
    existing: dict[int, dict[str, ChangeEvent]] = {pid: {} for pid in ids}
    for event in ChangeEvent.objects.filter(partnership_id__in=ids).exclude(source_key=""):
        existing[event.partnership_id][event.source_key] = event
    leaving = [p.pk for pid in ids for p in leaders[pid] if p.end_date]
    # (partnership id, leaving person id) -> the incoming leader's id, of the handovers there are
    handovers: dict[tuple[int, int], int | None] = {
        (pid, person_id): incoming for pid, person_id, incoming in (
            Handover.objects.filter(partnership_id__in=ids, leaving__in=leaving).order_by()
            .values_list("partnership_id", "leaving_id", "incoming_id") if leaving else ())}
    created: list[ChangeEvent] = []
    to_open: list[tuple[Partnership, Person]] = []
    for partnership in partnerships:
        pid = partnership.pk
        wanted: dict[str, dict[str, Any] | None] = {}
        for person in leaders[pid]:
            wanted.update(_leader_events(person, founding[pid].get(person.organisation_id)))
        for stream in streams.get(pid) or []:
            wanted.update(_funding_events(stream, founding[pid]))
        _sync_all(partnership, wanted, {k: e for k, e in existing[pid].items() if k in wanted}, pending=created)
        to_open += _handovers_follow(partnership, [p for p in leaders[pid] if p.end_date], leaders[pid], handovers)
    _with_organisations(created, {p.organisation_id: p.organisation for people in leaders.values() for p in people})
    _create_events(created)
    if to_open:
        handovers_open_many(to_open, leaders=leaders)
    return created


def _funding_events(stream: dict[str, Any], members: Collection[int]) -> dict[str, dict[str, Any] | None]:
    """A funding stream's start and end, as the events they should be (for one partner when it pays one:
    its id, as "organisation_id"; `members`: the partnership's member organisations' ids)."""
    org_ids = [o for o in stream.get("partner_org_ids") or [] if o in members]
    org = org_ids[0] if len(org_ids) == 1 else None
    label = f"{stream.get('funder', 'A funder')}: {formatting.money(stream.get('amount'), stream.get('currency') or '')}"
    wanted: dict[str, dict[str, Any] | None] = {}
    for key, want in (
        (f"funding:{stream['id']}:start", {"kind": ChangeEvent.Kind.FUNDING_WON, "date": stream["start"],
                                           "impact": ChangeEvent.Impact.POSITIVE, "organisation_id": org,
                                           "note": f"Funding starts ({label})."}),
        (f"funding:{stream['id']}:end", {"kind": ChangeEvent.Kind.FUNDING_ENDING, "date": stream["end"],
                                         "impact": ChangeEvent.Impact.MEDIUM, "organisation_id": org,
                                         "note": f"Funding ends ({label})."}),
    ):
        if want["date"] is not None:
            wanted[key] = want
    return wanted


def _handovers_follow(partnership: Partnership, leaving: list[Person], leaders: list[Person],
                      handovers: dict[tuple[int, int], int | None]) -> list[tuple[Partnership, Person]]:
    """Every leader who left has a handover, and one still waiting for its incoming leader gets them once
    they are recorded. (Its checklist is refreshed when the person changes, and by its page's button.)
    `handovers`: the existing ones' incoming leader ids by (partnership id, leaving person id), read for
    the whole batch. Returns the (partnership, leaving leader) whose handover to open, for
    `handovers_open_many`."""
    out = []
    for person in leaving:
        key = (partnership.pk, person.pk)
        if key not in handovers or (handovers[key] is None and _successor(person, leaders) is not None):
            out.append((partnership, person))
    return out
