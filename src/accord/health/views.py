"""Health pages. Each view fetches through core.policy first and calls services for writes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.analytics.health import COMPONENTS, DEFAULT_WEIGHTS, LABELS
from accord.core import listing, policy
from accord.lib.charts import Series, line_chart
from accord.lib.exports import FORMATS
from accord.lib.formerrors import apply_errors

from . import portfolio, readiness, services, signals, summary
from .forms import AcknowledgeForm, EventForm, HandoverItemForm, RuleForm, WeightsForm
from .models import Alert, AlertRule, ChangeEvent, Handover, HandoverItem, HealthSnapshot

PER_PAGE = 50


def _ctx(access: policy.Access, **extra: Any) -> dict[str, Any]:
    return {"access": access, "partnership": access.partnership, "section": "health", **extra}


def home_panel(request: HttpRequest, access: policy.Access) -> str:
    snap = HealthSnapshot.objects.filter(partnership=access.partnership).order_by("-month").first()
    open_alerts = (Alert.objects.filter(partnership=access.partnership, acknowledged_at__isnull=True).count()
                   if access.can("view_members") else None)
    return render_to_string("health/_panel.html", {"snapshot": snap, "open_alerts": open_alerts, "access": access},
                            request=request)


@login_required
def index(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk)
    snaps = list(HealthSnapshot.objects.filter(partnership=access.partnership).order_by("month"))
    latest = snaps[-1] if snaps else None
    shown = summary.seen(access, latest)
    chart = line_chart([Series(_("Overall index"), [(s.month, s.overall) for s in snaps])],
                       title=_("Health index by month"), y_max=100, y_label=_("index")) if len(snaps) > 1 else ""
    alerts = summary.open_alerts(access)
    weights = services.settings_for(access.partnership).weights()
    return render(request, "health/index.html", _ctx(
        access, latest=latest, components=shown["components"], drivers=shown["drivers"], history=snaps[-12:], chart=chart, alerts=alerts,
        weights=[(_(LABELS[k]), weights[k], DEFAULT_WEIGHTS[k]) for k in COMPONENTS]))


@login_required
@require_POST
def snapshot_now(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    snap = services.snapshot_now(partnership=access.partnership, actor=request.user)
    messages.success(request, _("Health recomputed for %(month)s.") % {"month": date_format(snap.month, "F Y")})
    return redirect("health:index", pk=pk)


def _series(partnership: Any) -> tuple[list[Series], list[dict[str, Any]]]:
    waves = signals.waves(partnership)
    meetings = signals.attendance_by_meeting(partnership)
    roll = signals.read("delivery", lambda s: s.rollout, partnership) or {}
    trust = [(w["closed_on"], None if w.get("trust_pct") is None else round(w["trust_pct"], 1))
             for w in waves if w.get("closed_on")]
    attendance = [(m["date"], None if (s := signals.meeting_attendance_share(m)) is None else round(100 * s, 1))
                  for m in meetings if m.get("date")]
    target = roll.get("target_live")
    delivery = [(d, round(100 * n / target, 1) if target else float(n)) for d, n in roll.get("series") or []]
    series = [Series(_("Trust %"), trust), Series(_("Senior attendance %"), attendance),
              Series(_("Areas live (% of ambition)") if target else _("Areas live"), delivery, dashed=True)]
    rows: list[dict[str, Any]] = []
    for line in series:
        rows += [{"date": d, "series": line.name, "value": v} for d, v in line.points]
    return series, sorted(rows, key=lambda r: r["date"])


@login_required
def timeline(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="view_members")
    # a page of the events (all of them up to ACCORD_PAGE_SIZE), searched by partner, kind or note, with a
    # count of each kind: a partnership of 2,000 partners has thousands of leader and funding changes
    everything = ChangeEvent.objects.filter(partnership=access.partnership)
    kinds = dict(ChangeEvent.Kind.choices)
    counts = [(kinds.get(k, k), n) for k, n in everything.order_by("kind").values_list("kind").annotate(n=Count("pk"))]
    q = request.GET.get("q", "").strip()
    shown = everything.select_related("organisation")
    for word in q.split():
        found = [k for k, label in kinds.items() if word.lower() in str(label).lower()]
        shown = shown.filter(Q(organisation__name__icontains=word) | Q(note__icontains=word) | Q(kind__in=found))
    pager = listing.paginate(request, shown, label=_("change events"))
    events = list(pager.rows)
    series, rows = _series(access.partnership)
    # the chart marks the events listed below (all of them when they fit on one page)
    markers = [(e.date, e.get_kind_display()) for e in events]
    chart = line_chart(series, title=_("Trust, senior attendance and delivery, with change events"), y_max=100,
                       markers=markers)
    return render(request, "health/timeline.html", _ctx(access, events=events, chart=chart, rows=rows, pager=pager,
                                                         counts=counts, q=q, total=sum(n for _, n in counts)))


@login_required
def event_add(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    form = EventForm(request.POST or None, partnership=access.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_create(actor=request.user, partnership=access.partnership, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Event added to the timeline."))
            return redirect("health:timeline", pk=pk)
    return render(request, "core/form.html", _ctx(access, form=form, title=_("Record a change"),
                                                  cancel_url=f"/p/{pk}/health/timeline/"))


@login_required
def event_edit(request: HttpRequest, pk: int, event_pk: int) -> HttpResponse:
    event, access = policy.get_object(request.user, ChangeEvent.objects.all(), pk=event_pk, need="edit",
                                      within=pk)
    if event.partnership_id != int(pk):
        from django.http import Http404

        raise Http404("Not found")
    form = EventForm(request.POST or None, instance=event, partnership=access.partnership, derived=event.derived)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("health:timeline", pk=pk)
    intro = _("This event comes from the data (a person's dates or a funding stream): you can change its note and "
              "expected impact.") if event.derived else ""
    return render(request, "core/form.html", _ctx(access, form=form, title=_("Change an event"), intro=intro,
                                                  cancel_url=f"/p/{pk}/health/timeline/"))


@login_required
def weights(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    current = services.settings_for(access.partnership)
    form = WeightsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.weights_update(actor=request.user, partnership=access.partnership,
                                    weights={k: form.cleaned_data[f"weight_{k}"] for k in COMPONENTS})
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Weights saved. They apply from the next snapshot (or recompute now)."))
            return redirect("health:index", pk=pk)
    return render(request, "core/form.html", _ctx(
        access, form=form, title=_("Weights of the health index"), cancel_url=f"/p/{pk}/health/",
        intro=_("How much each component counts in the overall index. A component with no data is left out and "
                "the others are shared out in proportion.")))


@login_required
def rules(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="view_members")
    all_rules = services.rules_ensure(access.partnership)
    forms = {r.pk: RuleForm(instance=r, prefix=f"r{r.pk}") for r in all_rules}
    if request.method == "POST":
        access = policy.check(request.user, access.partnership, need="edit")
        rule = next((r for r in all_rules if str(r.pk) == request.POST.get("rule")), None)
        if rule is not None:
            form = RuleForm(request.POST, instance=AlertRule.objects.get(pk=rule.pk), prefix=f"r{rule.pk}")
            forms[rule.pk] = form
            if form.is_valid():
                try:
                    services.rule_update(actor=request.user, rule=rule, threshold=form.cleaned_data["threshold"],
                                         enabled=form.cleaned_data["enabled"])
                except ValidationError as exc:
                    apply_errors(form, exc)
                else:
                    messages.success(request, _("Saved “%(rule)s”.") % {"rule": rule})
                    return redirect("health:rules", pk=pk)
    return render(request, "health/rules.html", _ctx(access, rules=[(r, forms[r.pk]) for r in all_rules]))


@login_required
def alerts(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="view_members")
    qs = Alert.objects.filter(partnership=access.partnership).select_related("rule", "acknowledged_by", "organisation")
    show = request.GET.get("show", "open")
    if show != "all":
        qs = qs.filter(acknowledged_at__isnull=True)
    return render(request, "health/alerts.html", _ctx(access, alerts=[a.seen_by(access) for a in qs], show=show,
                                                       form=AcknowledgeForm()))


@login_required
def alert_acknowledge(request: HttpRequest, pk: int, alert_pk: int) -> HttpResponse:
    """The alert for every partner (the health page links here); acknowledging it is the manager's."""
    alert, access = policy.get_object(request.user, Alert.objects.filter(partnership_id=pk), pk=alert_pk,
                                      need="edit" if request.method == "POST" else "view_members")
    form = AcknowledgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.alert_acknowledge(actor=request.user, alert=alert, note=form.cleaned_data["note"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Alert acknowledged."))
            return redirect("health:alerts", pk=pk)
    return render(request, "health/alert.html", _ctx(access, alert=alert.seen_by(access), form=form))


@login_required
def handovers(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="view_members")
    items = Handover.objects.filter(partnership=access.partnership).select_related("leaving__organisation", "incoming")
    return render(request, "health/handovers.html", _ctx(access, handovers=items))


@login_required
def handover_detail(request: HttpRequest, pk: int, handover_pk: int) -> HttpResponse:
    handover, access = policy.get_object(request.user, Handover.objects.filter(partnership_id=pk)
                                         .select_related("leaving__organisation", "incoming"),
                                         pk=handover_pk, need="view_members")
    form = HandoverItemForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "add":
            policy.check(request.user, access.partnership, need="edit")
            form = HandoverItemForm(request.POST)
            if form.is_valid():
                services.handover_item_add(actor=request.user, handover=handover, text=form.cleaned_data["text"])
                return redirect("health:handover", pk=pk, handover_pk=handover.pk)
        elif action == "refresh":
            policy.check(request.user, access.partnership, need="edit")
            services.handover_open(partnership=access.partnership, leaving=handover.leaving, actor=request.user)
            messages.success(request, _("Checklist brought up to date with what they held."))
            return redirect("health:handover", pk=pk, handover_pk=handover.pk)
        else:
            policy.check(request.user, access.partnership, need="act")
            item_pk = request.POST.get("item", "")
            item = (HandoverItem.objects.filter(handover=handover, pk=int(item_pk)).first()
                    if item_pk.isascii() and item_pk.isdigit() else None)
            if item is not None:
                services.handover_item_mark(actor=request.user, item=item, done=action == "done")
            return redirect("health:handover", pk=pk, handover_pk=handover.pk)
    held = services.held_by(handover.leaving, access.partnership)
    if not access.can("view_confidential"):
        held["relationships"] = None  # survey detail: senior leaders and the manager only
    elif held["relationships"] is not None:
        held["relationships"] = _by_partner(held["relationships"])
    if held["items"]:
        readable = signals.read("library", lambda s: s.readable_ids, access) or set()
        held["items"] = [i for i in held["items"] if i.get("id") in readable]
    return render(request, "health/handover.html", _ctx(access, handover=handover, held=held,
                                                        items=handover.items.select_related("done_by"), form=form))


def _by_partner(rows: list[dict]) -> list[dict]:
    """One line per partner the leader answered about (the selector gives one per wave), oldest first."""
    out: dict[str, dict] = {}
    for r in rows:
        line = out.setdefault(r.get("about_org", ""), {"about_org": r.get("about_org", ""), "waves": []})
        line["waves"].append({"wave": r.get("wave", ""), "url": r.get("url", "")})
    return list(out.values())


@login_required
def readiness_page(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk)
    result = readiness.check(access.partnership)
    return render(request, "health/readiness.html", _ctx(access, result=result, today=timezone.localdate()))


@login_required
def funders(request: HttpRequest) -> HttpResponse:
    rows = portfolio.rows_for(request.user)
    if not rows and not portfolio.funded_partnerships(request.user).exists():
        return render(request, "health/funders.html", {"rows": [], "none": True}, status=200)
    sort = request.GET.get("sort", "name")
    q = request.GET.get("q", "").strip()
    below_raw = request.GET.get("below", "").strip()
    error = ""
    below = None
    if below_raw:
        try:
            below = float(below_raw)
        except ValueError:
            error = _("“Index below” must be a number from 0 to 100.")
    shown = portfolio.sort_and_filter(rows, sort=sort, q=q, below=below, with_warnings=bool(request.GET.get("warnings")))
    if request.GET.get("format") in FORMATS:
        return portfolio.export(shown, request.GET["format"])
    paginator = Paginator(shown, PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    columns = [("name", _("Partnership")), ("overall", _("Index")), ("trend", _("Change")),
               *[(k, _(LABELS[k])) for k in COMPONENTS], ("warnings", _("Open warnings"))]
    return render(request, "health/funders.html", {
        "rows": page.object_list, "page": page, "shown": len(shown), "total": len(rows), "sort": sort, "q": q, "below": below_raw, "error": error,
        "warnings": request.GET.get("warnings", ""), "columns": columns, "components": COMPONENTS,
        "query": _without(request, "page"), "page_query": _without(request, "page", "format")})


def _without(request: HttpRequest, *names: str) -> str:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()
