"""Pages that correct the charter: delete a measurement, a goal or a commitment, withdraw a draft version."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

from accord.core import policy
from accord.core.confirm import confirm_then, refusal_of

from . import corrections
from .models import Measurement


@login_required
def measurement_delete(request: HttpRequest, pk: int, goal_pk: int, m_pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    m = Measurement.objects.select_related("goal").filter(
        pk=m_pk, goal_id=goal_pk, goal__partnership=access.partnership).first()
    if m is None:
        raise Http404("Not found")
    return confirm_then(
        request, access=access, section="charter", title="Delete this measurement?", undoable=True,
        back=m.goal.get_absolute_url(),
        consequences=[f"The measurement of {m.value:g} {m.goal.unit} on {m.on:%-d %B %Y} is removed from "
                      f"“{m.goal.title}”.", "The goal's progress is worked out from the measurements left."],
        button="Delete the measurement", done=f"The measurement of {m.on:%-d %B %Y} is deleted.",
        do=lambda: corrections.measurement_delete(actor=request.user, measurement=m))


@login_required
def version_withdraw(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    v = access.partnership.charter_versions.filter(number=number).first()
    if v is None:
        raise Http404("Not found")
    signed = [s.organisation.name for s in v.signoffs.select_related("organisation")]
    lines = [f"Draft version {v.number} is removed; the agreed version (if any) stays in force."]
    if signed:
        lines.append(f"The sign-offs already given on it ({', '.join(signed)}) are removed with it.")
    return confirm_then(
        request, access=access, section="charter", title=f"Withdraw draft version {v.number}?",
        refusal=refusal_of(lambda: corrections.check_withdrawable(v)), back=f"/p/{pk}/charter/",
        consequences=lines, button="Withdraw the draft", done=f"Draft version {v.number} is withdrawn.",
        do=lambda: corrections.version_withdraw(actor=request.user, version=v))


@login_required
def goal_delete(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    goal = access.partnership.goals.filter(pk=goal_pk).first()
    if goal is None:
        raise Http404("Not found")
    return confirm_then(
        request, access=access, section="charter", title=f"Delete the goal “{goal.title}”?", undoable=True,
        refusal=refusal_of(lambda: corrections.check_goal_deletable(goal)), back=reverse("charter:goals", args=[pk]),
        consequences=[f"The goal “{goal.title}” ({goal.target:g} {goal.unit} by {goal.target_date:%-d %B %Y}) is "
                      "removed, with nothing recorded against it."],
        button="Delete the goal", done=f"The goal “{goal.title}” is deleted.",
        do=lambda: corrections.goal_delete(actor=request.user, goal=goal))


@login_required
def commitment_delete(request: HttpRequest, pk: int, c_pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    commitment = access.partnership.commitments.select_related("owner").filter(pk=c_pk).first()
    if commitment is None:
        raise Http404("Not found")
    return confirm_then(
        request, access=access, section="charter", title="Delete this commitment?", undoable=True,
        refusal=refusal_of(lambda: corrections.check_commitment_deletable(commitment)),
        back=reverse("charter:commitments", args=[pk]),
        consequences=[f"{commitment.owner}'s commitment “{commitment.title}” (due {commitment.due:%-d %B %Y}) is "
                      "removed.", "It no longer counts in the promises-kept figures."],
        button="Delete the commitment", done=f"The commitment “{commitment.title}” is deleted.",
        do=lambda: corrections.commitment_delete(actor=request.user, commitment=commitment))
