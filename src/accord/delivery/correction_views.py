"""Pages that correct delivery: withdraw an area's latest stage move, delete a funding stream or an area."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

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
        f"Only {area}'s latest stage move can be withdrawn; this one has later moves after it. Withdraw those first.")
    now = (f"{area} is then {before.get_stage_display().lower()} again (from {before.on:%-d %B %Y})." if before
           else f"{area} then has no stage.")
    return confirm_then(
        request, access=access, section="delivery", title="Withdraw this stage move?", undoable=True,
        refusal=refusal, back=area.get_absolute_url(),
        consequences=[f"The move to {move.get_stage_display().lower()} on {move.on:%-d %B %Y} is removed.", now,
                      "The live-area count and the ambition chart follow."],
        button="Withdraw the move", done=f"The move to {move.get_stage_display().lower()} is withdrawn.",
        do=lambda: corrections.stage_move_delete(actor=request.user, move=move))


@login_required
def funding_delete(request: HttpRequest, pk: int, stream_pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    stream = access.partnership.funding_streams.filter(pk=stream_pk).first()
    if stream is None:
        raise Http404("Not found")
    return confirm_then(
        request, access=access, section="delivery", title=f"Delete “{stream.title}”?", undoable=True,
        back=f"/p/{pk}/delivery/funding/",
        consequences=[f"The funding stream “{stream.title}” from {stream.funder} is removed.",
                      "The funding totals and the health figures no longer count it."],
        button="Delete the funding stream", done=f"The funding stream “{stream.title}” is deleted.",
        do=lambda: corrections.funding_delete(actor=request.user, stream=stream))


@login_required
def area_delete(request: HttpRequest, pk: int, area_pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    area = access.partnership.areas.filter(pk=area_pk).first()
    if area is None:
        raise Http404("Not found")
    return confirm_then(
        request, access=access, section="delivery", title=f"Delete the area “{area}”?", undoable=True,
        refusal=refusal_of(lambda: corrections.check_area_deletable(area)), back=f"/p/{pk}/delivery/",
        consequences=[f"The area “{area}” is removed, with nothing recorded against it."],
        button="Delete the area", done=f"The area “{area}” is deleted.",
        do=lambda: corrections.area_delete(actor=request.user, area=area))
