"""Writes for health: change events (entered and derived), snapshots, alerts, handovers.

Every write runs in a transaction and is audited. Derived things (events from people's dates and
funding streams, alerts from rules, handover checklists) are keyed, so running them again adds
nothing twice.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop, ngettext

from accord.analytics import health as hx
from accord.core.audit import log_action, log_actions
from accord.lib import formatting, stored_text
from accord.partners.models import Membership, Organisation, Partnership, Person, Role, Seniority

from . import handover_items, signals
from .models import Alert, AlertRule, ChangeEvent, Handover, HandoverItem, HealthSettings, HealthSnapshot

# ---- change events --------------------------------------------------------------------------------


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
            org = want.get("organisation")
            if (event.date, event.kind, event.organisation_id) != (want["date"], want["kind"], getattr(org, "pk", None)):
                event.date, event.kind, event.organisation = want["date"], want["kind"], org
                event.save(update_fields=["date", "kind", "organisation"])
    if pending is not None:
        pending += created
        return created
    return _create_events(created)


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
    members: dict[int, dict[int, Organisation]] = {pid: {} for pid in ids}
    for m in (Membership.objects.filter(partnership_id__in=ids).select_related("organisation")
              .order_by("-is_lead", "joined", "organisation__name", "pk")):
        firsts = founding[m.partnership_id]
        firsts[m.organisation_id] = min(firsts.get(m.organisation_id, starts[m.partnership_id]), m.joined)
        members[m.partnership_id][m.organisation_id] = m.organisation
    streams = signals.read("delivery", lambda s: s.funding_streams_many, partnerships) or {}
    existing: dict[int, dict[str, ChangeEvent]] = {pid: {} for pid in ids}
    for event in ChangeEvent.objects.filter(partnership_id__in=ids).exclude(source_key=""):
        existing[event.partnership_id][event.source_key] = event
    leaving = [p.pk for pid in ids for p in leaders[pid] if p.end_date]
    handovers = {(h.partnership_id, h.leaving_id): h
                 for h in (Handover.objects.filter(partnership_id__in=ids, leaving__in=leaving) if leaving else ())}
    created: list[ChangeEvent] = []
    to_open: list[tuple[Partnership, Person]] = []
    for partnership in partnerships:
        pid = partnership.pk
        wanted: dict[str, dict[str, Any] | None] = {}
        for person in leaders[pid]:
            wanted.update(_leader_events(person, founding[pid].get(person.organisation_id)))
        for stream in streams.get(pid) or []:
            wanted.update(_funding_events(stream, members[pid]))
        _sync_all(partnership, wanted, {k: e for k, e in existing[pid].items() if k in wanted}, pending=created)
        to_open += _handovers_follow(partnership, [p for p in leaders[pid] if p.end_date], leaders[pid], handovers)
    _create_events(created)
    if to_open:
        handovers_open_many(to_open, leaders=leaders)
    return created


def _funding_events(stream: dict[str, Any], members: dict[int, Organisation]) -> dict[str, dict[str, Any] | None]:
    """A funding stream's start and end, as the events they should be (for one partner when it pays one)."""
    org_ids = [o for o in stream.get("partner_org_ids") or [] if o in members]
    org = members[org_ids[0]] if len(org_ids) == 1 else None
    label = f"{stream.get('funder', 'A funder')}: {formatting.money(stream.get('amount'), stream.get('currency') or '')}"
    wanted: dict[str, dict[str, Any] | None] = {}
    for key, want in (
        (f"funding:{stream['id']}:start", {"kind": ChangeEvent.Kind.FUNDING_WON, "date": stream["start"],
                                           "impact": ChangeEvent.Impact.POSITIVE, "organisation": org,
                                           "note": f"Funding starts ({label})."}),
        (f"funding:{stream['id']}:end", {"kind": ChangeEvent.Kind.FUNDING_ENDING, "date": stream["end"],
                                         "impact": ChangeEvent.Impact.MEDIUM, "organisation": org,
                                         "note": f"Funding ends ({label})."}),
    ):
        if want["date"] is not None:
            wanted[key] = want
    return wanted


def _handovers_follow(partnership: Partnership, leaving: list[Person], leaders: list[Person],
                      handovers: dict[tuple[int, int], Handover]) -> list[tuple[Partnership, Person]]:
    """Every leader who left has a handover, and one still waiting for its incoming leader gets them once
    they are recorded. (Its checklist is refreshed when the person changes, and by its page's button.)
    `handovers`: the existing ones by (partnership id, leaving person id), read for the whole batch.
    Returns the (partnership, leaving leader) whose handover to open, for `handovers_open_many`."""
    out = []
    for person in leaving:
        handover = handovers.get((partnership.pk, person.pk))
        if handover is None or (handover.incoming_id is None and _successor(person, leaders) is not None):
            out.append((partnership, person))
    return out


def _successor(leaving: Person, leaders: list[Person]) -> Person | None:
    """`_incoming`, among leaders already read."""
    until = leaving.end_date or leaving.start_date
    found = [p for p in leaders if p.organisation_id == leaving.organisation_id and p.pk != leaving.pk
             and p.start_date >= leaving.start_date and (p.end_date is None or p.end_date > until)]
    return min(found, key=lambda p: (p.start_date, p.pk)) if found else None


# ---- settings and snapshots -------------------------------------------------------------------------

def settings_for(partnership: Partnership) -> HealthSettings:
    found = HealthSettings.objects.filter(partnership=partnership).first()
    return found or HealthSettings(partnership=partnership)


@transaction.atomic
def weights_update(*, actor: Any, partnership: Partnership, weights: dict[str, int]) -> HealthSettings:
    current = settings_for(partnership)
    before = current.weights()
    for key in hx.COMPONENTS:
        if key in weights:
            value = weights[key]
            if value is None or int(value) < 0:
                raise ValidationError({key: gettext("Give a whole number from 0 to 100.")})
            setattr(current, f"weight_{key}", int(value))
    current.full_clean()
    current.save()
    log_action(actor, "health.weights.updated", partnership, {"before": before, "after": current.weights()})
    return current


def compute(partnership: Partnership, as_of: dt.date, weights: dict[str, float]) -> dict[str, Any]:
    return _computed(signals.gather(partnership, as_of), weights)


def _computed(inputs: dict[str, Any], weights: dict[str, float]) -> dict[str, Any]:
    """The index and its components from one partnership's gathered inputs."""
    comps = signals.components(inputs)
    index = hx.overall(comps, weights)
    return {"overall": index.score, "scores": {k: c.score for k, c in comps.items()},
            "components": [c.as_dict() for c in comps.values()], "weights": index.weights_used,
            "missing": index.missing, "note": index.note, "summary": summary_of(comps)}


def summary_of(comps: dict[str, hx.Component]) -> dict[str, Any]:
    """The few aggregates the funders' view shows beside the scores."""
    delivery = comps["delivery"].inputs
    return {"trust_withheld": bool(comps["trust"].inputs.get("confidential")), "live_now": delivery.get("live_now"),
            "target_live": delivery.get("target_live"), "goal_progress": delivery.get("mean_goal_progress")}


@transaction.atomic
def snapshot_take(*, partnership: Partnership, as_of: dt.date | None = None, actor: Any = None) -> HealthSnapshot:
    """Compute the index as of a date into that month's snapshot (replacing an earlier one that month)."""
    snapshot = _take([partnership], as_of or timezone.localdate())[0]
    if actor is not None:
        log_action(actor, "health.snapshot.taken", snapshot, {"month": snapshot.month, "overall": snapshot.overall})
    return snapshot


@transaction.atomic
def snapshots_take(partnerships: list[Partnership], *, as_of: dt.date) -> int:
    """`snapshot_take` for a batch of partnerships (the monthly task): the same snapshots, with their
    weights, previous months and writes read and made once per batch instead of once per partnership.
    The other domains are read through their batch selectors (`signals.gather_many`), so the queries
    grow with neither the number of partnerships nor their size."""
    return len(_take(partnerships, as_of))


SNAPSHOT_FIELDS = ["overall", "scores", "components", "weights", "missing", "note", "summary", "drivers",
                   "computed_at"]


def _take(partnerships: list[Partnership], as_of: dt.date) -> list[HealthSnapshot]:
    month = as_of.replace(day=1)
    ids = [p.pk for p in partnerships]
    chosen = {s.partnership_id: s for s in HealthSettings.objects.filter(partnership_id__in=ids)}
    previous = _latest_scores_before(ids, month)
    gathered = signals.gather_many(partnerships, as_of)
    now = timezone.now()
    out = []
    for partnership in partnerships:
        weights = (chosen.get(partnership.pk) or HealthSettings(partnership=partnership)).weights()
        data = _computed(gathered[partnership.pk], weights)
        data["drivers"] = (hx.drivers(previous[partnership.pk], data["scores"], weights)
                           if partnership.pk in previous else [])
        out.append(HealthSnapshot(partnership=partnership, month=month, computed_at=now, **data))
    # one statement: new months are added, a month taken before is replaced (same row)
    HealthSnapshot.objects.bulk_create(out, batch_size=500, update_conflicts=True,
                                       unique_fields=["partnership", "month"], update_fields=SNAPSHOT_FIELDS)
    current_refresh(ids)
    return out


def _latest_scores_before(ids: list[int], month: dt.date) -> dict[int, dict]:
    """Each partnership's scores in its latest snapshot before `month` (one query)."""
    from django.db.models import F, Window
    from django.db.models.functions import RowNumber

    rows = (HealthSnapshot.objects.filter(partnership_id__in=ids, month__lt=month).order_by()
            .annotate(rank=Window(RowNumber(), partition_by=[F("partnership_id")], order_by=F("month").desc()))
            .filter(rank=1).values_list("partnership_id", "scores"))
    return dict(rows)


@transaction.atomic
def snapshot_now(*, partnership: Partnership, actor: Any) -> HealthSnapshot:
    """What "recompute now" means on the page and in the API: derive the automatic events first (so a
    leader who has just left counts), then take this month's snapshot, in one transaction."""
    derive_events(partnership)
    return snapshot_take(partnership=partnership, actor=actor)


def current_refresh(partnership_ids: list[int]) -> int:
    """Bring each partnership's HealthCurrent row up to its two latest snapshots (after bulk loads too)."""
    from django.db.models import F, Window
    from django.db.models.functions import RowNumber

    from .models import HealthCurrent

    recent = (HealthSnapshot.objects.filter(partnership_id__in=partnership_ids).order_by()
              .annotate(rank=Window(RowNumber(), partition_by=[F("partnership_id")], order_by=F("month").desc()))
              .filter(rank__lte=2).values_list("partnership_id", "month", "overall", "scores", "summary", "rank"))
    latest: dict[int, HealthCurrent] = {}
    before: dict[int, float | None] = {}
    for pid, month, overall, scores, summary, rank in recent:
        if rank == 1:
            latest[pid] = HealthCurrent(partnership_id=pid, month=month, overall=overall, scores=scores or {},
                                        summary=summary or {})
        else:
            before[pid] = overall
    for pid, row in latest.items():
        prev = before.get(pid)
        row.trend = round(row.overall - prev, 1) if row.overall is not None and prev is not None else None
    with transaction.atomic():
        HealthCurrent.objects.filter(partnership_id__in=partnership_ids).delete()
        HealthCurrent.objects.bulk_create(latest.values(), batch_size=1000)
    return len(latest)


def snapshots_backfill(*, partnership: Partnership, start: dt.date, end: dt.date) -> list[HealthSnapshot]:
    """A snapshot for every month from start to end (oldest first), for history and the demo."""
    out = []
    for month in hx.month_starts(start, end):
        last_day = (month.replace(day=28) + dt.timedelta(days=4))
        last_day = last_day - dt.timedelta(days=last_day.day)
        out.append(snapshot_take(partnership=partnership, as_of=min(last_day, end)))
    return out


# ---- alerts --------------------------------------------------------------------------------------

@transaction.atomic
def rules_ensure(partnership: Partnership) -> list[AlertRule]:
    """Every partnership has one rule of each kind, with the default threshold, until a manager edits it."""
    have = set(AlertRule.objects.filter(partnership=partnership).values_list("kind", flat=True))
    AlertRule.objects.bulk_create([AlertRule(partnership=partnership, kind=k, threshold=v[0])
                                   for k, v in AlertRule.DEFAULTS.items() if k not in have])
    return list(AlertRule.objects.filter(partnership=partnership))


@transaction.atomic
def rule_update(*, actor: Any, rule: AlertRule, threshold: float | None = None, enabled: bool | None = None) -> AlertRule:
    before = {"threshold": rule.threshold, "enabled": rule.enabled}
    if threshold is not None:
        rule.threshold = threshold
    if enabled is not None:
        rule.enabled = enabled
    rule.full_clean()
    rule.save()
    log_action(actor, "health.rule.updated", rule, {"before": before,
                                                   "after": {"threshold": rule.threshold, "enabled": rule.enabled}})
    return rule


def evaluate(partnership: Partnership, as_of: dt.date | None = None) -> list[Alert]:
    """Run every enabled rule; fire one alert per new cause. Returns the alerts fired now."""
    return evaluate_many([partnership], as_of)[partnership.pk]


@transaction.atomic
def rules_ensure_many(partnerships: list[Partnership]) -> dict[int, list[AlertRule]]:
    """`rules_ensure` for each partnership (by id, each by kind): one query, three when some lack a rule."""
    ids = [p.pk for p in partnerships]

    def read() -> dict[int, list[AlertRule]]:
        out: dict[int, list[AlertRule]] = {pid: [] for pid in ids}
        for rule in AlertRule.objects.filter(partnership_id__in=ids):
            out[rule.partnership_id].append(rule)
        return out

    have = read()
    missing = [AlertRule(partnership=p, kind=k, threshold=v[0]) for p in partnerships
               for k, v in AlertRule.DEFAULTS.items() if k not in {r.kind for r in have[p.pk]}]
    if not missing:
        return have
    AlertRule.objects.bulk_create(missing, ignore_conflicts=True)
    return read()


def evaluate_many(partnerships: list[Partnership], as_of: dt.date | None = None) -> dict[int, list[Alert]]:
    """`evaluate` for each partnership (by id): the rules read what they need once for the batch
    (signals.batch_reads) and the new alerts are stored together, so the queries grow with neither the
    partnerships' number nor their size."""
    from . import rules

    as_of = as_of or timezone.localdate()
    ids = [p.pk for p in partnerships]
    fired: dict[int, list[Alert]] = {pid: [] for pid in ids}
    causes = set(Alert.objects.filter(partnership_id__in=ids).values_list("partnership_id", "cause_key"))
    new: list[tuple[Alert, str, str]] = []
    with signals.batch_reads(partnerships, as_of):
        ensured = rules_ensure_many(partnerships)
        for partnership in partnerships:
            for rule in ensured[partnership.pk]:
                if not rule.enabled:
                    continue
                for finding in rules.CHECKS[rule.kind](partnership, rule.threshold, as_of):
                    key = f"{rule.kind}:{finding.cause}"
                    if (partnership.pk, key) in causes:
                        continue
                    causes.add((partnership.pk, key))
                    alert = Alert(partnership=partnership, cause_key=key, rule=rule, organisation_id=finding.organisation_id,
                                  fired_at=timezone.now(), reason=finding.reason, look_at=finding.look_at,
                                  look_at_url=finding.url, general_reason=finding.general_reason,
                                  general_look_at=finding.general_look_at)
                    new.append((alert, rule.kind, finding.cause))
                    fired[partnership.pk].append(alert)
    with transaction.atomic():
        Alert.objects.bulk_create([a for a, _, _ in new])
        log_actions([(None, "health.alert.fired", a, {"rule": kind, "cause": cause}) for a, kind, cause in new])
    return fired


@transaction.atomic
def alert_acknowledge(*, actor: Any, alert: Alert, note: str) -> Alert:
    if not (note or "").strip():
        raise ValidationError({"note": gettext("Say what you did or decided, so others know why it was closed.")})
    if alert.acknowledged_at is not None:
        raise ValidationError(gettext("This alert was already acknowledged."))
    alert.acknowledged_at = timezone.now()
    alert.acknowledged_by = actor
    alert.acknowledgement = note.strip()
    alert.save(update_fields=["acknowledged_at", "acknowledged_by", "acknowledgement"])
    log_action(actor, "health.alert.acknowledged", alert, {"note": alert.acknowledgement})
    return alert


def send_digests(today: dt.date | None = None) -> int:
    """E-mail each manager one digest a day of the alerts not yet mailed. Returns messages sent."""
    from accord.lib import languages, mail

    from .models import DigestSent

    today = today or timezone.localdate()
    pending = list(Alert.objects.filter(emailed_at__isnull=True, acknowledged_at__isnull=True)
                   .select_related("partnership", "rule"))
    if not pending:
        return 0
    by_partnership: dict[int, list[Alert]] = {}
    for a in pending:
        by_partnership.setdefault(a.partnership_id, []).append(a)
    # managers only: they may see trust results by organisation, so the digest carries the full reason
    roles = Role.objects.filter(role=Role.MANAGER, partnership_id__in=by_partnership,
                                user__is_active=True).select_related("user")
    by_user: dict[Any, list[Alert]] = {}
    for role in roles:
        by_user.setdefault(role.user, []).extend(by_partnership[role.partnership_id])
    sent = 0
    mailed: set[int] = set()
    for user, alerts in by_user.items():
        with transaction.atomic():
            _, fresh = DigestSent.objects.get_or_create(user=user, day=today, defaults={"alerts": len(alerts)})
            if not fresh:
                continue  # this manager already had today's digest; these wait for tomorrow's
            count = len(alerts)
            mail.send(to=[user.email],
                      subject=lambda n=count: ngettext("Accord: %(count)s early warning to look at",
                                                       "Accord: %(count)s early warnings to look at", n) % {"count": n},
                      # one digest may cover several partnerships: the manager's own language, else the first's
                      language=languages.email_languages(user=user, partnership=alerts[0].partnership),
                      template="health/email/digest",
                      context={"user": user, "alerts": [(a, mail.absolute(reverse("health:alert", args=[a.partnership_id, a.pk])))
                                                        for a in alerts]})
            sent += 1
            mailed.update(a.pk for a in alerts)
    Alert.objects.filter(pk__in=mailed).update(emailed_at=timezone.now())
    return sent


# ---- handovers -------------------------------------------------------------------------------------

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
