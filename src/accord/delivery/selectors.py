"""Reads about delivery that other domains use (charter's derived goals, health). Plain data only."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from accord.lib import urls
from accord.partners.models import Organisation, Partnership

from .models import RUNNING, Ambition, Area, FundingStream, Stage, StageMove


def areas_with_moves(partnership: Partnership) -> list[Area]:
    """Areas with their stage history loaded (area._moves, oldest first) and local partners."""
    areas = list(partnership.areas.prefetch_related(
        Prefetch("moves", queryset=StageMove.objects.order_by("on", "pk")), "local_partners"))
    for area in areas:
        area._moves = list(area.moves.all())  # type: ignore[attr-defined]  # a cache read by stage_on
    return areas


def stage_on(area: Area, on: dt.date) -> str | None:
    stage = None
    for move in getattr(area, "_moves", None) or area.moves.order_by("on", "pk"):
        if move.on <= on:
            stage = move.stage
    return stage


def live_series(partnership: Partnership, *, as_of: dt.date | None = None) -> list[tuple[dt.date, int]]:
    """The number of areas running (live or sustained) after each day with a stage move."""
    return live_series_many([partnership.pk], as_of=as_of)[partnership.pk]


def live_series_many(ids: Sequence[int], *, as_of: dt.date | None = None) -> dict[int, list[tuple[dt.date, int]]]:
    """`live_series` of each partnership id, in one query."""
    as_of = as_of or timezone.localdate()
    moves = (StageMove.objects.filter(area__partnership_id__in=ids, on__lte=as_of)
             .order_by("on", "pk").values_list("area__partnership_id", "area_id", "stage", "on"))
    current: dict[int, str] = {}
    out: dict[int, list[tuple[dt.date, int]]] = {pid: [] for pid in ids}
    counts: dict[int, int] = dict.fromkeys(ids, 0)
    for pid, area_id, stage, on in moves:
        counts[pid] += (stage in RUNNING) - (current.get(area_id) in RUNNING)
        current[area_id] = stage
        series = out[pid]
        if series and series[-1][0] == on:
            series[-1] = (on, counts[pid])
        else:
            series.append((on, counts[pid]))
    return out


def live_count(partnership: Partnership, on: dt.date | None = None) -> int:
    series = live_series(partnership, as_of=on)
    return series[-1][1] if series else 0


def rollout(partnership: Partnership, *, as_of: dt.date | None = None) -> dict[str, Any]:
    return rollout_many([partnership], as_of=as_of)[partnership.pk]


def rollout_many(partnerships: Sequence[Partnership], *, as_of: dt.date | None = None) -> dict[int, dict[str, Any]]:
    """`rollout` of each partnership (by id), in two queries however many there are."""
    ids = [p.pk for p in partnerships]
    ambitions = {a.partnership_id: a for a in Ambition.objects.filter(partnership_id__in=ids)}
    series_of = live_series_many(ids, as_of=as_of)
    out = {}
    for pid in ids:
        ambition = ambitions.get(pid)
        series = series_of[pid]
        out[pid] = {
            "target_live": ambition.target_live if ambition else None,
            "target_date": ambition.target_date if ambition else None,
            "start_date": ambition.start_date if ambition else None,
            "live_now": series[-1][1] if series else 0,
            "series": series,
            "url": urls.url("delivery:home", pid),
        }
    return out


def areas_by_stage(partnership: Partnership) -> list[dict[str, Any]]:
    """Each stage with its areas now, in stage order."""
    areas = areas_with_moves(partnership)
    out = []
    for value, label in [(None, "Not started")] + list(Stage.choices):
        here = [a for a in areas if (a._moves[-1].stage if a._moves else None) == value]  # type: ignore[attr-defined]  # areas_with_moves
        if value is None and not here:
            continue
        out.append({"stage": value, "label": label, "areas": here})
    return out


def funding_streams(partnership: Partnership) -> list[dict[str, Any]]:
    return funding_streams_many([partnership])[partnership.pk]


def funding_streams_many(partnerships: Sequence[Partnership]) -> dict[int, list[dict[str, Any]]]:
    """Each partnership's funding streams (by id), oldest first, in two queries however many there are."""
    ids = [p.pk for p in partnerships]
    out: dict[int, list[dict[str, Any]]] = {pid: [] for pid in ids}
    link = urls.maker("delivery:funding")
    pages = {pid: link(pid) for pid in ids}
    streams = (FundingStream.objects.filter(partnership_id__in=ids).select_related("funder")
               .prefetch_related("partners").order_by("start", "pk"))
    for s in streams:
        out[s.partnership_id].append(
            {"id": s.pk, "funder": s.funder.name, "funder_org_id": s.funder_id, "amount": s.amount,
             "currency": s.currency, "start": s.start, "end": s.end,
             "partner_org_ids": sorted(o.pk for o in s.partners.all()), "restricted": s.restricted,
             "url": f"{pages[s.partnership_id]}#stream-{s.pk}"})
    return out


def _years(start: dt.date, end: dt.date) -> dict[int, float]:
    """How a stream's span falls across calendar years, as shares of its days."""
    total = (end - start).days or 1
    shares: dict[int, float] = {}
    for year in range(start.year, end.year + 1):
        a = max(start, dt.date(year, 1, 1))
        b = min(end, dt.date(year + 1, 1, 1))
        if b > a:
            shares[year] = (b - a).days / total
    return shares


def funding_summary(partnership: Partnership, *, today: dt.date | None = None) -> dict[str, Any]:
    """Funding by partner and by calendar year (a stream's amount spread evenly over its days, split equally
    between the partners it pays for), per currency, and the streams ending in the next six months."""
    today = today or timezone.localdate()
    streams = list(partnership.funding_streams.select_related("funder").prefetch_related("partners", "areas"))
    by_partner: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    by_year: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for s in streams:
        partners = list(s.partners.all())
        for org in partners:
            by_partner[(org.name, s.currency)] += s.amount / len(partners)
        if not partners:
            by_partner[("Not assigned to a partner", s.currency)] += s.amount
        for year, share in _years(s.start, s.end).items():
            by_year[(year, s.currency)] += s.amount * Decimal(str(share))
    horizon = today + relativedelta(months=6)
    ending = sorted((s for s in streams if today <= s.end <= horizon), key=lambda s: s.end)
    return {
        "streams": streams,
        "by_partner": [{"partner": k[0], "currency": k[1], "amount": v.quantize(Decimal("1"))}
                       for k, v in sorted(by_partner.items(), key=lambda kv: (-kv[1], kv[0]))],
        "by_year": [{"year": k[0], "currency": k[1], "amount": v.quantize(Decimal("1"))}
                    for k, v in sorted(by_year.items())],
        "ending_soon": ending,
        "horizon": horizon,
    }


def funder_choices(partnership: Partnership) -> QuerySet[Organisation]:
    """Organisations a stream's funder may be: members, organisations with a role here (a funder's
    grants manager speaks for one), funders already recorded, and grant-makers, which are public. Other
    partnerships' members stay out of sight."""
    role_orgs = partnership.roles.exclude(organisation__isnull=True).values("organisation_id")
    stream_funders = partnership.funding_streams.values("funder_id")
    return Organisation.objects.filter(
        Q(memberships__partnership=partnership) | Q(pk__in=role_orgs) | Q(pk__in=stream_funders)
        | Q(kind=Organisation.Kind.FUNDER)).distinct().order_by("name")


def areas(partnership: Partnership) -> QuerySet[Area]:
    """The partnership's areas (for other domains that link to one, such as a discussion)."""
    return Area.objects.filter(partnership=partnership)


def stage_move_rows(partnership: Partnership) -> list[dict[str, Any]]:
    """Every area with its stage moves as plain rows (the data-out files): one row per move (an area with
    none is one row with the stage empty), areas by name, moves oldest first."""
    rows: list[dict[str, Any]] = []
    for area in sorted(areas_with_moves(partnership), key=lambda a: (a.name, a.pk)):
        base = {"area_id": area.pk, "area": area.name, "ons_code": area.ons_code,
                "local_partners": "; ".join(sorted(o.name for o in area.local_partners.all()))}
        moves = area._moves  # type: ignore[attr-defined]  # Prefetch(to_attr="_moves") in areas_with_moves
        if not moves:
            rows.append({**base, "stage": "", "on": None, "note": ""})
        for move in moves:
            rows.append({**base, "stage": move.get_stage_display(), "on": move.on, "note": move.note})
    return rows


def funding_stream_rows(partnership: Partnership) -> list[dict[str, Any]]:
    """Every funding stream with its funder, partners and areas, organisations' org-ids included (for
    the data-out files and the 360Giving file), oldest first."""
    qs = (partnership.funding_streams.select_related("funder").prefetch_related("partners", "areas")
          .order_by("start", "pk"))
    return [
        {"id": s.pk, "title": s.title, "funder": s.funder.name, "funder_org_id": s.funder.org_id,
         "funder_pk": s.funder_id, "amount": s.amount, "currency": s.currency, "start": s.start, "end": s.end,
         "restricted": s.restricted, "grant_id": s.grant_id, "created_at": s.created_at,
         "partners": [{"pk": o.pk, "name": o.name, "org_id": o.org_id}
                      for o in sorted(s.partners.all(), key=lambda o: o.name)],
         "areas": [{"name": a.name, "ons_code": a.ons_code} for a in sorted(s.areas.all(), key=lambda a: a.name)]}
        for s in qs
    ]
