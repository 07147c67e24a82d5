"""Handovers of a departing leader: the proposed checklist, from what they held in each domain, kept
in step in batches; and ticking its items off."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from accord.core.audit import log_action, log_actions
from accord.lib import stored_text
from accord.partners.models import Membership, Organisation, Partnership, Person, Seniority

from .. import handover_items, signals
from ..models import Handover, HandoverItem


def _successor(leaving: Person, leaders: list[Person]) -> Person | None:
    """`_incoming`, among leaders already read."""
    until = leaving.end_date or leaving.start_date
    found = [p for p in leaders if p.organisation_id == leaving.organisation_id and p.pk != leaving.pk
             and p.start_date >= leaving.start_date and (p.end_date is None or p.end_date > until)]
    return min(found, key=lambda p: (p.start_date, p.pk)) if found else None


def held_by(person: Person, partnership: Partnership) -> dict[str, list[dict] | None]:
    """What a leader held in this partnership, by the other domains' selectors (None: that domain
    cannot say yet). Always scoped to the partnership: an organisation may belong to several, and
    one partnership's members must not see another's records."""
    return {
        "meetings": signals.read("governance", lambda s: s.meetings_attended_by, person, partnership=partnership),
        "relationships": signals.read("trust", lambda s: s.relationships_of, person, partnership=partnership),
        "actions": signals.read("governance", lambda s: s.open_actions_for, person, partnership=partnership),
        "commitments": signals.read("charter", lambda s: s.open_commitments_for, person, partnership=partnership),
        "items": signals.read("library", lambda s: s.items_owned_by, person, partnership=partnership),
    }


def _proposals(handover: Handover, held: dict[str, list[dict] | None],
               members: list[Organisation]) -> list[tuple[str, stored_text.Stored, str]]:
    """The proposed items: each text a stored message with its values, read in the reader's language."""
    msg = stored_text.message
    leaving = handover.leaving
    out = [("brief", msg(gettext_noop("Brief the incoming leader on the charter, the goals and where "
                                      "%(organisation)s stands"), organisation=leaving.organisation), ""),
           ("meeting", msg(gettext_noop("Bring the incoming leader to the next partners' meeting and introduce "
                                        "them")), "")]
    # Introductions from the membership (not from the leader's survey answers, which partner staff may not
    # see): one per partner, or one for them all in a large partnership (handover_items)
    out += handover_items.introductions(handover, members)
    for a in held.get("actions") or []:
        out.append((f"action:{a.get('url') or a.get('title')}",
                    msg(gettext_noop("Give the action “%(title)s” a new owner"), title=a.get("title")),
                    a.get("url", "")))
    for c in held.get("commitments") or []:
        out.append((f"commitment:{c.get('url') or c.get('title')}",
                    msg(gettext_noop("Confirm who now answers for the commitment “%(title)s”"), title=c.get("title")),
                    c.get("url", "")))
    items = held.get("items") or []
    if items:  # no titles: a checklist is read by partners outside some items' audience
        out.append(("items", stored_text.plural("Name a new owner for the %(count)s library item %(name)s wrote",
                                                "Name a new owner for the %(count)s library items %(name)s wrote",
                                                "count", count=len(items), name=leaving.name),
                    reverse("library:index", args=[handover.partnership_id])))
    return [(k[:120], t, u[:300]) for k, t, u in out]


def _incoming(partnership: Partnership, leaving: Person) -> Person | None:
    return (Person.objects.filter(partnership=partnership, organisation_id=leaving.organisation_id,
                                  seniority=Seniority.SENIOR_LEADER)
            .exclude(pk=leaving.pk).filter(start_date__gte=leaving.start_date)
            .filter(Q(end_date__isnull=True) | Q(end_date__gt=leaving.end_date or leaving.start_date))
            .order_by("start_date", "pk").first())


@transaction.atomic
def handover_open(*, partnership: Partnership, leaving: Person, actor: Any = None) -> Handover:
    """Open (or refresh) the handover for a departing leader, proposing a checklist. Idempotent."""
    return handovers_open_many([(partnership, leaving)], actor=actor)[(partnership.pk, leaving.pk)]


@transaction.atomic
def handovers_open_many(pairs: list[tuple[Partnership, Person]], *, actor: Any = None,
                        leaders: dict[int, list[Person]] | None = None) -> dict[tuple[int, int], Handover]:
    """`handover_open` for each (partnership, departing leader), by (partnership id, person id): in a
    number of queries that grows with neither their number nor the partnerships' size. `leaders`: each
    partnership's senior leaders (of member organisations) when the caller has read them; without it,
    the incoming leader is looked up for each handover that still lacks one."""
    if not pairs:
        return {}
    pids = sorted({p.pk for p, _ in pairs})
    people = {person.pk: person for _, person in pairs}
    handovers = {(h.partnership_id, h.leaving_id): h
                 for h in Handover.objects.filter(partnership_id__in=pids, leaving_id__in=list(people))}
    fresh = [Handover(partnership=p, leaving=person) for p, person in pairs
             if (p.pk, person.pk) not in handovers]
    Handover.objects.bulk_create(fresh)
    handovers.update({(h.partnership_id, h.leaving_id): h for h in fresh})
    found = []
    for p, person in pairs:
        handover = handovers[(p.pk, person.pk)]
        handover.partnership, handover.leaving = p, person
        if handover.incoming_id is None:
            incoming = (_successor(person, leaders.get(p.pk) or []) if leaders is not None
                        else _incoming(p, person))
            if incoming is not None:
                handover.incoming = incoming
                found.append(handover)
    Handover.objects.bulk_update(found, ["incoming"])
    have: dict[int, set[str]] = {h.pk: set() for h in handovers.values()}
    for handover_id, key in HandoverItem.objects.filter(handover_id__in=list(have)).values_list("handover_id", "key"):
        have[handover_id].add(key)
    held = _held_many([person for _, person in pairs])
    members = _members_many(pids)
    new: list[HandoverItem] = []
    reopened = []
    for p, person in pairs:
        handover = handovers[(p.pk, person.pk)]
        keys = have[handover.pk]
        start = len(keys)
        proposed = [x for x in _proposals(handover, held[person.pk], members[p.pk]) if x[0] not in keys]
        new += [HandoverItem(handover=handover, key=k, text=t, url=u, order=start + i)
                for i, (k, t, u) in enumerate(proposed)]
        keys.update(k for k, _, _ in proposed)
        if proposed and handover.completed_at is not None:
            handover.completed_at = None
            reopened.append(handover)
    HandoverItem.objects.bulk_create(new, batch_size=1000)
    Handover.objects.bulk_update(reopened, ["completed_at"])
    log_actions([(actor, "health.handover.opened", h, {"leaving": h.leaving.name}) for h in fresh])
    return {(p.pk, person.pk): handovers[(p.pk, person.pk)] for p, person in pairs}


def _held_many(people: list[Person]) -> dict[int, dict[str, list[dict] | None]]:
    """What each departing leader held that their checklist names (by person id), each within their own
    partnership: open actions and commitments, and library items they wrote. One query per domain."""
    unique = list({p.pk: p for p in people}.values())
    actions = signals.read("governance", lambda s: s.open_actions_for_many, unique)
    commitments = signals.read("charter", lambda s: s.open_commitments_for_many, unique)
    items = signals.read("library", lambda s: s.items_owned_by_many, unique)
    return {p.pk: {"actions": None if actions is None else actions.get(p.pk, []),
                   "commitments": None if commitments is None else commitments.get(p.pk, []),
                   "items": None if items is None else items.get(p.pk, [])} for p in unique}


def _members_many(partnership_ids: list[int]) -> dict[int, list[Organisation]]:
    """Each partnership's current member organisations, by name (one query)."""
    today = dt.date.today()  # as Partnership.member_organisations
    out: dict[int, list[Organisation]] = {pid: [] for pid in partnership_ids}
    seen: set[tuple[int, int]] = set()
    for m in (Membership.objects.filter(partnership_id__in=partnership_ids, joined__lte=today)
              .filter(Q(left__isnull=True) | Q(left__gte=today)).select_related("organisation")
              .order_by("organisation__name", "organisation_id")):
        if (m.partnership_id, m.organisation_id) not in seen:
            seen.add((m.partnership_id, m.organisation_id))
            out[m.partnership_id].append(m.organisation)
    return out


@transaction.atomic
def handover_item_add(*, actor: Any, handover: Handover, text: str) -> HandoverItem:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": gettext("Say what needs doing.")})
    item = HandoverItem.objects.create(handover=handover, key=f"manual:{timezone.now().timestamp()}", text=text[:300],
                                       order=handover.items.count())
    if handover.completed_at:
        handover.completed_at = None
        handover.save(update_fields=["completed_at"])
    log_action(actor, "health.handover.item_added", handover, {"text": item.text}, partnership=handover.partnership)
    return item


@transaction.atomic
def handover_item_mark(*, actor: Any, item: HandoverItem, done: bool) -> HandoverItem:
    """Tick or untick an item; the handover is complete when every item is done."""
    item.done_at = timezone.now() if done else None
    item.done_by = actor if done else None
    item.save(update_fields=["done_at", "done_by"])
    handover = item.handover
    all_done = not handover.items.filter(done_at__isnull=True).exists()
    if all_done and handover.completed_at is None:
        handover.completed_at = timezone.now()
        handover.save(update_fields=["completed_at"])
        log_action(actor, "health.handover.completed", handover, {}, partnership=handover.partnership)
    elif not all_done and handover.completed_at is not None:
        handover.completed_at = None
        handover.save(update_fields=["completed_at"])
    log_action(actor, "health.handover.item_marked", handover, {"item": stored_text.english(item.text), "done": done},
               partnership=handover.partnership)
    return item
