"""Pages for partnerships, organisations and people. Each view fetches through core.policy first."""

from __future__ import annotations

import functools
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.core import freshness, listing, pagecache, policy, todos
from accord.core.registry import Todo, panels_for
from accord.lib import exports
from accord.lib.formerrors import apply_errors

from . import selectors, services
from .forms import (
    MembershipForm,
    NewMemberOrganisationForm,
    OrganisationForm,
    PartnershipEditForm,
    PartnershipForm,
    PersonForm,
)
from .models import Membership, Person

HOME_TODOS = 5  # the most urgent first; the rest are one tap away on "What needs me"
HOME_CACHE_SECONDS = 60  # also bounds what changes with the clock alone (a meeting that has begun)


@login_required
def partnership_list(request: HttpRequest) -> HttpResponse:
    partnerships = policy.partnerships_for(request.user).order_by("name")
    assert request.user.is_authenticated  # login_required
    roles = {r.partnership_id: r.get_role_display() for r in request.user.roles.all()}
    return render(request, "partners/list.html", {"partnerships": partnerships, "roles": roles,
                                                  "may_start": policy.may_start_partnership(request.user),
                                                  "todos": todos.flat(todos.for_user(request.user))})


@login_required
def partnership_create(request: HttpRequest) -> HttpResponse:
    if not policy.may_start_partnership(request.user):
        raise PermissionDenied(_("Only a site administrator can start a partnership here."))
    form = PartnershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            partnership = services.partnership_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(partnership)s is set up. Add its member organisations next.") % {
                "partnership": partnership})
            return redirect(partnership)
    return render(request, "core/form.html", {"form": form, "title": _("Start a partnership"), "submit": _("Create")})


@login_required
def home(request: HttpRequest, pk: int) -> HttpResponse:
    """The partnership's home. Its cards, to-dos and partner list take most of a page's reads, so the
    whole page is kept in the cache (core.pagecache) for HOME_CACHE_SECONDS under a key of this user, their
    role and organisation here, the partnership, the language, today's date, the data version stamp
    (core.freshness: any committed write changes it) and the address with its query; the template also keeps
    the cards to the partner list (`{% cache %}`, same key) for when the page itself cannot be kept (messages
    to show). One person's page is never served to another. The parts are computed only when the cache has no
    copy: the template calls each memoised function below when it needs it."""
    access = policy.get_partnership(request.user, pk)
    partnership = access.partnership
    # a page of the partners (all of them up to ACCORD_PAGE_SIZE), searched by name: the home page of a
    # partnership of 2,000 lists 50 of them, not 2,000
    partner_query = request.GET.get("partner", "").strip()

    @functools.cache
    def partner_pager() -> listing.Pager:
        rows = selectors.memberships(partnership).order_by("organisation__name")
        for word in partner_query.split():
            rows = rows.filter(organisation__name__icontains=word)
        return listing.paginate(request, rows, label=_("partners"), param="partners")

    @functools.cache
    def members() -> list[Membership]:
        return list(partner_pager().rows)

    @functools.cache
    def leaders() -> dict[int, list[Person]]:
        found: dict[int, list[Person]] = {}
        if access.can("view_members"):
            for person in selectors.senior_leaders(partnership).filter(
                    organisation_id__in=[m.organisation_id for m in members()]):
                found.setdefault(person.organisation_id, []).append(person)
        return found

    @functools.cache
    def panels() -> list[tuple[Any, str]]:
        rendered = [(p, p.render(request, access)) for p in panels_for(access)]
        return [(p, html) for p, html in rendered if html]

    @functools.cache
    def groups() -> tuple[list[Todo], int]:
        mine: list[Todo] | None = None
        others = 0
        for group in todos.for_user(request.user):
            if group.access.partnership.pk == partnership.pk:
                mine = group.todos
            else:
                others += len(group.todos)
        return (todos.for_access(request.user, access) if mine is None else mine), others

    # the partner list's search and page are part of what is cached, so they are part of the key
    parts = (request.user.pk, access.role, access.organisation.pk if access.organisation else "-", partnership.pk,
             translation.get_language(), timezone.localdate().isoformat(), freshness.data_version())
    key = ":".join(str(part) for part in (*parts, request.GET.urlencode()))
    return pagecache.cached_page(request, parts, HOME_CACHE_SECONDS, lambda: render(request, "partners/home.html", {
        "access": access, "partnership": partnership, "section": "home",
        "home_cache_key": key, "home_cache_seconds": HOME_CACHE_SECONDS,
        "members": members, "leaders": leaders, "panels": panels,
        "partner_pager": partner_pager, "partner_query": partner_query,
        "member_count": lambda: partnership.memberships.count(),
        "todos": lambda: [(t, access) for t in groups()[0][:HOME_TODOS]],
        "more_here": lambda: max(0, len(groups()[0]) - HOME_TODOS), "other_count": lambda: groups()[1],
    }))


def _membership(access: policy.Access, org_pk: int) -> Membership:
    membership = access.partnership.memberships.select_related("organisation").filter(organisation_id=org_pk).first()
    if membership is None:
        raise Http404("Not found")
    return membership


@login_required
def organisation_detail(request: HttpRequest, pk: int, org_pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk)
    membership = _membership(access, org_pk)
    people = (selectors.people(access.partnership).filter(organisation=membership.organisation)
              .order_by("-seniority", "name") if access.can("view_members") else None)
    return render(request, "partners/organisation.html", {
        "access": access, "membership": membership, "organisation": membership.organisation, "people": people,
        "section": "home",
    })


@login_required
def people(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="view_members")
    show = request.GET.get("show", "current")
    q = request.GET.get("q", "").strip()
    people = _people_found(access, show, q)
    pager = listing.paginate(request, people, label=_("people"))
    return render(request, "partners/people.html", {"access": access, "people": pager.rows, "pager": pager,
                                                    "show": show, "q": q, "section": "people"})


def _people_found(access: policy.Access, show: str, q: str) -> Any:
    """The people the people page lists: in post now (or everyone), matching every word of the search in
    their name, organisation, job title or e-mail."""
    people = selectors.people(access.partnership, current_only=show != "all").order_by("organisation__name", "name")
    for word in q.split():
        people = people.filter(Q(name__icontains=word) | Q(organisation__name__icontains=word)
                               | Q(job_title__icontains=word) | Q(email__icontains=word))
    return people


PEOPLE_COLUMNS = (gettext_lazy("Name"), gettext_lazy("Organisation"), gettext_lazy("Job title"),
                  gettext_lazy("Seniority"), gettext_lazy("E-mail"), gettext_lazy("Started"), gettext_lazy("Ended"))


@login_required
def pick(request: HttpRequest, pk: int, source: str) -> JsonResponse:
    """The searchable picker's suggestions (core/picker.js): `?q=` searched among this partnership's member
    organisations (anyone with a role) or its people in post (those who may see members)."""
    if source not in ("organisations", "people"):
        raise Http404
    access = policy.get_partnership(request.user, pk, need="view" if source == "organisations" else "view_members")
    text = request.GET.get("q", "").strip()[:100]
    results = selectors.pick_suggestions(access.partnership, source, text) if text else []
    return JsonResponse({"results": results}, headers={"Cache-Control": "private, no-store"})


@login_required
def people_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Every person the people page lists (with its search and show), as CSV or XLSX."""
    access = policy.get_partnership(request.user, pk, need="view_members")
    people = _people_found(access, request.GET.get("show", "current"), request.GET.get("q", "").strip())
    rows = [(p.name, p.organisation.name, p.job_title, p.get_seniority_display(), p.email, p.start_date, p.end_date)
            for p in people]
    return exports.table_response([str(c) for c in PEOPLE_COLUMNS], rows, "people", fmt, title=_("People"))


@login_required
def partnership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    form = PartnershipEditForm(request.POST or None, instance=access.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            services.partnership_update(actor=request.user, partnership=access.partnership, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(access.partnership)
    return render(request, "core/form.html", {"form": form, "title": _("Edit the partnership"), "access": access,
                                              "cancel_url": access.partnership.get_absolute_url()})


@login_required
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    org_form = NewMemberOrganisationForm(request.POST or None, prefix="org")
    member_form = MembershipForm(request.POST or None, prefix="m")
    if request.method == "POST" and org_form.is_valid() and member_form.is_valid():
        organisation = org_form.existing or org_form.instance  # known by its official id: it joins as it is
        try:
            services.membership_add(actor=request.user, partnership=access.partnership, organisation=organisation,
                                    capabilities=member_form.capability_pairs(),
                                    **{k: member_form.cleaned_data[k] for k in ("joined", "left", "is_lead",
                                                                                "local_role")})
        except ValidationError as exc:
            apply_errors(member_form, exc)
        else:
            messages.success(request, _("%(organisation)s is now a member.") % {"organisation": organisation})
            return redirect(access.partnership)
    return render(request, "partners/member_form.html", {
        "access": access, "org_form": org_form, "member_form": member_form, "title": _("Add a member organisation"),
    })


@login_required
def member_edit(request: HttpRequest, pk: int, org_pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    membership = _membership(access, org_pk)
    org_form = OrganisationForm(request.POST or None, instance=membership.organisation, prefix="org")
    shared = selectors.shared_elsewhere(membership.organisation, access.partnership)
    if shared and not request.user.is_superuser:  # see services.organisation_save
        for field in org_form.fields.values():
            field.disabled = True
        org_form.fields["name"].help_text = _("Another partnership also uses this organisation, so its name, type, "
                                               "identifier, website and focus are shared: only a site administrator "
                                               "can change them.")
    member_form = MembershipForm(
        request.POST or None, instance=membership, prefix="m",
        initial={"capabilities": [c.kind for c in membership.capabilities.all()],
                 "capability_detail": next((c.detail for c in membership.capabilities.all() if c.detail), "")},
    )
    if request.method == "POST" and org_form.is_valid() and member_form.is_valid():
        try:
            services.member_save(actor=request.user, organisation=org_form.instance,
                                 membership=member_form.instance, capabilities=member_form.capability_pairs())
        except ValidationError as exc:
            apply_errors(member_form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("partners:organisation", pk, org_pk)
    return render(request, "partners/member_form.html", {
        "access": access, "org_form": org_form, "member_form": member_form,
        "title": _("Edit %(organisation)s") % {"organisation": membership.organisation},
    })


@login_required
def person_edit(request: HttpRequest, pk: int, person_pk: int | None = None) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    person = None
    if person_pk is not None:
        person = selectors.people(access.partnership).filter(pk=person_pk).first()
        if person is None:
            raise Http404("Not found")
    initial = {"organisation": request.GET.get("organisation")} if person is None else None
    form = PersonForm(request.POST or None, instance=person or Person(partnership=access.partnership),
                      partnership=access.partnership,
                      initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_save(actor=request.user, person=form.instance, partnership=access.partnership)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved %(name)s.") % {"name": form.instance.name})
            return redirect("partners:people", pk)
    return render(request, "core/form.html", {
        "form": form, "access": access, "title": _("Edit a person") if person else _("Add a person"),
        "cancel_url": f"/p/{pk}/people/", "section": "people",
    })
