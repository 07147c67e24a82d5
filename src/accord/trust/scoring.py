"""Turning a wave's answers into arrays, running accord.analytics on them, and storing the results.

Called when a wave closes; pages and the API then read WaveResult and never recompute.
"""

from __future__ import annotations

import gc
import itertools
import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
from django.db import connection
from django.db.models import BigIntegerField, Case, ExpressionWrapper, QuerySet, Value, When
from django.db.models.functions import Cast, Coalesce
from django.utils import translation
from django.utils.dates import MONTHS
from django.utils.translation import gettext_noop
from numpy.typing import NDArray

from accord.analytics import trust as maths
from accord.analytics.network import unique_sorted
from accord.lib import stored_text

from . import pairs, questions, selectors
from .models import Contact, FactorAnswer, FactorItem, Rating, Response, Wave, WaveResult

DIM_INDEX = {code: i for i, code in enumerate(questions.DIMENSION_CODES)}


# A partner's score on one question is reported when it moved by this much or more. Scores are stored
# with every digit, so a move of exactly 0.5 is one; the tiny allowance absorbs floating-point noise
# (a real 0.5 can come out as 0.49999999999999994), never a real difference.
CHANGE_THRESHOLD = 0.5
FLOAT_NOISE = 1e-9
# Raised whenever the way results are worked out changes; older stored results are worked out again
# by services.recompute_stale_results (nightly). 2: unrounded scores, confidential waves never compared.
# 3: each organisation's respondents and the people who rated it, so pages need not count them again.
# 4: "what changed" stored as messages and values, read in the reader's language (accord.lib.stored_text).
RESULTS_VERSION = 4


def _num(x: Any) -> float | None:
    """A score as stored: unrounded (pages and sentences round only when they show it), None for NaN."""
    if x is None:
        return None
    x = float(x)
    return None if math.isnan(x) else x


def _positions(ids: Any, known: NDArray[np.int64], order: NDArray[np.int64]) -> NDArray[np.int64]:
    """Each id's position in `known` (whose sort order is `order`), or -1 for an id not in it."""
    ids = np.asarray(ids, dtype=np.int64)
    if known.size == 0:
        return np.full(ids.shape, -1, dtype=np.int64)
    at = np.minimum(np.searchsorted(known, ids, sorter=order), known.size - 1)
    pos = order[at]
    return np.where(known[pos] == ids, pos, -1)


def _integers(rows: QuerySet[Any, Any], width: int) -> NDArray[np.int64]:
    """The rows of a `values_list` of `width` whole numbers, as a rows×width array.

    The query is built by the ORM (so it is the same on SQLite and PostgreSQL) and read on the driver's own
    cursor straight into one array: Django's row handling, and a Python tuple kept per row, cost more than
    the reading itself (a wave of 2,000 organisations has about 720,000 ratings)."""
    sql, params = rows.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        # the driver's cursor is iterated in C; Django's wrapper would yield each row through Python
        flat = np.fromiter(itertools.chain.from_iterable(cursor.cursor), dtype=np.int64)
    return flat.reshape(-1, width)


# A rating is read as two whole numbers: its response, and its partner, question and score packed as
# about_id·64 + question·8 + score (0 for "don't know").
_DIM_SHIFT, _ABOUT_SHIFT, _FIELD_MASK = 3, 6, 7


def _rating_columns(wave: Wave) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Every rating of `wave` as (response ids, packed about/question/score), in one query."""
    # a question outside DIMENSION_CODES (the field's choices) packs as NULL and fails the read, as it
    # failed the look-up of its number before
    question = Case(*(When(dimension=code, then=Value(d)) for code, d in DIM_INDEX.items()),
                    output_field=BigIntegerField())
    packed = ExpressionWrapper(
        Cast("about_id", BigIntegerField()) * (1 << _ABOUT_SHIFT) + question * (1 << _DIM_SHIFT)
        + Coalesce("score", Value(0)), output_field=BigIntegerField())
    columns = _integers(Rating.objects.filter(response__wave=wave).annotate(packed=packed)
                        .values_list("response_id", "packed"), 2)
    return columns[:, 0], columns[:, 1]


def wave_arrays(wave: Wave) -> dict[str, Any]:
    """The wave's answers as flat arrays over organisations numbered by position in `orgs`.

    A fixed number of queries whatever the wave's size (one for all the ratings, one for contact, one
    for who answered the collaboration factors), each read straight into arrays (`_integers`)."""
    responses = Response.objects.filter(wave=wave)
    orgs = list(wave.organisations())
    known = {o.pk for o in orgs}
    extra = responses.exclude(organisation_id__in=known).select_related("organisation")
    for r in extra:  # answers from an organisation that has since left still count
        if r.organisation_id not in known:
            orgs.append(r.organisation)
            known.add(r.organisation_id)
    n = len(orgs)
    pks = np.array([o.pk for o in orgs], dtype=np.int64)
    order = np.argsort(pks)
    # responses by id, with their organisation's position: answers are read by response (no join to
    # fetch each one's organisation), which also counts the people behind each organisation's answers
    said_by = _integers(responses.values_list("pk", "organisation_id"), 2)
    by_id = np.argsort(said_by[:, 0])
    response_org = _positions(said_by[:, 1], pks, order)  # every response's organisation is in `orgs`
    rids, packed = _rating_columns(wave)
    rating_response = _positions(rids, said_by[:, 0], by_id)
    about_pos = _positions(packed >> _ABOUT_SHIFT, pks, order)
    i, j = response_org[rating_response], about_pos
    keep = (i >= 0) & (j >= 0)
    rater, about = i[keep], j[keep]
    dim = ((packed >> _DIM_SHIFT) & _FIELD_MASK)[keep]
    all_scores = (packed & _FIELD_MASK).astype(np.float64)
    all_scores[all_scores == 0] = np.nan  # "don't know"
    score = all_scores[keep]
    del rids, packed
    contact = np.full((n, n), -1, dtype=np.int64)
    said = _integers(Contact.objects.filter(response__wave=wave).values_list("response_id", "about_id", "level"), 3)
    contact_response = _positions(said[:, 0], said_by[:, 0], by_id)
    i, j = response_org[contact_response], _positions(said[:, 1], pks, order)
    keep = (i >= 0) & (j >= 0)
    # several people from one organisation: the closest tie counts
    np.maximum.at(contact, (i[keep], j[keep]), said[keep, 2])
    factor_orgs = _positions(list(FactorAnswer.objects.filter(response__wave=wave).values_list(
        "response__organisation_id", flat=True).distinct()), pks, order)
    responding = np.zeros(n, dtype=bool)
    for answered in (rater, i[keep], factor_orgs[factor_orgs >= 0]):
        responding[answered] = True
    # the people behind each organisation's answers and behind what partners said about it (the pages
    # withhold what rests on one person: trust.selectors.named_detail), counted once here
    answering = unique_sorted(np.concatenate([rating_response, contact_response]))
    respondents = np.bincount(response_org[answering], minlength=n)
    scored = ~np.isnan(all_scores) & (about_pos >= 0)
    people = unique_sorted(rating_response[scored] * n + about_pos[scored])  # response and partner, once each
    people_rating = np.bincount(people % n, minlength=n)
    return {"orgs": orgs, "n": n, "rater": rater, "about": about, "dim": dim, "score": score,
            "contact": contact, "responding": responding, "responses": said_by.shape[0],
            "respondents": respondents, "people_rating": people_rating}


def factor_results(wave: Wave) -> list[dict[str, Any]]:
    items = list(FactorItem.objects.order_by("order"))
    if not items:
        return []
    factor_index = {code: i for i, code in enumerate(questions.FACTOR_CODES)}
    item_index = {it.pk: i for i, it in enumerate(items)}
    item_factor = np.array([factor_index.get(it.factor, 0) for it in items])
    answers = list(FactorAnswer.objects.filter(response__wave=wave).values_list("item_id", "score"))
    item = np.array([item_index[a[0]] for a in answers], dtype=np.int64)
    score = np.array([np.nan if a[1] is None else a[1] for a in answers], dtype=np.float64)
    out = maths.factor_scores(item_factor, item, score, len(questions.FACTOR_CODES))
    respondents = FactorAnswer.objects.filter(response__wave=wave).values("response_id").distinct().count()
    return [{"factor": code, "label": questions.FACTOR_LABELS[code], "respondents": respondents,
             **{k: (_num(v) if k == "mean" else v) for k, v in row.items()}}
            for code, row in zip(questions.FACTOR_CODES, out, strict=True)]


def _previous(wave: Wave) -> tuple[WaveResult | None, list[str]]:
    """The last closed *named* wave before `wave`, and the confidential waves closed since it.

    A confidential wave is never compared with: its answers feed nothing shown outside its own page."""
    earlier = list(WaveResult.objects.filter(wave__partnership_id=wave.partnership_id,
                                             wave__status=Wave.Status.CLOSED, wave__closes_on__lt=wave.closes_on)
                   .exclude(wave_id=wave.pk).select_related("wave").defer("detail", "page_summary")
                   .order_by("-wave__closes_on", "-wave_id"))
    skipped: list[str] = []
    for result in earlier:
        if not result.wave.is_confidential:
            return result, list(reversed(skipped))
        skipped.append(result.wave.name)
    return None, list(reversed(skipped))


def _skipped_note(previous: WaveResult | None, skipped: list[str]) -> stored_text.Stored | str:
    """The sentence that says which wave is compared with, and which confidential waves are not (stored,
    to read in the reader's language)."""
    if not skipped:
        return ""
    if previous is None:
        return stored_text.plural(
            "There is no earlier wave to compare with: the confidential wave before this one (%(names)s) is not "
            "compared.",
            "There is no earlier wave to compare with: the %(count)s confidential waves before this one "
            "(%(names)s) are not compared.",
            "count", count=len(skipped), names=", ".join(skipped))
    return stored_text.plural(
        "Compared with %(wave)s; the confidential wave in between (%(names)s) is not compared.",
        "Compared with %(wave)s; the %(count)s confidential waves in between (%(names)s) are not compared.",
        "count", count=len(skipped), names=", ".join(skipped), wave=previous.wave.name)


NETWORK_LABELS = (("trust", gettext_noop("Trust across the partnership")),
                  ("value", gettext_noop("Value across the partnership")))


def _month(day: Any) -> stored_text.Stored:
    """"March 2026", in the reader's language (Django's month names)."""
    with translation.override(None):  # the month's name as written, to translate when read
        month = str(MONTHS[day.month])
    return stored_text.message("%(month)s %(year)s", month=stored_text.message(month), year=str(day.year))


def _previous_parts(previous: WaveResult) -> tuple[list[dict[str, Any]], dict[str, NDArray[np.float64]]]:
    """The previous wave's organisations and its pairs' trust and value (in the pairs' order), read alone:
    its whole detail is tens of megabytes at 2,000 organisations. A result stored before the pairs were
    packed (accord.trust.pairs) has its pairs read once."""
    measures = [key for key, _label in NETWORK_LABELS]
    parts = [f"detail__{pairs.KEY}__{key}" for key in measures]
    row = WaveResult.objects.filter(pk=previous.pk).values_list("detail__orgs", *parts).first()
    orgs, *packed = row or (None, *(None for _ in measures))
    if all(isinstance(p, list) for p in packed):
        return orgs or [], {key: pairs.unpack(p) for key, p in zip(measures, packed, strict=True)}
    old = WaveResult.objects.filter(pk=previous.pk).values_list(f"detail__{pairs.OLD_KEY}", flat=True).first()
    cols = pairs.from_dicts(old if isinstance(old, list) else [])
    return orgs or [], {key: cols[key] for key in measures}


def _changes(wave: Wave, scores: maths.WaveScores, orgs: list, previous: WaveResult | None,
             skipped: list[str] | None = None) -> dict[str, Any]:
    note = _skipped_note(previous, skipped or [])
    if previous is None:
        return {"since": None, "network": [], "summary": [], "note": note}
    since = _month(previous.wave.closed_on or previous.wave.closes_on)
    prev_orgs_stored, prev_pairs = _previous_parts(previous)
    network = []
    for key, label in NETWORK_LABELS:
        before = prev_pairs[key][~np.isnan(prev_pairs[key])]
        after = getattr(scores, key)
        change = maths.compare(label, before, after[~np.isnan(after)])
        said = stored_text.message(change.message, **{**change.values, "measure": stored_text.message(label)})
        network.append({"measure": key, "label": label, "before": _num(change.before), "after": _num(change.after),
                        "difference": _num(change.difference), "verdict": change.verdict, "note": said})
    prev_orgs = {o["id"]: o for o in prev_orgs_stored}
    before = np.full((len(questions.DIMENSION_CODES), len(orgs)), np.nan)
    before_n = np.zeros_like(before)
    for i, org in enumerate(orgs):
        prior = prev_orgs.get(org.pk)
        if prior:
            for d, code in enumerate(questions.DIMENSION_CODES):
                v = prior["dims_received"].get(code)
                before[d, i] = np.nan if v is None else v
                before_n[d, i] = prior.get("dims_raters", {}).get(code, 0)
    summary = [] if wave.is_confidential else [stored_text.message(message, **values) for message, values in
                                               maths.notable_change_messages(
        before, scores.dims_received, [o.name for o in orgs], since=since, before_n=before_n,
        after_n=scores.dims_raters, threshold=CHANGE_THRESHOLD - FLOAT_NOISE)]
    return {"since": since, "since_wave": previous.wave.name, "network": network, "summary": summary,
            "note": note}


@contextmanager
def _no_gc_pauses() -> Iterator[None]:
    """Python's cycle collector off for a while: reading a large wave makes hundreds of thousands of
    tuples and dicts (none of them in a cycle), and the collector, set off again and again by them,
    walks every object in the process each time; this took a third of the time of closing a wave."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def store_results(wave: Wave) -> WaveResult:
    """Compute every score of `wave` and store them (replacing any earlier result)."""
    with _no_gc_pauses():
        return _store_results(wave)


def _store_results(wave: Wave) -> WaveResult:
    data = wave_arrays(wave)
    orgs, n = data["orgs"], data["n"]
    scores = maths.wave_scores(n, data["rater"], data["about"], data["dim"], data["score"], data["contact"],
                               responding=data["responding"])
    names = [o.name for o in orgs]
    org_rows = []
    for i, org in enumerate(orgs):
        org_rows.append({
            "id": org.pk, "name": org.name, "responded": bool(data["responding"][i]),
            "trust_received": _num(scores.trust_received[i]), "trust_given": _num(scores.trust_given[i]),
            "value_received": _num(scores.value_received[i]), "value_given": _num(scores.value_given[i]),
            "trust_gap": _num(scores.trust_received[i] - scores.trust_given[i]),
            "value_gap": _num(scores.value_received[i] - scores.value_given[i]),
            "raters": int(scores.raters[i]), "degree": int(scores.degree[i]),
            "respondents": int(data["respondents"][i]), "people_rating": int(data["people_rating"][i]),
            "degree_centrality": _num(scores.degree_centrality[i]), "betweenness": _num(scores.betweenness[i]),
            "dims_received": {code: _num(scores.dims_received[d, i])
                              for d, code in enumerate(questions.DIMENSION_CODES)},
            "dims_raters": {code: int(scores.dims_raters[d, i]) for d, code in enumerate(questions.DIMENSION_CODES)},
        })
    net = scores.network
    detail = {
        "version": RESULTS_VERSION, "orgs": org_rows, pairs.KEY: pairs.columns(scores, [o.pk for o in orgs]),
        "factors": factor_results(wave),
        "central": {"degree": maths.most_central(scores.degree_centrality, names),
                    "betweenness": maths.most_central(scores.betweenness, names)},
        "trust_sd": _num(net["trust_sd"]), "value_sd": _num(net["value_sd"]),
        "changes": _changes(wave, scores, orgs, *_previous(wave)),
    }
    fields = {
        "responding_orgs": net["responding_orgs"], "responses": data["responses"],
        "relationships": net["relationships"], "trust_mean": _num(net["trust_mean"]),
        "value_mean": _num(net["value_mean"]), "trust_pct": _num(net["trust_pct"]),
        "value_pct": _num(net["value_pct"]), "density": _num(net["density"]),
        "centralisation": _num(net["centralisation"]), "reciprocity": _num(net["reciprocity"]), "detail": detail,
        "page_summary": {},
    }
    # stored with the page summary in one write; a confidential wave's page shows nothing by organisation
    result = WaveResult(wave=wave, **fields)
    if not wave.is_confidential:
        fields["page_summary"] = result.page_summary = selectors.work_out_summary(wave, result)
    # an earlier result is replaced in place (its detail is never read back: tens of megabytes at 2,000)
    if WaveResult.objects.filter(wave=wave).update(**fields):
        result = WaveResult.objects.defer("detail", "page_summary").get(wave=wave)
        result.detail, result.page_summary = fields["detail"], fields["page_summary"]
    else:
        result.save(force_insert=True)
    return result
