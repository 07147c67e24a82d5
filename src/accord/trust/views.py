"""Trust pages: the partnership's surveys and results (through core.policy), and the survey itself
(through a personal signed link, no sign-in)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext
from django.views.decorators.http import require_POST

from accord.core import listing, policy
from accord.lib import charts as lib_charts
from accord.lib import exports
from accord.lib.csvimport import ImportRejected
from accord.lib.exports import download
from accord.lib.formerrors import apply_errors
from accord.partners import selectors as partner_selectors

from . import charts, importing, questions, selectors, services
from .forms import FactorAnswersForm, ImportForm, PartnerAnswersForm, WaveForm
from .models import FactorAnswer, FactorItem, Instrument, Invitation, Rating, Response, Wave
from .todos import invitation_of


def _wave(access: policy.Access, wave_pk: int) -> Wave:
    wave = selectors.waves(access.partnership).filter(pk=wave_pk).first()
    if wave is None:
        raise Http404("Not found")
    return wave


def _leader_markers(partnership: Any) -> list:
    markers = []
    for person in partner_selectors.leader_changes(partnership):
        if person.start_date > partnership.start_date:
            markers.append((person.start_date, _("New leader: %(organisation)s") % {"organisation": person.organisation.name}))
    return markers


@login_required
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk)
    partnership = access.partnership
    results = selectors.closed_results(partnership)
    shown = [(r, selectors.visibility(r.wave, r, access)) for r in results]
    trend_rows = [{"wave": r.wave, "result": r, "vis": v, "outside": selectors.shown_outside(r)} for r, v in shown]
    # a confidential wave's totals are shown on its own page only: never on a trend beside other waves
    points = [(r.wave.closed_on, r, v) for r, v in shown
              if r.wave.closed_on is not None and v.aggregates and selectors.shown_outside(r)]
    trend = lib_charts.line_chart(
        [lib_charts.Series(_("Trust (% of maximum)"), [(d, r.trust_pct) for d, r, _v in points]),
         lib_charts.Series(_("Value (% of maximum)"), [(d, r.value_pct) for d, r, _v in points], dashed=True)],
        title=_("Trust and value across the partnership, survey by survey"), y_min=0, y_max=100, y_label="%",
        markers=_leader_markers(partnership),
    )
    partner_trend = None
    partner_rows: list[dict[str, Any]] = []
    large: dict[str, Any] = {}
    named = [(r, v) for r, v in shown if v.named and selectors.shown_outside(r)]
    if named:
        names: dict[int, str] = {}
        series: dict[int, list] = {}
        # what the wave's own page and the API show: a score resting on one person's answers is left out
        shown_orgs = {r.pk: selectors.named_orgs(r.wave, r) for r, _v in named}
        for r, _v in named:
            for o in shown_orgs[r.pk]:
                names[o["id"]] = o["name"]
                series.setdefault(o["id"], []).append((r.wave.closed_on, o["trust_received"]))
        order = sorted(names, key=lambda i: names[i])
        partner_names = [(i, names[i]) for i in order]
        if listing.too_wide(len(order)):
            large = _large_overview(request, named, shown_orgs, partner_names)
        else:
            markers = _leader_markers(partnership)
            # one small chart per partner: eight lines on one chart cannot be told apart
            partner_trend = [
                (names[i], lib_charts.line_chart(
                    [lib_charts.Series(names[i], series[i])], title=_("Trust %(partner)s receives, survey by survey") % {"partner": names[i]},
                    y_min=1, y_max=4, width=360, height=200, markers=markers))
                for i in order]
            partner_rows = [{"wave": r.wave, "values": {o["id"]: o["trust_received"] for o in shown_orgs[r.pk]}}
                            for r, _v in named]
    else:
        partner_names = []
    return render(request, "trust/overview.html", {
        "access": access, "section": "trust", "waves": selectors.waves(partnership),
        "trend": trend, "trend_rows": trend_rows, "partner_trend": partner_trend, "partner_rows": partner_rows,
        "partner_names": partner_names, **large,
    })


def _large_overview(request: HttpRequest, named: list[tuple[Any, Any]], shown_orgs: dict[int, list[dict[str, Any]]],
                    partner_names: list[tuple[int, str]]) -> dict[str, Any]:
    """Too many partners for a chart each: a row per partner with the trust it received in each named
    survey (a page at a time, searched by name), and the partners whose trust fell most since the survey
    before; each survey's figures for every organisation are its page's download."""
    received = [{o["id"]: o["trust_received"] for o in shown_orgs[r.pk]} for r, _v in named]
    rows: list[dict[str, Any]] = []
    for i, name in partner_names:
        values: list[float | None] = [v.get(i) for v in received]
        latest, before = (values[-1], values[-2]) if len(values) > 1 else (None, None)
        change = latest - before if latest is not None and before is not None else None
        rows.append({"name": name, "values": values, "change": change})
    q = request.GET.get("partner", "").strip()
    pager = listing.paginate(request, [r for r in rows if listing.matches(r["name"], q)], label="partners",
                             param="partners")
    falls = sorted((r for r in rows if r["change"] is not None and r["change"] < 0), key=lambda r: r["change"])
    return {"partner_pager": pager, "partner_query": q, "partner_waves": [r.wave for r, _v in named],
            "partner_falls": falls[:10], "partner_count": len(rows)}


@login_required
def wave_new(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    form = WaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            wave = services.wave_open(actor=request.user, partnership=access.partnership, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            count = wave.invitations.count()
            messages.success(request, ngettext("“%(wave)s” is open: %(count)d person was sent their personal link.",
                                               "“%(wave)s” is open: %(count)d people were sent their personal link.",
                                               count) % {"wave": wave.name, "count": count})
            return redirect(wave)
    return render(request, "core/form.html", {
        "access": access, "section": "trust", "form": form, "title": _("Open a survey wave"), "submit": _("Open and invite"),
        "cancel_url": reverse("trust:overview", args=[pk]),
    })


@login_required
def wave_detail(request: HttpRequest, pk: int, wave_pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk)
    wave = _wave(access, wave_pk)
    result = getattr(wave, "result", None) if not wave.is_open else None
    vis = selectors.visibility(wave, result, access)
    context: dict[str, Any] = {"access": access, "section": "trust", "wave": wave, "result": result, "vis": vis,
                               "min_orgs": settings.TRUST_CONFIDENTIAL_MIN_ORGS}
    if access.is_manager:
        progress = services.progress_by_organisation(wave)
        context["progress"] = progress
        if listing.too_wide(len(progress)):  # the totals, then a page of organisations
            context["progress_totals"] = {k: sum(r[k] for r in progress)
                                          for k in ("invited", "started", "finished", "imported")}
            context["progress_pager"] = listing.paginate(request, progress, label="who has answered", param="answered")
            context["progress"] = context["progress_pager"].rows
    if wave.accepting_answers and access.can("act"):
        context["my_invitation"] = invitation_of(request.user, wave)
    if result is not None and vis.aggregates:
        # the parts of the detail the page shows, read alone (the pairs of a large wave are tens of megabytes)
        context["factors"] = [{**f, "label": _(questions.FACTOR_LABELS.get(f.get("factor", ""), f.get("label", ""))),
                               "band_label": _(questions.BAND_LABELS[f["band"]]),
                               "width": charts.bar(f["mean"], 5)} for f in selectors.stored_part(result, "factors") or []
                              if f["answers"]]
        context["changes"] = selectors.result_changes(result)
    if result is not None and vis.named:
        # what one person said alone is left out; a large wave's pairs and network come from the stored summary
        # stored again first when the minimum of respondents changed since the wave closed
        shown = selectors.named_summary(wave, result, summary=services.page_summary_refresh(wave=wave, result=result))
        large = listing.too_wide(len(shown["orgs"]))
        if not large:
            shown = selectors.named_detail(wave, result)
        orgs = shown["orgs"]
        context["orgs"] = orgs
        context["withheld"], context["min_respondents"] = shown["withheld"], shown["minimum"]
        context["central"] = shown["central"]  # worked out without the withheld organisations' contact
        context["dimension_labels"] = [_(questions.DIMENSION_LABELS[c]) for c in questions.DIMENSION_CODES]
        if large:
            context.update(_large_wave(request, orgs, shown))
        else:
            context.update(_small_wave(wave, orgs, shown["pairs"]))
    return render(request, "trust/wave.html", context)


def _small_wave(wave: Wave, orgs: list[dict[str, Any]], pairs: list[dict[str, Any]]) -> dict[str, Any]:
    """Every organisation at once: the matrices (a column per organisation), the map and the tables."""
    contacts: dict[int, list[str]] = {o["id"]: [] for o in orgs}
    names = {o["id"]: o["name"] for o in orgs}
    for p in pairs:
        if p.get("contact"):
            contacts[p["from"]].append(_("%(organisation)s (%(contact)s)") % {
                "organisation": names.get(p["about"], "?"), "contact": _(questions.CONTACT_CHOICES[p["contact"]][1]).lower()})
    return {"trust_matrix": charts.matrix(orgs, pairs, "trust"), "value_matrix": charts.matrix(orgs, pairs, "value"),
            "network_map": charts.network_map(orgs, pairs, title=_("Network map of %(wave)s: who works with whom") % {"wave": wave.name}),
            "contacts": contacts, "org_rows": orgs,
            "dimension_rows": [{"org": o, "dims": [o["dims_received"].get(c) for c in questions.DIMENSION_CODES]}
                               for o in orgs]}


def _large_wave(request: HttpRequest, orgs: list[dict[str, Any]], shown: dict[str, Any]) -> dict[str, Any]:
    """Too many organisations for a column each: a page of the by-organisation tables (searched by name),
    the pairs with the least and the most trust (`selectors.named_summary`), and every row as a download."""
    q = request.GET.get("org", "").strip()
    pager = listing.paginate(request, [o for o in orgs if listing.matches(o["name"], q)], label="organisations")
    names = {o["id"]: o["name"] for o in orgs}

    def named(some: list[list[Any]]) -> list[dict[str, Any]]:
        return [{"from": names.get(f, "?"), "about": names.get(a, "?"), "trust": trust, "n": n}
                for f, a, trust, n in some]

    return {"large": True, "org_query": q, "org_pager": pager, "org_rows": pager.rows,
            "pair_count": shown["pair_count"], "lowest_pairs": named(shown["lowest_pairs"]),
            "highest_pairs": named(shown["highest_pairs"]),
            "dimension_rows": [{"org": o, "dims": [o["dims_received"].get(c) for c in questions.DIMENSION_CODES]}
                               for o in pager.rows]}


# each download's sheet title (what it holds)
WAVE_FILES = {"organisations": gettext_noop("By organisation"), "pairs": gettext_noop("Each pair")}


@login_required
def wave_download(request: HttpRequest, pk: int, wave_pk: int, what: str, fmt: str) -> HttpResponse:
    """A named wave's results, every row: by organisation, or for each pair (what the page shows a page of).
    The same people as the page's results by organisation; what one person said alone is left out."""
    access = policy.get_partnership(request.user, pk)
    wave = _wave(access, wave_pk)
    result = getattr(wave, "result", None) if not wave.is_open else None
    if result is None or not selectors.visibility(wave, result, access).named:
        raise Http404("Not found")
    shown = selectors.named_detail(wave, result)
    header: tuple[str, ...] = selectors.PAIR_COLUMNS if what == "pairs" else selectors.ORGANISATION_COLUMNS
    rows = selectors.pair_rows(shown) if what == "pairs" else selectors.organisation_rows(shown)
    return exports.table_response(exports.translated(header), rows, f"{slugify(wave.name)}-{what}", fmt,
                                  title=_(WAVE_FILES[what]))


@login_required
def wave_answer(request: HttpRequest, pk: int, wave_pk: int) -> HttpResponse:
    """Answer while signed in: straight into the person's own survey (the same pages as the e-mailed link)."""
    access = policy.get_partnership(request.user, pk, need="act")
    wave = _wave(access, wave_pk)
    invitation = invitation_of(request.user, wave)
    if invitation is None:
        messages.error(request, _("You were not invited to answer “%(wave)s”. If you should have been, ask the "
                                  "partnership manager.") % {"wave": wave.name})
        return redirect(wave)
    if not wave.accepting_answers:
        messages.error(request, _("“%(wave)s” no longer takes answers.") % {"wave": wave.name})
        return redirect(wave)
    return redirect(services.survey_path(invitation))


@login_required
def wave_close(request: HttpRequest, pk: int, wave_pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    wave = _wave(access, wave_pk)
    if request.method != "POST":  # a confirmation page first (corrections)
        from .correction_views import close_confirm

        return close_confirm(request, access, wave)
    try:
        services.wave_close(actor=request.user, wave=wave)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("“%(wave)s” is closed and its results are ready.") % {"wave": wave.name})
    return redirect(wave)


@login_required
def wave_import(request: HttpRequest, pk: int, wave_pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    wave = _wave(access, wave_pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list = []
    if request.method == "POST" and form.is_valid():
        try:
            count = importing.import_responses(actor=request.user, wave=wave, data=form.cleaned_data["file"].read())
        except ImportRejected as exc:
            errors = exc.errors
        else:
            messages.success(request, ngettext("Imported %(count)d row of answers.", "Imported %(count)d rows of answers.",
                                                  count) % {"count": count})
            return redirect(wave)
    return render(request, "trust/import.html", {
        "access": access, "section": "trust", "wave": wave, "form": form, "errors": errors,
        "columns": [(c, importing.HELP[c], c in importing.REQUIRED) for c in importing.COLUMNS],
    })


@login_required
def import_template(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    names = [o.name for o in access.partnership.member_organisations()]
    return download(importing.template_csv(names), "text/csv", "trust-answers-template.csv")


def home_panel(request: HttpRequest, access: policy.Access) -> str:
    """The headline numbers of the latest closed survey that may be shown outside its own page (a
    confidential wave's totals are shown on its own page only: a later confidential wave is linked to,
    without figures)."""
    partnership = access.partnership
    result = selectors.latest_shown_result(partnership)
    latest = selectors.latest_result(partnership)
    confidential = latest if latest is not None and not selectors.shown_outside(latest) else None
    open_wave = partnership.trust_waves.filter(status=Wave.Status.OPEN).first()
    if result is None and open_wave is None and confidential is None:
        return ""
    vis = selectors.visibility(result.wave, result, access) if result else None
    # only the lines of what changed, read out of the stored detail (whole, tens of MB at 2,000 organisations)
    changes = selectors.result_changes(result) if result else {}
    return render_to_string("trust/_panel.html", {"result": result, "vis": vis, "open_wave": open_wave,
                                                  "changes": changes, "confidential": confidential,
                                                  "access": access}, request=request)


# ---- the survey, through a personal link ------------------------------------------------------

def _link_problem(request: HttpRequest, exc: Exception) -> HttpResponse:
    return render(request, "trust/link_problem.html", {"message": str(exc)}, status=410 if getattr(exc, "closed", False) else 400)


def _survey_context(invitation: Invitation) -> dict[str, Any]:
    wave = invitation.wave
    partners = [o for o in wave.organisations() if o.pk != invitation.organisation_id]
    response = Response.objects.filter(invitation=invitation).first()
    answered: set[int] = set()
    if response is not None:
        answered = set(Rating.objects.filter(response=response).values_list("about_id", flat=True))
        answered |= set(response.contacts.values_list("about_id", flat=True))
    has_rel = wave.has(Instrument.Kind.RELATIONSHIPS)
    has_factors = wave.has(Instrument.Kind.FACTORS)
    partners = partners if has_rel else []
    return {"invitation": invitation, "wave": wave, "partnership": wave.partnership,
            "partners": partners, "answered": answered, "response": response,
            "next_partner": next((o for o in partners if o.pk not in answered), None),
            "has_factors": has_factors,
            "factors_done": bool(response and FactorAnswer.objects.filter(response=response).exists()),
            "minutes": questions.minutes_needed(len(partners) if has_rel else 0, has_factors),
            "min_orgs": settings.TRUST_CONFIDENTIAL_MIN_ORGS,
            "min_respondents": settings.TRUST_NAMED_MIN_RESPONDENTS}


def survey(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.invitation_from_token(token)
    except services.SurveyLinkError as exc:
        return _link_problem(request, exc)
    return render(request, "trust/survey_start.html", {**_survey_context(invitation), "token": token})


def survey_partner(request: HttpRequest, token: str, org_pk: int) -> HttpResponse:
    try:
        invitation = services.invitation_from_token(token)
    except services.SurveyLinkError as exc:
        return _link_problem(request, exc)
    ctx = _survey_context(invitation)
    partners = ctx["partners"]
    position = next((i for i, o in enumerate(partners) if o.pk == org_pk), None)
    if position is None:
        raise Http404("That organisation is not one of the partners in this survey.")
    org = partners[position]
    initial: dict[str, str] = {}
    response = ctx["response"]
    if response is not None:
        contact = response.contacts.filter(about=org).first()
        if contact:
            initial["contact"] = str(contact.level)
        for r in Rating.objects.filter(response=response, about=org):
            initial[r.dimension] = "dk" if r.dont_know else str(r.score)
    form = PartnerAnswersForm(request.POST or None, org_name=org.name, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.answer_partner(invitation=invitation, about=org, contact=data.get("contact"),
                                    ratings={c: data.get(c) for c in questions.DIMENSION_CODES})
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved your answers about %(organisation)s.") % {"organisation": org.name})
            if "back" in request.POST or position + 1 >= len(partners):
                if "back" not in request.POST and ctx["has_factors"]:
                    return redirect("trust:survey-factors", token)
                return redirect("trust:survey", token)
            return redirect("trust:survey-partner", token, partners[position + 1].pk)
    return render(request, "trust/survey_partner.html", {
        **ctx, "token": token, "org": org, "form": form, "position": position + 1, "total": len(partners),
    })


def survey_factors(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.invitation_from_token(token)
    except services.SurveyLinkError as exc:
        return _link_problem(request, exc)
    ctx = _survey_context(invitation)
    if not ctx["has_factors"]:
        raise Http404("This survey has no questions about the partnership as a whole.")
    items = list(FactorItem.objects.order_by("order"))
    initial = {}
    if ctx["response"] is not None:
        for a in FactorAnswer.objects.filter(response=ctx["response"]).select_related("item"):
            initial[a.item.code] = "dk" if a.dont_know else str(a.score)
    form = FactorAnswersForm(request.POST or None, items=items, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_factors(invitation=invitation, answers={k: v for k, v in form.cleaned_data.items()})
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved your answers about the partnership as a whole."))
            return redirect("trust:survey", token)
    groups = [(_(label), [form[code] for code, _text in statements]) for _code, label, statements in questions.FACTORS]
    return render(request, "trust/survey_factors.html", {**ctx, "token": token, "form": form, "groups": groups})


@require_POST
def survey_finish(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.invitation_from_token(token)
        services.response_finish(invitation=invitation)
    except services.SurveyLinkError as exc:
        return _link_problem(request, exc)
    except ValidationError as exc:
        return _link_problem(request, Exception(" ".join(exc.messages)))
    messages.success(request, _("Thank you: your answers are in. You can still change them until the survey closes."))
    return redirect("trust:survey", token)
