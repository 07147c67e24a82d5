"""Pages for notes, decisions (with positions) and actions, and each person's "my actions"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accord.core import policy
from accord.partners import selectors as partners

from .. import forms, selectors, services
from ..access import may_update_action
from ..models import Action, Decision
from .meetings import _page, apply_errors, get_meeting, get_of_meeting


@login_required
def note_add(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    meeting, access = get_meeting(request, pk, meeting_pk, need="edit")
    form = forms.NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.note_add(actor=request.user, meeting=meeting, text=form.cleaned_data["text"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Note added."))
            return redirect(meeting.get_absolute_url())
    return _page(request, "core/form.html", access, form=form, title=_("Add a note: %(meeting)s") % {"meeting": meeting}, submit=_("Add"),
                 cancel_url=meeting.get_absolute_url())


@login_required
def decision_add(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    meeting, access = get_meeting(request, pk, meeting_pk, need="edit")
    form = forms.DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_add(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The proposal is recorded. Each partner now gives its position."))
            return redirect(decision.get_absolute_url())
    return _page(request, "core/form.html", access, form=form, title=_("Propose a decision: %(meeting)s") % {"meeting": meeting},
                 submit=_("Propose"), cancel_url=meeting.get_absolute_url())


@login_required
def decision_detail(request: HttpRequest, pk: int, decision_pk: int) -> HttpResponse:
    decision, access = get_of_meeting(request, Decision, pk, decision_pk, "view_members")
    meeting = decision.meeting
    members = access.partnership.member_organisations(meeting.local_start.date())
    required = services.required_members(decision)  # members that have left since give no position
    left = partners.former_members(access.partnership)
    # the manager records any partner's position; a partner records only its own
    choices = members.filter(pk__in=required) if access.is_manager else None
    can_record = access.is_manager or (access.can("act") and access.organisation is not None
                                       and access.organisation.pk in required)
    form = forms.PositionForm(request.POST or None, organisations=choices) if can_record else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("Only a member organisation's own people (or the manager) record its "
                                     "position."))
        if form.is_valid():
            organisation = form.cleaned_data.get("organisation") or access.organisation
            try:
                services.position_record(actor=request.user, decision=decision, organisation=organisation,
                                         stance=form.cleaned_data["stance"], comment=form.cleaned_data["comment"])
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("%(organisation)s's position is recorded.") % {"organisation": organisation})
                return redirect(decision.get_absolute_url())
    positions = {p.organisation_id: p for p in decision.positions.select_related("organisation")}
    rows = [(org, positions.get(org.pk), left.get(org.pk) if org.pk not in required else None) for org in members]
    return _page(request, "governance/decision.html", access, decision=decision, meeting=meeting, rows=rows,
                 form=form)


@login_required
def action_add(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    meeting, access = get_meeting(request, pk, meeting_pk, need="edit")
    form = forms.ActionForm(request.POST or None, partnership=access.partnership,
                            initial={"due": meeting.local_start.date()})
    if request.method == "POST" and form.is_valid():
        try:
            services.action_add(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Action added for %(name)s.") % {"name": form.cleaned_data["owner"].name})
            return redirect(meeting.get_absolute_url())
    return _page(request, "core/form.html", access, form=form, title=_("Add an action: %(meeting)s") % {"meeting": meeting}, submit=_("Add"),
                 cancel_url=meeting.get_absolute_url())


@login_required
def action_detail(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    action, access = get_of_meeting(request, Action, pk, action_pk, "view_members")
    can_update = may_update_action(access, action, request.user)
    form = forms.ActionUpdateForm(request.POST or None, instance=action) if can_update else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("Only the action's owner, its organisation or the manager can update it."))
        if form.is_valid():
            try:
                services.action_update(actor=request.user, action=action, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Action updated."))
                return redirect(action.get_absolute_url())
    return _page(request, "governance/action.html", access, action=action, form=form)


@login_required
def my_actions(request: HttpRequest) -> HttpResponse:
    allowed = policy.partnerships_for(request.user, "view_members")
    actions = list(selectors.actions_for_user(request.user).filter(meeting__series__partnership__in=allowed))
    open_ = [a for a in actions if a.status == Action.Status.OPEN]
    closed = [a for a in actions if a.status != Action.Status.OPEN]
    return render(request, "governance/my_actions.html", {"open_actions": open_, "closed_actions": closed})
