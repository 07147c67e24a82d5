"""Pages for the charter, goals and commitments. Each view fetches through core.policy first, then
calls services (writes) or selectors (reads)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.core import listing, policy
from accord.lib import languages
from accord.lib.charts import Series, line_chart
from accord.lib.formerrors import apply_errors
from accord.partners import selectors as partner_selectors
from accord.partners.models import Person

from . import selectors, services
from .forms import CharterForm, CommitmentForm, GoalForm, MeasurementForm, StatusForm
from .models import SECTIONS, CharterVersion, Commitment, Goal


def _sections(version: CharterVersion | None) -> list[tuple[str, str]]:
    if version is None:
        return []
    # each section in the reader's language: the Welsh where the partnership wrote it, else the English
    texts = [(str(title), languages.localised(version, field)) for field, title in SECTIONS]
    return [(title, text) for title, text in texts if text.strip()]


def _signer(request: HttpRequest, access: policy.Access, draft: CharterVersion | None) -> Person | None:
    """The senior leader the user is, if they may sign the draft now, else None."""
    if draft is None or not access.can("act"):
        return None
    try:
        person = services.signer_for(request.user, access.partnership)
    except ValidationError:
        return None
    return None if draft.signoffs.filter(organisation=person.organisation).exists() else person


def _signoff_rows(request: HttpRequest, version: CharterVersion, walks: dict) -> dict[str, Any]:
    """Each partner that must sign (and each that signed and has since left) with its sign-off, read as plain
    values. Past ACCORD_PAGE_SIZE partners the table shows a page at a time, searched by partner (`?partner=`),
    under the count of who has signed: the page's work does not grow with the partnership (issue 21)."""
    signed = {s["organisation_id"]: s for s in version.signoffs.values(
        "organisation_id", "organisation__name", "person_name", "signed_at")}
    orgs = list(partner_selectors.member_organisations(version.partnership).order_by("name").values("pk", "name"))
    seen = {o["pk"] for o in orgs}
    orgs += [{"pk": oid, "name": s["organisation__name"]} for oid, s in signed.items() if oid not in seen]
    left = partner_selectors.former_members(version.partnership)
    query = request.GET.get("partner", "").strip()
    rows = [{"org": o, "signoff": signed.get(o["pk"]), "walks": walks.get(o["pk"]), "left": left.get(o["pk"])}
            for o in orgs if listing.matches(o["name"], query)]
    return {"pager": listing.paginate(request, rows, label=_("partners"), param="partners"), "query": query,
            "total": len(orgs), "signed": sum(1 for o in orgs if o["pk"] in signed),
            "searchable": bool(query) or len(orgs) > listing.page_size()}


@login_required
def home(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk)
    partnership = access.partnership
    agreed = selectors.agreed_version(partnership)
    draft = selectors.current_draft(partnership)
    walks = selectors.commitments_summary(partnership)["by_org"] if access.can("view_members") else {}
    return render(request, "charter/home.html", {
        "access": access, "section": "charter", "agreed": agreed, "agreed_sections": _sections(agreed),
        "draft": draft, "draft_rows": _signoff_rows(request, draft, walks) if draft else None,
        "agreed_rows": _signoff_rows(request, agreed, walks) if agreed and not draft else None,
        "signer": _signer(request, access, draft), "versions": partnership.charter_versions.order_by("-number"),
        "sign_sections": _sections(draft),
        "can_sign_any": access.can("act"),
    })


@login_required
def version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk)
    v = access.partnership.charter_versions.filter(number=number).first()
    if v is None:
        raise Http404("Not found")
    previous = access.partnership.charter_versions.filter(number__lt=number).order_by("-number").first()
    draft = selectors.current_draft(access.partnership)
    walks = selectors.commitments_summary(access.partnership)["by_org"] if access.can("view_members") else {}
    return render(request, "charter/version.html", {
        "access": access, "section": "charter", "version": v, "sections": _sections(v), "previous": previous,
        "diff": services.diff_lines(previous, v) if previous else [], "rows": _signoff_rows(request, v, walks),
        "is_draft": draft is not None and draft.pk == v.pk,
        "signer": _signer(request, access, draft) if draft is not None and draft.pk == v.pk else None,
        "sign_sections": _sections(v),
    })


@login_required
def diff(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk)
    versions = access.partnership.charter_versions
    try:
        old = versions.get(number=int(request.GET.get("from", "")))
        new = versions.get(number=int(request.GET.get("to", "")))
    except (ValueError, CharterVersion.DoesNotExist):
        raise Http404("Not found") from None
    return render(request, "charter/diff.html", {"access": access, "section": "charter", "old": old, "new": new,
                                                 "diff": services.diff_lines(old, new)})


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    latest = selectors.latest_version(access.partnership)
    initial = {f: getattr(latest, f) for f in languages.twin_fields(f for f, _title in SECTIONS)} if latest else {}
    form = CharterForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            v = services.version_create(actor=request.user, partnership=access.partnership, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved as version %(number)s, a draft. Each partner's senior leader "
                                        "now needs to sign it off.") % {"number": v.number})
            return redirect("charter:home", pk)
    return render(request, "core/form.html", {
        "form": form, "access": access, "section": "charter", "title": _("Edit the charter"),
        "submit": _("Save as a new draft"),
        "intro": _("Saving makes a new draft version. Sign-offs of earlier versions stay with those versions; "
                   "every partner signs the new one."), "cancel_url": f"/p/{pk}/charter/",
    })


@login_required
@require_POST
def sign(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="act")
    v = access.partnership.charter_versions.filter(number=number).first()
    if v is None:
        raise Http404("Not found")
    try:
        signoff = services.signoff_record(actor=request.user, version=v)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        v.refresh_from_db()
        done = _("You signed version %(number)s for %(organisation)s.") % {
            "number": v.number, "organisation": signoff.organisation}
        note = " " + _("Every partner has now signed: this version is agreed.") if v.is_agreed else ""
        messages.success(request, done + note)
    return redirect("charter:home", pk)


# ---- goals --------------------------------------------------------------------------------------

@login_required
def goals(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk)
    return render(request, "charter/goals.html", {"access": access, "section": "charter",
                                                  "goals": selectors.goals_progress(access.partnership)})


def _goal(access: policy.Access, goal_pk: int) -> Goal:
    goal = access.partnership.goals.filter(pk=goal_pk).first()
    if goal is None:
        raise Http404("Not found")
    return goal


@login_required
def goal(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk)
    g = _goal(access, goal_pk)
    form = None
    if access.can("edit") and g.source == Goal.Source.ENTERED:
        form = MeasurementForm(request.POST or None, initial={"on": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            try:
                services.measurement_add(actor=request.user, goal=g, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Measurement saved."))
                return redirect("charter:goal", pk, g.pk)
    elif request.method == "POST":
        raise PermissionDenied(_("Only the partnership manager can record measurements of this goal."))
    history = selectors.goal_history(g)
    chart = line_chart(
        [Series(g.metric, history), Series(_("Target"), [(history[0][0] if history else g.target_date, g.target),
                                                      (g.target_date, g.target)], dashed=True)],
        title=_("%(goal)s: %(metric)s over time against the target of %(target)s %(unit)s") % {
            "goal": g.title, "metric": g.metric, "target": f"{g.target:g}", "unit": g.unit}, y_label=g.unit,
        y_max=max([g.target] + [v for _day, v in history]) * 1.1 or None)
    return render(request, "charter/goal.html", {"access": access, "section": "charter", "goal": g,
                                                 "row": selectors.goal_row(g), "history": history,
                                                 "chart": chart, "form": form})


@login_required
def goal_edit(request: HttpRequest, pk: int, goal_pk: int | None = None) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    g = _goal(access, goal_pk) if goal_pk else Goal(partnership=access.partnership)
    form = GoalForm(request.POST or None, instance=g)
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_save(actor=request.user, goal=form.instance)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved the goal “%(title)s”.") % {"title": form.instance.title})
            return redirect("charter:goal", pk, form.instance.pk)
    return render(request, "core/form.html", {"form": form, "access": access, "section": "charter",
                                              "title": _("Edit a goal") if goal_pk else _("Add a goal"),
                                              "cancel_url": f"/p/{pk}/charter/goals/"})


# ---- commitments --------------------------------------------------------------------------------

@login_required
def commitments(request: HttpRequest, pk: int) -> HttpResponse:
    """What each partner promised. A page of each list (all of it up to ACCORD_PAGE_SIZE), searched by partner
    or promise, every row in the commitments download. The lists are searched and cut to a page in the
    database, and the partners read as (id, name): the page's queries and work do not grow with the number of
    partners or commitments (issue 21)."""
    access = policy.get_partnership(request.user, pk, need="view_members")
    partnership = access.partnership
    summary = selectors.commitments_summary(partnership)
    today = timezone.localdate()
    names = dict(partner_selectors.memberships(partnership).prefetch_related(None)
                 .values_list("organisation_id", "organisation__name"))
    left = partner_selectors.former_members(partnership)  # marked "(left in June 2024)" wherever named
    q = request.GET.get("q", "").strip()
    partners = [{"org": {"pk": oid, "name": names[oid]}, "left": left.get(oid), **row}
                for oid, row in summary["by_org"].items() if oid in names and listing.matches(names[oid], q)]
    partners.sort(key=lambda r: r["org"]["name"])
    items = partnership.commitments.select_related("owner", "person")
    for word in q.split():
        items = items.filter(Q(title__icontains=word) | Q(owner__name__icontains=word))
    open_pager = listing.paginate(request, items.filter(status=Commitment.Status.OPEN).order_by("due", "title", "pk"),
                                  label=_("open commitments"), param="open")
    closed_pager = listing.paginate(request, items.exclude(status=Commitment.Status.OPEN).order_by("-due", "title", "pk"),
                                    label=_("done and dropped commitments"), param="closed")
    shown: list[Commitment] = [*open_pager.rows, *closed_pager.rows]
    for c in shown:
        c.late = c.status == Commitment.Status.OPEN and c.due < today  # type: ignore[attr-defined]  # for the template
        c.walks = summary["by_org"].get(c.owner_id)  # type: ignore[attr-defined]  # template; None for a former member with nothing due lately
        c.owner_left = left.get(c.owner_id)  # type: ignore[attr-defined]  # for the template
        c.can_update = access.can("edit") or (  # type: ignore[attr-defined]  # for the template
            access.can("act") and access.organisation and access.organisation.pk == c.owner_id)
    return render(request, "charter/commitments.html", {
        "access": access, "section": "charter", "summary": summary, "q": q,
        "partners": listing.paginate(request, partners, label=_("partners"), param="partners"),
        "open": open_pager, "closed": closed_pager,
    })


def _commitment(access: policy.Access, c_pk: int) -> Commitment:
    c = access.partnership.commitments.filter(pk=c_pk).first()
    if c is None:
        raise Http404("Not found")
    return c


@login_required
def commitment_edit(request: HttpRequest, pk: int, c_pk: int | None = None) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    c = _commitment(access, c_pk) if c_pk else Commitment(partnership=access.partnership)
    form = CommitmentForm(request.POST or None, instance=c, partnership=access.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_save(actor=request.user, commitment=form.instance)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Commitment saved."))
            return redirect("charter:commitments", pk)
    return render(request, "core/form.html", {"form": form, "access": access, "section": "charter",
                                              "title": _("Edit a commitment") if c_pk else _("Record a commitment"),
                                              "cancel_url": f"/p/{pk}/charter/commitments/"})


@login_required
def commitment_status(request: HttpRequest, pk: int, c_pk: int) -> HttpResponse:
    """The manager, or people of the owner organisation, mark a commitment done or dropped."""
    access = policy.get_partnership(request.user, pk, need="act")
    c = _commitment(access, c_pk)
    if not (access.can("edit") or (access.organisation and access.organisation.pk == c.owner_id)):
        raise PermissionDenied(_("Only the owner organisation or the partnership manager can update this commitment."))
    form = StatusForm(request.POST or None, initial={"status": c.status, "done_on": c.done_on or timezone.localdate(),
                                                     "dropped_reason": c.dropped_reason})
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_set_status(actor=request.user, commitment=c, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("“%(title)s” is now %(status)s.") % {
                "title": c.title, "status": c.get_status_display().lower()})
            return redirect("charter:commitments", pk)
    return render(request, "core/form.html", {
        "form": form, "access": access, "section": "charter", "title": _("Update: %(title)s") % {"title": c.title},
        "intro": _("%(owner)s promised this by %(due)s.") % {"owner": c.owner, "due": date_format(c.due, "d F Y")},
        "submit": _("Save"),
        "cancel_url": f"/p/{pk}/charter/commitments/"})
