"""Reads of trust results, and the one place that decides what of a wave's results someone may see.

Rules (docs/trust.md):
- a confidential wave shows only partnership-wide totals, and only when at least
  TRUST_CONFIDENTIAL_MIN_ORGS organisations answered; nobody sees it by organisation;
- a named wave shows results by organisation to those with the "view_confidential" need (the
  manager and senior leaders); partner staff and funders see the partnership-wide totals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.conf import settings
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from accord.analytics import network
from accord.analytics import trust as maths
from accord.lib import urls
from accord.partners.models import Partnership, Person

from . import pairs
from .models import Contact, Rating, Response, Wave, WaveResult


@dataclass(frozen=True)
class Visibility:
    aggregates: bool  # partnership-wide totals may be shown
    named: bool  # results by organisation and pair may be shown
    reason: str  # why something is hidden, in plain words ("" when nothing is)


def visibility(wave: Wave, result: WaveResult | None, access: Any | None) -> Visibility:
    if result is None:
        return Visibility(False, False, _("Results appear when the manager closes the survey."))
    minimum = settings.TRUST_CONFIDENTIAL_MIN_ORGS
    if wave.is_confidential:
        if result.responding_orgs < minimum:
            count = result.responding_orgs
            return Visibility(False, False, ngettext(
                "Only %(count)d organisation answered this confidential survey. Results are shown only when at "
                "least %(minimum)d have, so that nobody's answers can be picked out.",
                "Only %(count)d organisations answered this confidential survey. Results are shown only when at "
                "least %(minimum)d have, so that nobody's answers can be picked out.", count)
                % {"count": count, "minimum": minimum})
        return Visibility(True, False, _("This survey was confidential: results are shown only as totals for the "
                                         "whole partnership."))
    named = access is not None and access.can("view_confidential")
    return Visibility(True, named, "" if named else
                      _("Results by organisation are shown to the partnership's senior leaders and manager."))


def waves(partnership: Partnership) -> QuerySet[Wave]:
    """The partnership's waves with their results' headline figures (the detail is read when used)."""
    return (partnership.trust_waves.select_related("result").defer("result__detail", "result__page_summary")
            .prefetch_related("instruments"))


def closed_results(partnership: Partnership) -> list[WaveResult]:
    """Stored results of closed waves, oldest first. Their `detail` (every organisation and pair: tens of
    megabytes for a wave of 2,000 organisations) is read only by a caller that uses it, one query each."""
    return list(WaveResult.objects.filter(wave__partnership=partnership, wave__status=Wave.Status.CLOSED)
                .select_related("wave").defer("detail", "page_summary").order_by("wave__closes_on", "wave_id"))


def _aggregate_ok(result: WaveResult) -> bool:
    return visibility(result.wave, result, None).aggregates


def shown_outside(result: WaveResult) -> bool:
    """Whether a wave's figures may appear anywhere but its own page (trends, other waves'
    comparisons, other domains): named waves only."""
    return not result.wave.is_confidential


# ---- what a named wave shows by organisation ---------------------------------------------------

def respondents_by_org(wave: Wave) -> dict[int, int]:
    """Organisation id -> how many people (responses) gave at least one answer about a partner."""
    # EXISTS, not a join of ratings and contacts: that join multiplies each response's ratings by its contacts
    # (millions of rows in a wave of 2,000 organisations, seconds on every results page)
    answered = (Response.objects.filter(wave=wave)
                .filter(Exists(Rating.objects.filter(response=OuterRef("pk")))
                        | Exists(Contact.objects.filter(response=OuterRef("pk"))))
                .values("organisation_id").annotate(n=Count("pk")))
    return {row["organisation_id"]: row["n"] for row in answered}


def stored_part(result: WaveResult, key: str) -> Any:
    """One part of a result's detail: from the detail when it is loaded, else read alone from the database
    (the organisations of a wave of 2,000 are a small part of its detail; the pairs are most of it)."""
    if "detail" not in result.get_deferred_fields():
        return result.detail.get(key)
    return WaveResult.objects.filter(pk=result.pk).values_list(f"detail__{key}", flat=True).first()


def _people(wave: Wave, orgs: list[dict[str, Any]]) -> tuple[dict[int, int], dict[int, int]]:
    """Organisation id -> its people who answered, and -> the people who scored it: counted when the
    wave closed (scoring.RESULTS_VERSION 3), or counted now for a result stored before."""
    if orgs and all("respondents" in o and "people_rating" in o for o in orgs):
        return {o["id"]: o["respondents"] for o in orgs}, {o["id"]: o["people_rating"] for o in orgs}
    raters = dict(Rating.objects.filter(response__wave=wave, score__isnull=False).values("about_id")
                  .annotate(n=Count("response", distinct=True)).values_list("about_id", "n"))
    return respondents_by_org(wave), raters


NETWORK_MEASURES = ("degree", "degree_centrality", "betweenness")


def named_orgs(wave: Wave, result: WaveResult) -> list[dict[str, Any]]:
    """`named_detail`'s organisations without their network measures, read without the pairs (the trust
    overview, trends). The measures are left out because `named_detail` works them out again without the
    contact of organisations whose answers are withheld, from the pairs."""
    orgs = _named_orgs(wave, stored_part(result, "orgs") or [])[0]
    for o in orgs:
        for key in NETWORK_MEASURES:
            o.pop(key, None)
    return orgs


def _named_orgs(wave: Wave, stored: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], set[int]]:
    """The organisations as shown, and the ids of those whose own answers are withheld."""
    minimum = settings.TRUST_NAMED_MIN_RESPONDENTS
    counts, raters = _people(wave, stored)
    few = {o["id"] for o in stored if counts.get(o["id"], 0) < minimum}
    # likewise what partners said about one organisation, when it rests on fewer people than that
    rare = {o["id"] for o in stored if raters.get(o["id"], 0) < minimum}
    given = {"trust_given": None, "value_given": None, "trust_gap": None, "value_gap": None}
    received = {"trust_received": None, "value_received": None, "trust_gap": None, "value_gap": None}
    orgs = []
    for o in stored:
        row = {**o, "respondents": counts.get(o["id"], 0), "withheld": o["id"] in few}
        row.pop("people_rating", None)
        if o["id"] in few:
            row.update(given)
        if o["id"] in rare:
            row.update(received, dims_received={k: None for k in o.get("dims_received", {})})
        orgs.append(row)
    return orgs, few


def named_detail(wave: Wave, result: WaveResult) -> dict[str, Any]:
    """A named wave's results by organisation and pair as pages and the API may show them.

    What an organisation *said* (its row of the matrices, its per-question scores about each partner,
    the contact it reported, the trust and value it gave) is withheld when fewer than
    TRUST_NAMED_MIN_RESPONDENTS of its people answered, because then it is one person's answers.
    What others said about it is kept: that is several organisations' answers."""
    orgs, cols, central = _shown_columns(wave, result)
    withheld = [o["name"] for o in orgs if o["withheld"] and o["respondents"]]
    return {"orgs": orgs, "pairs": pairs.as_dicts(cols), "withheld": withheld,
            "minimum": settings.TRUST_NAMED_MIN_RESPONDENTS, "central": central}


def _shown_columns(wave: Wave, result: WaveResult) -> tuple[list[dict[str, Any]], dict[str, Any], dict[str, Any]]:
    """`named_detail`'s organisations, its pairs as columns (`accord.trust.pairs`) and its most central
    partners: what the page summary is worked out from without a dict per pair."""
    orgs, few = _named_orgs(wave, result.detail.get("orgs", []))
    stored = pairs.stored(result.detail)
    cols = stored
    if few:
        cols = pairs.select(stored, ~np.isin(stored["from"], sorted(few)))
    if pairs.count(cols) == pairs.count(stored) and "central" in result.detail and all(
            "betweenness" in o for o in orgs):
        # nothing withheld: the network is the one stored at closing, with its measures (working out
        # betweenness again for 2,000 organisations would take seconds on every page)
        central = {k: [list(x) for x in v] for k, v in result.detail["central"].items()}
    else:
        central = _shown_network(orgs, cols)
    return orgs, cols, central


EXTREME_PAIRS = 10  # the pairs with the least and the most trust a large wave's page lists


def page_summary(orgs: list[dict[str, Any]], cols: dict[str, Any], central: dict[str, Any]) -> dict[str, Any]:
    """What a named wave's page shows that needs the pairs, from `_shown_columns`: how many pairs, the
    EXTREME_PAIRS with the least and the most trust (by trust, then most answers first, ties in the pairs'
    order), and each organisation's network measures and the most central partners (worked out without
    withheld organisations' contact), under the minimum of respondents they were worked out for. Stored
    when the wave closes (scoring.store_results) so that the page reads a few kilobytes instead of every pair."""
    trust, answers = cols["trust"], cols["trust_n"]
    rated = np.flatnonzero(~np.isnan(trust))
    ranked = rated[np.lexsort((-answers[rated], trust[rated]))].tolist()  # a stable sort, as sorted() is

    def brief(some: list[int]) -> list[list[Any]]:
        return [[int(cols["from"][k]), int(cols["about"][k]), float(trust[k]), int(answers[k])] for k in some]

    return {"minimum": settings.TRUST_NAMED_MIN_RESPONDENTS, "pair_count": pairs.count(cols),
            "lowest_pairs": brief(ranked[:EXTREME_PAIRS]), "highest_pairs": brief(ranked[::-1][:EXTREME_PAIRS]),
            "network": {str(o["id"]): [o.get(k) for k in NETWORK_MEASURES] for o in orgs},
            "central": central}


def summary_is_current(summary: Any) -> bool:
    """Whether a stored page summary was worked out under the minimum of respondents in force."""
    return isinstance(summary, dict) and summary.get("minimum") == settings.TRUST_NAMED_MIN_RESPONDENTS


def stored_summary(result: WaveResult) -> Any:
    """`result`'s stored page summary, read alone (never the detail)."""
    return WaveResult.objects.filter(pk=result.pk).values_list("page_summary", flat=True).first()


def work_out_summary(wave: Wave, result: WaveResult) -> dict[str, Any]:
    """`result`'s page summary under the minimum of respondents in force, worked out from its pairs (the
    detail is read once when deferred). Stored by scoring.store_results and services.page_summary_refresh."""
    return page_summary(*_shown_columns(wave, _with_detail(result)))


def named_summary(wave: Wave, result: WaveResult, *, summary: Any = None) -> dict[str, Any]:
    """`named_detail` for a page that shows the pairs only as a count and the extremes (a large wave):
    the same organisations, withheld names, minimum and most central partners, with `pair_count`,
    `lowest_pairs` and `highest_pairs` ([from id, about id, trust, answers]) in place of the pairs. Read
    from `summary` (the stored page summary, read here when not given), without the pairs; worked out
    from the pairs (not stored: a read writes nothing) when it was worked out under another
    TRUST_NAMED_MIN_RESPONDENTS or is missing. services.page_summary_refresh stores it again first."""
    if wave.is_confidential:  # nothing by organisation, ever: visibility() never allows it
        raise ValueError("A confidential wave has no results by organisation.")
    minimum = settings.TRUST_NAMED_MIN_RESPONDENTS
    if summary is None:
        summary = stored_summary(result)
    if not summary_is_current(summary):
        summary = work_out_summary(wave, result)
    orgs, few = _named_orgs(wave, stored_part(result, "orgs") or [])
    measures = summary["network"]
    for o in orgs:
        o.update(zip(NETWORK_MEASURES, measures[str(o["id"])], strict=True))
    withheld = [o["name"] for o in orgs if o["withheld"] and o["respondents"]]
    return {"orgs": orgs, "withheld": withheld, "minimum": minimum, "central": summary["central"],
            "pair_count": summary["pair_count"], "lowest_pairs": summary["lowest_pairs"],
            "highest_pairs": summary["highest_pairs"]}


def _with_detail(result: WaveResult) -> WaveResult:
    """`result` with its detail loaded (one query when it was deferred)."""
    if "detail" in result.get_deferred_fields():
        result.refresh_from_db(fields=["detail"])
    return result


# column names of the downloads, marked here and written in the reader's language (lib.exports.translated)
ORGANISATION_COLUMNS = (gettext_noop("Organisation"), gettext_noop("People who answered"),
                        gettext_noop("Own answers withheld"), gettext_noop("Trust received"),
                        gettext_noop("Trust given"), gettext_noop("Trust gap"), gettext_noop("Value received"),
                        gettext_noop("Value given"), gettext_noop("Value gap"), gettext_noop("Rated by"),
                        gettext_noop("Partners in contact"), gettext_noop("Betweenness"))
PAIR_COLUMNS = (gettext_noop("From"), gettext_noop("About"), gettext_noop("Trust"), gettext_noop("Trust answers"),
                gettext_noop("Value"), gettext_noop("Value answers"), gettext_noop("Contact level"))


def organisation_rows(shown: dict[str, Any]) -> list[list[Any]]:
    """`named_detail`'s organisations as the rows of a download (ORGANISATION_COLUMNS)."""
    return [[o["name"], o["respondents"], "yes" if o["withheld"] else "no", o["trust_received"], o["trust_given"],
             o["trust_gap"], o["value_received"], o["value_given"], o["value_gap"], o["raters"], o["degree"],
             o["betweenness"]] for o in shown["orgs"]]


def pair_rows(shown: dict[str, Any]) -> list[list[Any]]:
    """`named_detail`'s pairs as the rows of a download (PAIR_COLUMNS): what one organisation said about
    another."""
    names = {o["id"]: o["name"] for o in shown["orgs"]}
    return [[names.get(p["from"], ""), names.get(p["about"], ""), p.get("trust"), p.get("trust_n"), p.get("value"),
             p.get("value_n"), p.get("contact")] for p in shown["pairs"]]


def _shown_network(orgs: list[dict[str, Any]], cols: dict[str, Any]) -> dict[str, Any]:
    """Each organisation's partners in contact, degree centrality and betweenness, and the most central
    partners, worked out again from the contact in the pairs `cols` only (in place in `orgs`): contact
    reported by an organisation whose answers are withheld is left out, as on the network map, because it
    would tell whom its one respondent said they work with. With nothing withheld this is what was stored."""
    n = len(orgs)
    ids = np.array([o["id"] for o in orgs], dtype=np.int64)
    order = np.argsort(ids, kind="stable")
    ties = np.zeros((n, n), dtype=bool)
    tied = np.flatnonzero(cols["contact"] > 0)
    if n and tied.size:
        ends = [cols[k][tied] for k in ("from", "about")]
        at = [order[np.minimum(np.searchsorted(ids, e, sorter=order), n - 1)] for e in ends]
        known = (ids[at[0]] == ends[0]) & (ids[at[1]] == ends[1])
        ties[at[0][known], at[1][known]] = True
    degree, centrality = network.degree(ties), network.degree_centrality(ties)
    betweenness = network.betweenness(ties)
    for i, o in enumerate(orgs):
        o.update(degree=int(degree[i]), degree_centrality=float(centrality[i]), betweenness=float(betweenness[i]))
    names = [o["name"] for o in orgs]
    return {"degree": [list(x) for x in maths.most_central(centrality, names)],
            "betweenness": [list(x) for x in maths.most_central(betweenness, names)]}


# ---- contracts for other domains (helper_contracts.md) ----------------------------------------

def wave_summaries(partnership: Partnership) -> list[dict[str, Any]]:
    """Closed waves, oldest first. The figures of a confidential wave are None: its totals are shown
    on its own page only, so they never feed a trend, the health index or a funder's view."""
    return wave_summaries_many([partnership])[partnership.pk]


def wave_summaries_many(partnerships: Sequence[Partnership]) -> dict[int, list[dict[str, Any]]]:
    """`wave_summaries` of each partnership (by id), in one query however many there are."""
    ids = [p.pk for p in partnerships]
    out: dict[int, list[dict[str, Any]]] = {pid: [] for pid in ids}
    # the headline columns only: the detail (tens of megabytes a wave at 2,000 organisations) is not used
    results = (WaveResult.objects.filter(wave__partnership_id__in=ids, wave__status=Wave.Status.CLOSED)
               .select_related("wave").defer("detail", "page_summary").order_by("wave__closes_on", "wave_id"))
    link = urls.maker("trust:wave", 2)  # as Wave.get_absolute_url
    for r in results:
        ok = _aggregate_ok(r) and not r.wave.is_confidential
        out[r.wave.partnership_id].append({
            "id": r.wave_id, "name": r.wave.name, "closed_on": r.wave.closed_on,
            "trust_pct": r.trust_pct if ok else None, "value_pct": r.value_pct if ok else None,
            "density": r.density if ok else None, "reciprocity": r.reciprocity if ok else None,
            "responding_orgs": r.responding_orgs, "confidential": r.wave.is_confidential,
            "url": link(r.wave.partnership_id, r.wave_id),
        })
    return out


def trust_received_by_org(partnership: Partnership, wave_id: int) -> dict[int, float | None]:
    """Organisation id -> mean trust received (1-4). Empty for a confidential or open wave: results
    by organisation of a confidential wave never leave this app."""
    if not Wave.objects.filter(pk=wave_id, partnership=partnership).exists():
        return {}
    return trust_received_by_org_many([wave_id])[wave_id]


def trust_received_by_org_many(wave_ids: Sequence[int]) -> dict[int, dict[int, float | None]]:
    """`trust_received_by_org` of each of these closed waves (by wave id), without the pairs: the trust
    received as the pages show it (None where it rests on fewer raters than TRUST_NAMED_MIN_RESPONDENTS),
    from the counts stored at close, in two or three queries however many waves."""
    out: dict[int, dict[int, float | None]] = {w: {} for w in wave_ids}
    results = (WaveResult.objects.filter(wave_id__in=list(out), wave__status=Wave.Status.CLOSED)
               .select_related("wave").defer("detail"))
    shown = {r.pk: r.wave_id for r in results if not r.wave.is_confidential}
    # the organisations' part of each detail, in one query (never the pairs)
    orgs_of = {shown[pk]: orgs or [] for pk, orgs in
               WaveResult.objects.filter(pk__in=list(shown)).values_list("pk", "detail__orgs")}
    # people who scored each organisation: stored at close, counted here (one query) for older results
    raters = {(w, o["id"]): o["people_rating"] for w, orgs in orgs_of.items() for o in orgs if "people_rating" in o}
    older = [w for w, orgs in orgs_of.items() if any("people_rating" not in o for o in orgs)]
    if older:
        for wave_id, about_id, n in (Rating.objects.filter(response__wave_id__in=older, score__isnull=False)
                                     .values("response__wave_id", "about_id").annotate(n=Count("response", distinct=True))
                                     .values_list("response__wave_id", "about_id", "n")):
            raters[(wave_id, about_id)] = n
    minimum = settings.TRUST_NAMED_MIN_RESPONDENTS  # as `_named_orgs`: a score resting on fewer is withheld
    for wave_id, orgs in orgs_of.items():
        out[wave_id] = {o["id"]: o.get("trust_received") if raters.get((wave_id, o["id"]), 0) >= minimum else None
                        for o in orgs}
    return out


def relationships_of(person: Person, *, partnership: Any = None) -> list[dict[str, Any]]:
    """The partners this person answered about, wave by wave, for a leader's handover: only named
    waves (a confidential wave never tells who answered what), and only `partnership`'s when given.

    `answered_on` is the day they finished answering (an unfinished response: the day they last answered),
    not the day the row was last saved (a later change of answer, or loading data, moves that)."""
    out = []
    responses = (Response.objects.filter(invitation__person=person)
                 .exclude(wave__confidentiality=Wave.Confidentiality.CONFIDENTIAL)
                 .select_related("wave").prefetch_related("ratings__about", "contacts__about")
                 .order_by("wave__closes_on"))
    if partnership is not None:
        responses = responses.filter(wave__partnership=partnership)
    for response in responses:
        answered_on: dt.date = timezone.localtime(response.finished_at or response.updated_at).date()
        abouts = {r.about for r in response.ratings.all()} | {c.about for c in response.contacts.all()}
        for org in sorted(abouts, key=lambda o: o.name):
            out.append({"wave": response.wave.name, "about_org": org.name, "answered_on": answered_on,
                        "url": reverse("trust:wave", args=[response.wave.partnership_id, response.wave_id])})
    return out


def result_changes(result: WaveResult) -> dict[str, Any]:
    """What changed since the survey before (`detail["changes"]`), read alone from the database rather than
    with the whole detail."""
    changes = WaveResult.objects.filter(pk=result.pk).values_list("detail__changes", flat=True).first()
    return changes if isinstance(changes, dict) else {}


def latest_result(partnership: Partnership) -> WaveResult | None:
    results = closed_results(partnership)
    return results[-1] if results else None


def latest_shown_result(partnership: Partnership) -> WaveResult | None:
    """The latest closed wave whose figures may be shown outside its own page (never a confidential one)."""
    results = [r for r in closed_results(partnership) if shown_outside(r)]
    return results[-1] if results else None


def named_closed_waves(partnership: Partnership) -> list[Wave]:
    """Closed named waves with stored results, newest first: the ones whose results by organisation and
    relationship may leave the wave's page (to those with the "view_confidential" need)."""
    return [w for w in waves(partnership).filter(status=Wave.Status.CLOSED, confidentiality=Wave.Confidentiality.NAMED)
            if getattr(w, "result", None) is not None]


def trends(partnership: Partnership, access: Any, *, until: dt.date | None = None) -> dict[str, Any]:
    """Survey-by-survey trends for reports, as the trust pages show them to `access`: the closed named
    waves up to `until` (a confidential wave's figures never feed a trend), each with the partnership's
    trust and value and its collaboration factors' means; and, for those with the "view_confidential"
    need only, the trust each organisation received, with what rests on one person's answers left out
    (`named_detail`). `by_org` is empty for everyone else (partner staff, funders)."""
    waves_out: list[dict[str, Any]] = []
    labels: dict[str, str] = {}
    by_org: dict[str, dict[int, float | None]] = {}
    for r in closed_results(partnership):
        if r.wave.closed_on is None or not shown_outside(r) or (until is not None and r.wave.closed_on > until):
            continue
        vis = visibility(r.wave, r, access)
        if not vis.aggregates:
            continue
        factors = {}
        for f in stored_part(r, "factors") or []:
            if f.get("answers"):
                labels[f["factor"]] = f["label"]
                factors[f["factor"]] = f["mean"]
        waves_out.append({"id": r.wave_id, "name": r.wave.name, "closed_on": r.wave.closed_on,
                          "trust_pct": r.trust_pct, "value_pct": r.value_pct, "density": r.density,
                          "reciprocity": r.reciprocity, "responding_orgs": r.responding_orgs, "factors": factors})
        if vis.named:
            for o in named_orgs(r.wave, r):
                by_org.setdefault(o["name"], {})[r.wave_id] = o["trust_received"]
    return {"waves": waves_out, "factors": labels, "by_org": dict(sorted(by_org.items()))}
