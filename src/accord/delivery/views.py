"""Pages for delivery: the ambition view, areas and their stages, funding and the 360Giving import.
Each view fetches through core.policy first and calls services for writes."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accord.core import listing, policy
from accord.lib.charts import Series, line_chart
from accord.lib.formerrors import apply_errors

from . import giving, selectors, services
from .forms import AmbitionForm, AreaForm, FundingForm, ImportForm, MoveForm
from .models import Ambition, Area, FundingStream, PendingImport


def _target_on(r: dict, on: dt.date) -> float | None:
    """The straight line from none live at the start to the target on the target date."""
    start, end, target = r["start_date"], r["target_date"], r["target_live"]
    if not (start and end and target):
        return None
    if on <= start:
        return 0.0
    return round(target * min(1.0, (on - start).days / ((end - start).days or 1)), 1)


def ambition_chart(r: dict, today: dt.date) -> SafeString:
    steps: list[tuple[dt.date, float | None]] = []
    for i, (on, count) in enumerate(r["series"]):
        if i:
            steps.append((on - dt.timedelta(days=1), float(r["series"][i - 1][1])))
        steps.append((on, float(count)))
    if steps and steps[-1][0] < today:
        steps.append((today, steps[-1][1]))
    series = [Series(_("Live areas"), steps)]
    if r["target_live"]:
        series.append(Series(_("Target: %(target)s by %(date)s") % {"target": r["target_live"],
                                                                 "date": date_format(r["target_date"], "M Y")},
                             [(r["start_date"], 0.0), (r["target_date"], float(r["target_live"]))], dashed=True))
    top = max([r["target_live"] or 0] + [c for _on, c in r["series"]] + [1])
    return line_chart(series, title=_("Live areas over time against the target"), y_max=top + 1,
                      y_label=_("areas"))


@login_required
def home(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk)
    partnership = access.partnership
    today = timezone.localdate()
    r = selectors.rollout(partnership)
    table = [{"on": on, "live": count, "target": _target_on(r, on)} for on, count in r["series"]]
    areas = selectors.areas_with_moves(partnership)
    return render(request, "delivery/home.html", {
        "access": access, "section": "delivery", "r": r, "chart": ambition_chart(r, today), "table": table,
        "by_stage": selectors.areas_by_stage(partnership), "areas": areas,
        "target_today": _target_on(r, today),
    })


@login_required
def ambition_edit(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    instance = Ambition.objects.filter(partnership=access.partnership).first()
    form = AmbitionForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.ambition_set(actor=request.user, partnership=access.partnership, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Ambition saved."))
            return redirect("delivery:home", pk)
    return render(request, "core/form.html", {"form": form, "access": access, "section": "delivery",
                                              "title": _("Set the ambition"), "cancel_url": f"/p/{pk}/delivery/"})


def _area(access: policy.Access, area_pk: int) -> Area:
    area = access.partnership.areas.filter(pk=area_pk).first()
    if area is None:
        raise Http404("Not found")
    return area


@login_required
def area(request: HttpRequest, pk: int, area_pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk)
    a = _area(access, area_pk)
    form = None
    if access.can("edit"):
        form = MoveForm(request.POST or None, initial={"on": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            try:
                move = services.stage_move(actor=request.user, area=a, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("%(area)s is %(stage)s from %(date)s.") % {
                    "area": a, "stage": move.get_stage_display().lower(), "date": date_format(move.on, "d F Y")})
                return redirect("delivery:area", pk, a.pk)
    elif request.method == "POST":
        raise PermissionDenied(_("Only the partnership manager can record stage moves."))
    return render(request, "delivery/area.html", {
        "access": access, "section": "delivery", "area": a, "moves": a.moves.order_by("on", "pk"),
        "current": a.current_move(), "form": form, "streams": a.funding_streams.select_related("funder"),
    })


@login_required
def area_edit(request: HttpRequest, pk: int, area_pk: int | None = None) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    a = _area(access, area_pk) if area_pk else Area(partnership=access.partnership)
    form = AreaForm(request.POST or None, instance=a, partnership=access.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            services.area_save(actor=request.user, area=form.instance,
                               local_partners=form.cleaned_data["local_partners"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved %(area)s.") % {"area": form.instance})
            return redirect("delivery:area", pk, form.instance.pk)
    return render(request, "core/form.html", {"form": form, "access": access, "section": "delivery",
                                              "title": _("Edit an area") if area_pk else _("Add an area"),
                                              "cancel_url": f"/p/{pk}/delivery/"})


@login_required
def funding(request: HttpRequest, pk: int) -> HttpResponse:
    """Funding by partner, by year and stream by stream. A national partnership has thousands of partners and
    hundreds of streams: past ACCORD_PAGE_SIZE rows each list shows a page at a time, searched by partner,
    stream or funder, and every stream is in the funding download (issue 21). Small partnerships see it all."""
    access = policy.get_partnership(request.user, pk)
    summary = selectors.funding_summary(access.partnership)
    q = request.GET.get("q", "").strip()
    by_partner, streams = summary["by_partner"], summary["streams"]
    searchable = bool(q) or max(len(by_partner), len(streams)) > listing.page_size()
    if q:
        by_partner = [r for r in by_partner if listing.matches(str(r["partner"]), q)]
        streams = [s for s in streams if listing.matches(f"{s.title} {s.funder.name} {s.grant_id}", q)]
    return render(request, "delivery/funding.html", {
        "access": access, "section": "delivery", "s": summary, "q": q, "searchable": searchable,
        "partners": listing.paginate(request, by_partner, label=_("partners"), param="partners"),
        "streams": listing.paginate(request, streams, label=_("funding streams"), param="streams")})


@login_required
def funding_edit(request: HttpRequest, pk: int, stream_pk: int | None = None) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    stream: FundingStream | None = FundingStream(partnership=access.partnership)
    if stream_pk:
        stream = access.partnership.funding_streams.filter(pk=stream_pk).first()
        if stream is None:
            raise Http404("Not found")
    form = FundingForm(request.POST or None, instance=stream, partnership=access.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            services.funding_save(actor=request.user, stream=form.instance, partners=form.cleaned_data["partners"],
                                  areas=form.cleaned_data["areas"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved “%(title)s”.") % {"title": form.instance})
            return redirect("delivery:funding", pk)
    return render(request, "core/form.html", {"form": form, "access": access, "section": "delivery",
                                              "title": _("Edit a funding stream") if stream_pk else _("Add a funding stream"),
                                              "cancel_url": f"/p/{pk}/delivery/funding/"})


IMPORT_REFRESH_SECONDS = 2


@login_required
def import_upload(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        limit = settings.DELIVERY_IMPORT_MAX_MB
        if upload.size > limit * 1024 * 1024:
            form.add_error("file", _("The file is larger than %(limit)s MB; split it into smaller files.") % {"limit": limit})
        else:
            try:
                pending = giving.start(actor=request.user, partnership=access.partnership, filename=upload.name,
                                       data=upload.read())
            except ValidationError as exc:
                problems = exc.messages
            else:
                if pending.state != PendingImport.State.FAILED:
                    return redirect("delivery:import-preview", pk, pending.pk)
                problems = pending.problems  # already checked (a quick worker, or tests)
    return render(request, "delivery/import.html", {"access": access, "section": "delivery", "form": form,
                                                    "problems": problems})


@login_required
def import_preview(request: HttpRequest, pk: int, import_pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    pending = PendingImport.objects.filter(partnership=access.partnership, pk=import_pk).first()
    if pending is None:
        raise Http404("Not found")
    if pending.state != PendingImport.State.READY and request.method != "POST":
        # being checked in the background: the page reloads itself (no script) until the preview is ready
        return render(request, "delivery/import_status.html", {
            "access": access, "section": "delivery", "pending": pending,
            "percent": int(100 * pending.processed / pending.total) if pending.total else 0,
            "refresh_seconds": IMPORT_REFRESH_SECONDS})
    if request.method == "POST":
        try:
            created = giving.confirm(actor=request.user, pending=pending)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("delivery:import-preview", pk, pending.pk)
        messages.success(request, ngettext("Imported %(count)s funding stream from %(file)s.",
                                       "Imported %(count)s funding streams from %(file)s.", len(created))
                     % {"count": len(created), "file": pending.filename})
        return redirect("delivery:funding", pk)
    return render(request, "delivery/import_preview.html", {"access": access, "section": "delivery",
                                                            "pending": pending, "p": pending.preview})
