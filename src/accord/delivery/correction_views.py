"""Pages that correct delivery: withdraw an area's latest stage move, delete a funding stream or an area."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accord.core import policy
from accord.core.confirm import confirm_then, refusal_of

from . import corrections
from .models import StageMove


@login_required
def move_delete(request: HttpRequest, pk: int, area_pk: int, move_pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    move = StageMove.objects.select_related("area").filter(
        pk=move_pk, area_id=area_pk, area__partnership=access.partnership).first()
    if move is None:
        raise Http404("Not found")
    area = move.area
    latest = area.moves.order_by("-on", "-pk").first()
    before = area.moves.exclude(pk=move.pk).order_by("-on", "-pk").first()
    refusal = "" if latest is not None and latest.pk == move.pk else (
        _("Only %(area)s's latest stage move can be withdrawn; this one has later moves after it. "
          "Withdraw those first.") % {"area": area})
    now = (_("%(area)s is then %(stage)s again (from %(date)s).") % {
        "area": area, "stage": before.get_stage_display().lower(), "date": date_format(before.on, "j F Y")}
        if before else _("%(area)s then has no stage.") % {"area": area})
    stage = move.get_stage_display().lower()
    return confirm_then(
        request, access=access, section="delivery", title=_("Withdraw this stage move?"), undoable=True,
        refusal=refusal, back=area.get_absolute_url(),
        consequences=[_("The move to %(stage)s on %(date)s is removed.") % {
            "stage": stage, "date": date_format(move.on, "j F Y")}, now,
            _("The live-area count and the ambition chart follow.")],
        button=_("Withdraw the move"), done=_("The move to %(stage)s is withdrawn.") % {"stage": stage},
        do=lambda: corrections.stage_move_delete(actor=request.user, move=move))


@login_required
def funding_delete(request: HttpRequest, pk: int, stream_pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    stream = access.partnership.funding_streams.filter(pk=stream_pk).first()
    if stream is None:
        raise Http404("Not found")
    return confirm_then(
        request, access=access, section="delivery", title=_("Delete “%(title)s”?") % {"title": stream.title}, undoable=True,
        back=f"/p/{pk}/delivery/funding/",
        consequences=[_("The funding stream “%(title)s” from %(funder)s is removed.") % {
            "title": stream.title, "funder": stream.funder},
            _("The funding totals and the health figures no longer count it.")],
        button=_("Delete the funding stream"),
        done=_("The funding stream “%(title)s” is deleted.") % {"title": stream.title},
        do=lambda: corrections.funding_delete(actor=request.user, stream=stream))


@login_required
def area_delete(request: HttpRequest, pk: int, area_pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    area = access.partnership.areas.filter(pk=area_pk).first()
    if area is None:
        raise Http404("Not found")
    return confirm_then(
        request, access=access, section="delivery", title=_("Delete the area “%(area)s”?") % {"area": area}, undoable=True,
        refusal=refusal_of(lambda: corrections.check_area_deletable(area)), back=f"/p/{pk}/delivery/",
        consequences=[_("The area “%(area)s” is removed, with nothing recorded against it.") % {"area": area}],
        button=_("Delete the area"), done=_("The area “%(area)s” is deleted.") % {"area": area},
        do=lambda: corrections.area_delete(actor=request.user, area=area))
