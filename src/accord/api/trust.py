"""Trust API: waves, response progress and every stored score, under the access policy and each
wave's confidentiality (the same rules as the pages: accord.trust.selectors.visibility)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_noop
from ninja import Router, Schema

from accord.core import policy
from accord.lib import stored_text
from accord.trust import selectors, services
from accord.trust.models import Wave

router = Router(tags=["Trust"])


class WaveOut(Schema):
    id: int
    name: str
    name_cy: str  # the name in Welsh, "" when not written
    introduction: str
    introduction_cy: str
    opens_on: dt.date
    closes_on: dt.date
    closed_on: dt.date | None = None  # the day it really closed (earlier when closed early); None while open
    status: str
    confidentiality: str
    instruments: list[str]
    url: str


class NetworkOut(Schema):
    responding_orgs: int
    responses: int
    relationships: int
    trust_mean: float | None
    value_mean: float | None
    trust_pct: float | None
    value_pct: float | None
    density: float | None
    centralisation: float | None
    reciprocity: float | None


class FactorOut(Schema):
    factor: str
    label: str
    mean: float | None
    answers: int
    band: str


class ChangeOut(Schema):
    measure: str
    before: float | None
    after: float | None
    difference: float | None
    verdict: str
    note: str


class ResultOut(Schema):
    wave: WaveOut
    shown: bool
    note: str
    network: NetworkOut | None
    factors: list[FactorOut]
    changes: list[ChangeOut]
    summary: list[str]


class WaveProgressOut(Schema):
    organisation_id: int
    organisation: str
    invited: int
    started: int
    finished: int
    imported: int


class OrgScoreOut(Schema):
    id: int
    name: str
    responded: bool
    trust_received: float | None
    trust_given: float | None
    trust_gap: float | None
    value_received: float | None
    value_given: float | None
    value_gap: float | None
    raters: int
    degree: int
    degree_centrality: float | None
    betweenness: float | None
    dims_received: dict[str, float | None]


class PairOut(Schema):
    from_org: int
    about_org: int
    trust: float | None
    trust_n: int
    value: float | None
    value_n: int
    contact: int | None
    dims: dict[str, float | None]


def _wave_out(wave: Wave) -> dict[str, Any]:
    return {"id": wave.pk, "name": wave.name, "name_cy": wave.name_cy, "introduction": wave.introduction,
            "introduction_cy": wave.introduction_cy, "opens_on": wave.opens_on, "closes_on": wave.closes_on,
            "closed_on": wave.closed_on, "status": wave.status, "confidentiality": wave.confidentiality,
            "instruments": [i.kind for i in wave.instruments.all()], "url": wave.get_absolute_url()}


def _wave(request: HttpRequest, pk: int, wave_id: int, need: str = "view") -> tuple[Wave, policy.Access]:
    access = policy.get_partnership(request.user, pk, need=need)
    wave = selectors.waves(access.partnership).filter(pk=wave_id).first()
    if wave is None:
        raise Http404("Not found")
    return wave, access


@router.get("/partnerships/{pk}/trust/waves", response=list[WaveOut], summary=gettext_noop("Survey waves, newest first"))
def list_waves(request: HttpRequest, pk: int) -> list[dict]:
    access = policy.get_partnership(request.user, pk)
    return [_wave_out(w) for w in selectors.waves(access.partnership)]


@router.get("/partnerships/{pk}/trust/waves/{wave_id}", response=ResultOut,
            summary=gettext_noop("A wave and its partnership-wide scores (when its confidentiality allows)"))
def get_wave(request: HttpRequest, pk: int, wave_id: int) -> dict:
    wave, access = _wave(request, pk, wave_id)
    result = getattr(wave, "result", None) if not wave.is_open else None
    vis = selectors.visibility(wave, result, access)
    out: dict[str, Any] = {"wave": _wave_out(wave), "shown": vis.aggregates, "note": vis.reason, "network": None,
                           "factors": [], "changes": [], "summary": []}
    if result is not None and vis.aggregates:
        out["network"] = {k: getattr(result, k) for k in NetworkOut.model_fields}
        out["factors"] = result.detail.get("factors", [])
        # stored as messages with their values: in the request's language
        out["changes"] = [{**c, "note": stored_text.render(c.get("note"))}
                          for c in result.detail.get("changes", {}).get("network", [])]
        if vis.named:
            out["summary"] = [stored_text.render(line) for line in result.detail.get("changes", {}).get("summary", [])]
    return out


@router.get("/partnerships/{pk}/trust/waves/{wave_id}/progress", response=list[WaveProgressOut],
            summary=gettext_noop("Response progress by organisation (manager only; never anyone's answers)"))
def wave_progress(request: HttpRequest, pk: int, wave_id: int) -> list[dict]:
    wave, _ = _wave(request, pk, wave_id, need="edit")
    return services.progress_by_organisation(wave)


def _named(request: HttpRequest, pk: int, wave_id: int) -> tuple[Wave, dict]:
    wave, access = _wave(request, pk, wave_id, need="view_confidential")
    result = getattr(wave, "result", None) if not wave.is_open else None
    vis = selectors.visibility(wave, result, access)
    if result is None:
        raise PermissionDenied("Results appear when the manager closes the survey.")
    if not vis.named:
        raise PermissionDenied(vis.reason)
    return wave, selectors.named_detail(wave, result)  # what one person said alone is left out


@router.get("/partnerships/{pk}/trust/waves/{wave_id}/organisations", response=list[OrgScoreOut],
            summary=gettext_noop("Scores by organisation (named waves; senior leaders and the manager)"))
def wave_organisations(request: HttpRequest, pk: int, wave_id: int) -> list[dict]:
    _, detail = _named(request, pk, wave_id)
    return detail.get("orgs", [])


@router.get("/partnerships/{pk}/trust/waves/{wave_id}/relationships", response=list[PairOut],
            summary=gettext_noop("Scores of each relationship, from one organisation about another (named waves)"))
def wave_relationships(request: HttpRequest, pk: int, wave_id: int) -> list[dict]:
    _, detail = _named(request, pk, wave_id)
    return [{**p, "from_org": p["from"], "about_org": p["about"]} for p in detail.get("pairs", [])]


@router.get("/partnerships/{pk}/trust/summary", response=list[dict[str, Any]],
            summary=gettext_noop("Headline scores of every closed wave, oldest first"))
def trust_summary(request: HttpRequest, pk: int) -> list[dict]:
    access = policy.get_partnership(request.user, pk)
    return selectors.wave_summaries(access.partnership)
