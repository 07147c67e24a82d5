"""API for health: change events, snapshots, alerts, rules, handovers, readiness and the funders'
portfolio. Handlers are thin: fetch through core.policy, call health's services."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext, gettext_noop
from ninja import Router, Schema

from accord.core import policy
from accord.health import selectors, services
from accord.health.models import Alert, AlertRule, ChangeEvent, Handover, HandoverItem, HealthSnapshot
from accord.lib import stored_text
from accord.partners.models import Organisation

from .schema import one_of

router = Router(tags=["Health"])


class EventIn(Schema):
    kind: Annotated[str, one_of(ChangeEvent.Kind)]
    date: dt.date
    note: str = ""
    impact: Annotated[str, one_of(ChangeEvent.Impact)] = "medium"
    organisation_id: int | None = None


class EventOut(Schema):
    id: int
    kind: Annotated[str, one_of(ChangeEvent.Kind)]
    date: dt.date
    note: str
    impact: Annotated[str, one_of(ChangeEvent.Impact)]
    organisation_id: int | None
    derived: bool


class ComponentOut(Schema):
    key: str
    score: float | None
    explanation: str
    inputs: dict[str, Any] = {}
    evidence: list[dict[str, str]] = []


class SnapshotOut(Schema):
    month: dt.date
    computed_at: dt.datetime
    overall: float | None
    weights: dict[str, float]
    missing: list[str]
    note: str
    drivers: list[dict[str, Any]]
    components: list[ComponentOut]


class AlertOut(Schema):
    id: int
    rule: str
    reason: str
    look_at: str
    look_at_url: str
    organisation_id: int | None
    fired_at: dt.datetime
    acknowledged_at: dt.datetime | None
    acknowledgement: str


class AcknowledgeIn(Schema):
    note: str


class RuleOut(Schema):
    id: int
    kind: Annotated[str, one_of(AlertRule.Kind)]
    label: str
    threshold: float
    threshold_meaning: str
    enabled: bool


class RuleIn(Schema):
    threshold: float | None = None
    enabled: bool | None = None


class HandoverItemOut(Schema):
    id: int
    text: str
    url: str
    done: bool


class HandoverOut(Schema):
    id: int
    leaving: str
    leaving_on: dt.date | None
    incoming: str | None
    completed_at: dt.datetime | None
    items: list[HandoverItemOut]


class HandoverItemIn(Schema):
    done: bool


class CheckOut(Schema):
    key: str
    title: str
    status: str
    status_label: str
    found: str
    action: str


class ReadinessOut(Schema):
    ready: bool
    summary: str
    checks: list[CheckOut]


class PortfolioRow(Schema):
    partnership_id: int
    name: str
    month: dt.date | None
    overall: float | None
    trend: float | None
    scores: dict[str, float | None]
    withheld: list[str]
    open_warnings: int
    live_now: int | None
    target_live: int | None
    goal_progress: float | None


def _event(e: ChangeEvent) -> dict:
    return {"id": e.pk, "kind": e.kind, "date": e.date, "note": e.note, "impact": e.impact,
            "organisation_id": e.organisation_id, "derived": e.derived}


@router.get("/partnerships/{pk}/health/events", response=list[EventOut], summary=gettext_noop("Events"))
def events(request: HttpRequest, pk: int) -> list[dict]:
    access = policy.get_partnership(request.user, pk, need="view_members")
    return [_event(e) for e in ChangeEvent.objects.filter(partnership=access.partnership)]


@router.post("/partnerships/{pk}/health/events", response={201: EventOut},
             summary=gettext_noop("Event Create"))
def event_create(request: HttpRequest, pk: int, payload: EventIn) -> tuple[int, dict]:
    access = policy.get_partnership(request.user, pk, need="edit")
    org = None
    if payload.organisation_id is not None:
        org = Organisation.objects.filter(pk=payload.organisation_id,
                                          memberships__partnership=access.partnership).first()
        if org is None:  # the same answer for an unknown id and another partnership's organisation
            raise ValidationError({"organisation_id": gettext("No member organisation of this partnership has that id.")})
    event = services.event_create(actor=request.user, partnership=access.partnership, kind=payload.kind,
                                  date=payload.date, note=payload.note, impact=payload.impact, organisation=org)
    return 201, _event(event)


def _snapshot(s: HealthSnapshot, members: bool, confidential: bool) -> dict:
    comps = []
    for c in s.components:
        withheld = not confidential and c["key"] == "trust" and bool((c.get("inputs") or {}).get("confidential"))
        comps.append({"key": c["key"], "score": None if withheld else c["score"],
                      "explanation": "Withheld: from a confidential survey wave." if withheld else selectors.explanation(c),
                      "inputs": c.get("inputs", {}) if members and not withheld else {},
                      "evidence": [selectors.evidence(e) for e in c.get("evidence", [])] if members else []})
    hidden = {c["key"] for c in comps if c["score"] is None and c["explanation"].startswith("Withheld")}
    drivers = [d if d["key"] not in hidden else {**d, "before": None, "after": None, "change": None, "effect": 0.0,
                                                  "note": "withheld"} for d in s.drivers]
    return {"month": s.month, "computed_at": s.computed_at, "overall": s.overall, "weights": s.weights,
            "missing": s.missing, "note": s.note, "drivers": drivers, "components": comps}


@router.get("/partnerships/{pk}/health/snapshots", response=list[SnapshotOut],
            summary=gettext_noop("Snapshots"),
            description=gettext_noop("Every monthly snapshot, oldest first. Funders get scores only: no inputs, "
                                     "no evidence links; a trust\nscore from a confidential wave is withheld from "
                                     "anyone who may not see confidential results."))
def snapshots(request: HttpRequest, pk: int) -> list[dict]:
    access = policy.get_partnership(request.user, pk)
    members, confidential = access.can("view_members"), access.can("view_confidential")
    return [_snapshot(s, members, confidential) for s in HealthSnapshot.objects.filter(partnership=access.partnership)]


@router.post("/partnerships/{pk}/health/snapshots", response={201: SnapshotOut},
             summary=gettext_noop("Snapshot Take"))
def snapshot_take(request: HttpRequest, pk: int) -> tuple[int, dict]:
    access = policy.get_partnership(request.user, pk, need="edit")
    return 201, _snapshot(services.snapshot_now(partnership=access.partnership, actor=request.user), True, True)


def _alert(alert: Alert, access: Any) -> dict:
    a = alert.seen_by(access)  # trust results by organisation only for those who may see them
    return {"id": a.pk, "rule": a.rule.kind, "reason": stored_text.render(a.reason),
            "look_at": stored_text.render(a.look_at), "look_at_url": a.look_at_url,
            "organisation_id": a.organisation_id, "fired_at": a.fired_at, "acknowledged_at": a.acknowledged_at,
            "acknowledgement": a.acknowledgement}


@router.get("/partnerships/{pk}/health/alerts", response=list[AlertOut], summary=gettext_noop("Alerts"))
def alerts(request: HttpRequest, pk: int, open_only: bool = False) -> list[dict]:
    access = policy.get_partnership(request.user, pk, need="view_members")
    qs = Alert.objects.filter(partnership=access.partnership).select_related("rule")
    if open_only:
        qs = qs.filter(acknowledged_at__isnull=True)
    return [_alert(a, access) for a in qs]


@router.post("/partnerships/{pk}/health/alerts/{alert_id}/acknowledge", response=AlertOut,
             summary=gettext_noop("Alert Acknowledge"))
def alert_acknowledge(request: HttpRequest, pk: int, alert_id: int, payload: AcknowledgeIn) -> dict:
    alert, access = policy.get_object(request.user, Alert.objects.filter(partnership_id=pk).select_related("rule"),
                                      pk=alert_id, need="edit")
    return _alert(services.alert_acknowledge(actor=request.user, alert=alert, note=payload.note), access)


def _rule(r: AlertRule) -> dict:
    return {"id": r.pk, "kind": r.kind, "label": r.get_kind_display(), "threshold": r.threshold,
            "threshold_meaning": r.threshold_meaning, "enabled": r.enabled}


@router.get("/partnerships/{pk}/health/rules", response=list[RuleOut], summary=gettext_noop("Rules"))
def rules(request: HttpRequest, pk: int) -> list[dict]:
    access = policy.get_partnership(request.user, pk, need="view_members")
    return [_rule(r) for r in services.rules_ensure(access.partnership)]


@router.patch("/partnerships/{pk}/health/rules/{rule_id}", response=RuleOut,
              summary=gettext_noop("Rule Update"))
def rule_update(request: HttpRequest, pk: int, rule_id: int, payload: RuleIn) -> dict:
    rule, _ = policy.get_object(request.user, AlertRule.objects.filter(partnership_id=pk), pk=rule_id, need="edit")
    return _rule(services.rule_update(actor=request.user, rule=rule, threshold=payload.threshold,
                                      enabled=payload.enabled))


def _handover(h: Handover) -> dict:
    return {"id": h.pk, "leaving": h.leaving.name, "leaving_on": h.leaving.end_date,
            "incoming": h.incoming.name if h.incoming else None, "completed_at": h.completed_at,
            "items": [{"id": i.pk, "text": stored_text.render(i.text), "url": i.url, "done": i.done} for i in h.items.all()]}


@router.get("/partnerships/{pk}/health/handovers", response=list[HandoverOut],
            summary=gettext_noop("Handovers"))
def handovers(request: HttpRequest, pk: int) -> list[dict]:
    access = policy.get_partnership(request.user, pk, need="view_members")
    qs = Handover.objects.filter(partnership=access.partnership).select_related("leaving", "incoming")
    return [_handover(h) for h in qs.prefetch_related("items")]


@router.patch("/partnerships/{pk}/health/handovers/{handover_id}/items/{item_id}", response=HandoverOut,
              summary=gettext_noop("Handover Item"))
def handover_item(request: HttpRequest, pk: int, handover_id: int, item_id: int, payload: HandoverItemIn) -> dict:
    item, _ = policy.get_object(request.user, HandoverItem.objects.filter(handover__partnership_id=pk,
                                                                          handover_id=handover_id),
                                pk=item_id, need="act", partnership_field="handover__partnership")
    services.handover_item_mark(actor=request.user, item=item, done=payload.done)
    return _handover(Handover.objects.select_related("leaving", "incoming").get(pk=handover_id))


@router.get("/partnerships/{pk}/health/readiness", response=ReadinessOut,
            summary=gettext_noop("Readiness Result"))
def readiness_result(request: HttpRequest, pk: int) -> dict:
    access = policy.get_partnership(request.user, pk)
    return selectors.readiness(access.partnership).as_dict()


@router.get("/funders/portfolio", response=list[PortfolioRow], summary=gettext_noop("Funder Portfolio"),
            description=gettext_noop("The partnerships the signed-in user funds (empty for anyone who funds "
                                     "none): aggregates only."))
def funder_portfolio(request: HttpRequest, sort: str = "name", q: str = "") -> list[dict]:
    rows = selectors.sort_and_filter(selectors.rows_for(request.user), sort=sort, q=q)
    return [{"partnership_id": r.partnership_id, "name": r.name, "month": r.month, "overall": r.overall,
             "trend": r.trend, "scores": r.scores, "withheld": sorted(r.withheld), "open_warnings": r.warnings,
             "live_now": r.live_now, "target_live": r.target_live, "goal_progress": r.goal_progress} for r in rows]
