"""Pages that correct the charter: delete a measurement, a goal or a commitment, withdraw a draft version."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

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
        request, access=access, section="charter", title=_("Delete this measurement?"), undoable=True,
        back=m.goal.get_absolute_url(),
        consequences=[_("The measurement of %(value)s %(unit)s on %(on)s is removed from “%(goal)s”.") % {
                          "value": f"{m.value:g}", "unit": m.goal.unit, "on": date_format(m.on, "j F Y"),
                          "goal": m.goal.title},
                      _("The goal's progress is worked out from the measurements left.")],
        button=_("Delete the measurement"),
        done=_("The measurement of %(on)s is deleted.") % {"on": date_format(m.on, "j F Y")},
        do=lambda: corrections.measurement_delete(actor=request.user, measurement=m))


@login_required
def version_withdraw(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    v = access.partnership.charter_versions.filter(number=number).first()
    if v is None:
        raise Http404("Not found")
    signed = [s.organisation.name for s in v.signoffs.select_related("organisation")]
    lines = [_("Draft version %(number)s is removed; the agreed version (if any) stays in force.") % {
        "number": v.number}]
    if signed:
        lines.append(_("The sign-offs already given on it (%(names)s) are removed with it.") % {
            "names": ", ".join(signed)})
    return confirm_then(
        request, access=access, section="charter", title=_("Withdraw draft version %(number)s?") % {"number": v.number},
        refusal=refusal_of(lambda: corrections.check_withdrawable(v)), back=f"/p/{pk}/charter/",
        consequences=lines, button=_("Withdraw the draft"),
        done=_("Draft version %(number)s is withdrawn.") % {"number": v.number},
        do=lambda: corrections.version_withdraw(actor=request.user, version=v))


@login_required
def goal_delete(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    goal = access.partnership.goals.filter(pk=goal_pk).first()
    if goal is None:
        raise Http404("Not found")
    return confirm_then(
        request, access=access, section="charter", title=_("Delete the goal “%(goal)s”?") % {"goal": goal.title},
        undoable=True,
        refusal=refusal_of(lambda: corrections.check_goal_deletable(goal)), back=reverse("charter:goals", args=[pk]),
        consequences=[_("The goal “%(goal)s” (%(target)s %(unit)s by %(on)s) is removed, with nothing recorded "
                        "against it.") % {"goal": goal.title, "target": f"{goal.target:g}", "unit": goal.unit,
                                          "on": date_format(goal.target_date, "j F Y")}],
        button=_("Delete the goal"), done=_("The goal “%(goal)s” is deleted.") % {"goal": goal.title},
        do=lambda: corrections.goal_delete(actor=request.user, goal=goal))


@login_required
def commitment_delete(request: HttpRequest, pk: int, c_pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    commitment = access.partnership.commitments.select_related("owner").filter(pk=c_pk).first()
    if commitment is None:
        raise Http404("Not found")
    return confirm_then(
        request, access=access, section="charter", title=_("Delete this commitment?"), undoable=True,
        refusal=refusal_of(lambda: corrections.check_commitment_deletable(commitment)),
        back=reverse("charter:commitments", args=[pk]),
        consequences=[_("%(owner)s's commitment “%(title)s” (due %(due)s) is removed.") % {
                          "owner": commitment.owner, "title": commitment.title,
                          "due": date_format(commitment.due, "j F Y")},
                      _("It no longer counts in the promises-kept figures.")],
        button=_("Delete the commitment"),
        done=_("The commitment “%(title)s” is deleted.") % {"title": commitment.title},
        do=lambda: corrections.commitment_delete(actor=request.user, commitment=commitment))
