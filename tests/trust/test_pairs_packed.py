"""A wave's pairs are stored as packed arrays (accord.trust.pairs), not a JSON dict per pair: they read back as
exactly the dicts that were stored before, every reader (page, downloads, API, network files, what changed)
answers the same from a result stored the old way, and the close and the health reads never load a whole
detail they do not use."""

import json

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.analytics import trust as maths
from accord.trust import pairs, questions, scoring, selectors, services
from accord.trust.models import Contact, Rating, Response, Wave, WaveResult

from .test_wave_page_summary import WHOLE_DETAIL, _medium_wave

pytestmark = pytest.mark.django_db


def dict_pairs(scores, ids):
    """The pairs as main stored them before the arrays (scoring._pairs), the reference."""
    shown = ~np.isnan(scores.trust) | ~np.isnan(scores.value) | (scores.contact >= 0)
    np.fill_diagonal(shown, False)
    i, j = np.nonzero(shown)

    def nums(values):
        return [None if x != x else x for x in values.tolist()]

    dims = zip(*(nums(row) for row in scores.dims.at(i, j)), strict=True)
    return [{"from": ids[a], "about": ids[b], "trust": t, "trust_n": tn, "value": v, "value_n": vn,
             "contact": c if c >= 0 else None, "dims": dict(zip(questions.DIMENSION_CODES, ds, strict=True))}
            for a, b, t, tn, v, vn, c, ds in zip(
                i.tolist(), j.tolist(), nums(scores.trust[i, j]), scores.trust_n[i, j].tolist(),
                nums(scores.value[i, j]), scores.value_n[i, j].tolist(), scores.contact[i, j].tolist(), dims,
                strict=True)]


def _next_wave(first):
    """A wave after `first`, answered by the same people with each score one higher where it can be."""
    Wave.objects.filter(pk=first.pk).update(closes_on=first.closes_on.replace(year=first.closes_on.year - 1))
    wave = Wave.objects.create(partnership=first.partnership, name="Next survey", opens_on=first.opens_on,
                               closes_on=first.closes_on)
    wave.instruments.set(first.instruments.all())
    for old in Response.objects.filter(wave=first):
        response = Response.objects.create(wave=wave, organisation=old.organisation, source=old.source)
        Contact.objects.bulk_create([Contact(response=response, about=c.about, level=c.level)
                                     for c in old.contacts.all()])
        Rating.objects.bulk_create([Rating(response=response, about=r.about, dimension=r.dimension,
                                           score=r.score if r.score in (None, 4) else r.score + 1,
                                           dont_know=r.dont_know) for r in old.ratings.all()])
    services.wave_close(actor=None, wave=wave)
    return wave


def _as_stored_before(wave):
    """Rewrite `wave`'s stored result the way main stored it: a dict per pair under detail["pairs"]."""
    result = WaveResult.objects.get(wave=wave)
    detail = dict(result.detail)
    detail[pairs.OLD_KEY] = pairs.as_dicts(pairs.stored(detail))
    del detail[pairs.KEY]
    WaveResult.objects.filter(pk=result.pk).update(detail=detail)


@pytest.fixture
def medium(world, settings):
    settings.ACCORD_MATRIX_MAX = 5
    return _medium_wave(world, k=12)


def test_the_stored_arrays_read_back_as_the_dicts_stored_before(medium):
    result = WaveResult.objects.get(wave=medium)
    data = scoring.wave_arrays(medium)
    scores = maths.wave_scores(data["n"], data["rater"], data["about"], data["dim"], data["score"], data["contact"],
                               responding=data["responding"])
    expected = dict_pairs(scores, [o.pk for o in data["orgs"]])
    got = pairs.as_dicts(pairs.stored(result.detail))
    assert len(got) > 50 and got == expected
    assert json.dumps(got) == json.dumps(expected)  # the same types too: 3.0 stays a float, counts ints
    assert any(p["contact"] is None for p in got) and any(None in p["dims"].values() for p in got)
    assert pairs.OLD_KEY not in result.detail
    # and the arrays of the old form are the same arrays
    old = pairs.from_dicts(expected)
    for key in pairs.FIELDS:
        assert np.array_equal(old[key], pairs.stored(result.detail)[key], equal_nan=True)


def test_packing_keeps_every_bit():
    values = np.array([2.3333333333333335, np.nan, 1e-300, -0.0, 4.0])
    back = pairs.unpack(json.loads(json.dumps(pairs.pack(values, "<f8"))))
    assert back.tobytes() == values.tobytes()
    ids = np.array([1, 2**40, 7], dtype=np.int64)
    assert pairs.unpack(pairs.pack(ids, "<i8")).tolist() == [1, 2**40, 7]


def _everything_shown(world, wave):
    """What every reader of the pairs answers for `wave`."""
    client = world.client("manager")
    result = WaveResult.objects.get(wave=wave)
    base = f"/api/partnerships/{world.partnership.pk}/trust/waves/{wave.pk}"
    reports = f"/p/{world.partnership.pk}/reports/data/trust/{wave.pk}/network"
    out = {
        "named_detail": selectors.named_detail(wave, result),
        "summary": selectors.work_out_summary(wave, result),
        "api": client.get(f"{base}/relationships").json(),
        "graphml": client.get(f"{reports}.graphml").content,
        "pajek": client.get(f"{reports}.net").content,
    }
    for what in ("pairs", "organisations"):
        url = f"/p/{world.partnership.pk}/trust/waves/{wave.pk}/{what}.csv"
        response = client.get(url)
        assert response.status_code == 200
        out[what] = response.content
    assert len(out["api"]) > 20
    return out


def test_a_result_stored_before_reads_the_same_everywhere(world, medium):
    now = _everything_shown(world, medium)
    _as_stored_before(medium)
    assert _everything_shown(world, medium) == now


def test_what_changed_is_the_same_after_a_wave_stored_before(world, settings):
    settings.ACCORD_MATRIX_MAX = 5
    first = _medium_wave(world, k=12)
    second = _next_wave(first)
    changes = WaveResult.objects.get(wave=second).detail["changes"]
    assert changes["since"] and changes["network"][0]["before"] is not None
    _as_stored_before(first)
    scoring.store_results(Wave.objects.get(pk=second.pk))
    assert WaveResult.objects.get(wave=second).detail["changes"] == changes


def test_closing_reads_no_whole_detail(world, settings):
    """Neither the earlier wave's (compared with) nor an earlier result of this wave's (replaced)."""
    settings.ACCORD_MATRIX_MAX = 5
    second = _next_wave(_medium_wave(world, k=12))
    with CaptureQueriesContext(connection) as queries:
        scoring.store_results(Wave.objects.get(pk=second.pk))
    assert not [q["sql"] for q in queries if WHOLE_DETAIL.search(q["sql"])]
    assert WaveResult.objects.get(wave=second).detail["changes"]["since"]


def test_wave_summaries_read_no_detail(world, settings):
    settings.ACCORD_MATRIX_MAX = 5
    wave = _medium_wave(world, k=12)
    with CaptureQueriesContext(connection) as queries:
        [summary] = selectors.wave_summaries_many([world.partnership])[world.partnership.pk]
    assert len(queries) == 1
    assert not [q["sql"] for q in queries if WHOLE_DETAIL.search(q["sql"]) or "page_summary" in q["sql"]]
    result = WaveResult.objects.get(wave=wave)
    assert summary["id"] == wave.pk and summary["trust_pct"] == result.trust_pct
    assert summary["responding_orgs"] == result.responding_orgs


def test_the_page_summary_stored_at_closing_is_the_one_worked_out_again(world, medium):
    result = WaveResult.objects.get(wave=medium)
    assert result.page_summary == selectors.work_out_summary(medium, result)
    assert services.page_summary_refresh(wave=medium, result=result) == result.page_summary


def test_the_questions_come_in_their_order_whatever_the_database_gives_back():
    """PostgreSQL's jsonb gives an object's keys back sorted by length: a pair's questions stay in order."""
    one = {f: np.array([1]) for f in pairs.FIELDS} | {"trust": np.array([2.5]), "value": np.array([np.nan])}
    one["dims"] = {code: np.array([float(d)]) for d, code in reversed(list(enumerate(questions.DIMENSION_CODES)))}
    [pair] = pairs.as_dicts(one)
    assert list(pair["dims"]) == list(questions.DIMENSION_CODES) and pair["value"] is None
    assert list(pair) == [*pairs.FIELDS, "dims"]
