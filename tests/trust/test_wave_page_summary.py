"""A named wave's page reads a small summary stored at closing (how many pairs, the pairs with the least and
the most trust, the network measures without a lone respondent's contact), not every pair; it shows exactly
what it showed when it worked these out from the pairs on every view, under the minimum of respondents in
force, and a confidential wave stores none."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.core.models import AuditEntry
from accord.partners.models import Membership, Organisation
from accord.trust import questions, selectors, services, views
from accord.trust.models import Contact, Rating, Response, Wave, WaveResult

from .conftest import answer, invitation, open_wave

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')  # a new one on every page
# the column itself, not one key of it (SQLite reads a key as JSON_EXTRACT("…"."detail", '$…'), PostgreSQL as
# ("…"."detail" -> 'key'), and a key within a key as ("…"."detail" #> '{key,key}'))
WHOLE_DETAIL = re.compile(r'"trust_waveresult"\."detail"(?!, \'\$| -> | #> )')


def reference_summary(wave, result, summary=None):
    """What the page worked out from every pair on each view before the summary was stored (main's
    `_large_wave`, on `named_detail`), in `named_summary`'s form (`summary`, the stored one, is not used)."""
    shown = selectors.named_detail(wave, WaveResult.objects.get(pk=result.pk))
    pairs = shown["pairs"]
    rated = sorted(
        (p for p in pairs if p.get("trust") is not None), key=lambda p: (p["trust"], -p.get("trust_n", 0))
    )

    def brief(some):
        return [[p["from"], p["about"], p["trust"], p.get("trust_n", 0)] for p in some]

    return {
        **{k: v for k, v in shown.items() if k != "pairs"},
        "pair_count": len(pairs),
        "lowest_pairs": brief(rated[:10]),
        "highest_pairs": brief(rated[::-1][:10]),
    }


def _page(world, wave, monkeypatch=None, *, reference=False):
    if reference:
        monkeypatch.setattr(views.selectors, "named_summary", reference_summary)
    try:
        response = world.client("manager").get(wave.get_absolute_url())
    finally:
        if reference:
            monkeypatch.undo()
    assert response.status_code == 200
    return CSRF.sub("", response.content.decode())


@pytest.fixture
def small_wave(world, org_c):
    """Three organisations; Beta and Gamma have one respondent each."""
    wave = open_wave(world)
    answer(invitation(wave, "leader_a@example.org"), world.org_b, trust=4, value=4, contact=3)
    answer(invitation(wave, "staff_a@example.org"), world.org_b, trust=3, value=3, contact=2)
    answer(invitation(wave, "leader_b@example.org"), world.org_a, trust=1, value=1, contact=1)
    answer(invitation(wave, "leader_b@example.org"), org_c, trust=1, value=1, contact=3)
    answer(invitation(wave, "cleo@gamma.example"), world.org_b, trust=2, value=2, contact=0)
    services.wave_close(actor=world.users["manager"], wave=wave)
    return wave


def _medium_wave(world, k=24, *, confidentiality="named"):
    """k more organisations; every third has two respondents, the others one. Each rates six partners with
    many ties in trust (so the order of equal scores matters) and reports contact with some."""
    orgs = [world.org_a, world.org_b]
    for i in range(k):
        o = Organisation.objects.create(name=f"Medium {i:02d}", kind="charity")
        Membership.objects.create(partnership=world.partnership, organisation=o, joined=dt.date(2024, 1, 1))
        orgs.append(o)
    wave = Wave.objects.create(
        partnership=world.partnership,
        name="Medium survey",
        opens_on=dt.date(2024, 2, 1),
        closes_on=dt.date.today() + dt.timedelta(days=3),
        confidentiality=confidentiality,
    )
    wave.instruments.set([services.ensure_instruments()["relationships"]])
    for i, o in enumerate(orgs):
        for person in range(2 if i % 3 == 0 else 1):
            response = Response.objects.create(wave=wave, organisation=o, source=Response.Source.IMPORT)
            for j in (1, 2, 3, 5, 7, 11):
                about = orgs[(i + j) % len(orgs)]
                if (i + j + person) % 4:
                    Contact.objects.create(response=response, about=about, level=(i * j + person) % 4)
                Rating.objects.bulk_create(
                    [
                        Rating(
                            response=response,
                            about=about,
                            dimension=code,
                            score=None if (i + j + d) % 9 == 0 else 1 + (i * j + d + person) % 4,
                            dont_know=(i + j + d) % 9 == 0,
                        )
                        for d, code in enumerate(questions.DIMENSION_CODES)
                    ]
                )
    services.wave_close(actor=None, wave=wave)
    return wave


@pytest.fixture
def medium_wave(world, settings):
    settings.ACCORD_MATRIX_MAX = 5
    settings.ACCORD_PAGE_SIZE = 10
    return _medium_wave(world)


def test_a_small_wave_s_page_is_unchanged(world, small_wave, monkeypatch):
    assert _page(world, small_wave) == _page(world, small_wave, monkeypatch, reference=True)


def test_a_medium_wave_s_page_is_unchanged(world, medium_wave, monkeypatch):
    result = WaveResult.objects.get(wave=medium_wave)
    stored = result.page_summary
    assert stored["minimum"] == 2 and stored["pair_count"] > 20
    shown = selectors.named_summary(medium_wave, result)
    assert shown["withheld"]  # lone respondents: the network is worked out without their contact
    assert shown == reference_summary(medium_wave, result)
    page = _page(world, medium_wave)
    assert "Medium 01" in page and page == _page(world, medium_wave, monkeypatch, reference=True)
    for query in ("?org=Medium+1", "?page=2"):
        url = medium_wave.get_absolute_url() + query
        client = world.client("manager")
        now = CSRF.sub("", client.get(url).content.decode())
        monkeypatch.setattr(views.selectors, "named_summary", reference_summary)
        assert CSRF.sub("", client.get(url).content.decode()) == now
        monkeypatch.undo()


def test_the_medium_wave_s_page_reads_no_pair(world, medium_wave):
    client = world.client("manager")
    client.get(medium_wave.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        assert client.get(medium_wave.get_absolute_url()).status_code == 200
    whole = [q["sql"] for q in queries if WHOLE_DETAIL.search(q["sql"])]
    assert not whole
    assert not [q for q in queries if "pairs" in q["sql"] or "pair_arrays" in q["sql"]]
    assert not [q for q in queries if q["sql"].startswith(("UPDATE", "INSERT"))]


@pytest.mark.parametrize("minimum", [1, 3])
def test_a_changed_minimum_is_worked_out_again_once_and_stored(
    world, medium_wave, settings, monkeypatch, minimum
):
    before = _page(world, medium_wave)
    settings.TRUST_NAMED_MIN_RESPONDENTS = minimum
    result = WaveResult.objects.get(wave=medium_wave)
    with CaptureQueriesContext(connection) as queries:
        assert selectors.named_summary(medium_wave, result) == reference_summary(medium_wave, result)
    assert not [q for q in queries if "UPDATE" in q["sql"]]  # a read writes nothing
    assert WaveResult.objects.get(wave=medium_wave).page_summary["minimum"] == 2
    page = _page(world, medium_wave)  # the page asks services.page_summary_refresh first
    assert (
        WaveResult.objects.get(wave=medium_wave).page_summary["minimum"] == minimum
    )  # stored for the next view
    entries = AuditEntry.objects.filter(action="trust.wave.summary_refreshed")
    assert [e.data for e in entries] == [{"minimum": minimum, "was": 2}]
    assert page != before and page == _page(world, medium_wave, monkeypatch, reference=True)
    with CaptureQueriesContext(connection) as queries:
        _page(world, medium_wave)
    assert not [
        q
        for q in queries
        if WHOLE_DETAIL.search(q["sql"]) or "UPDATE" in q["sql"] and "page_summary" in q["sql"]
    ]
    assert entries.count() == 1  # worked out and audited once


def test_a_summary_kept_from_another_minimum_is_never_shown(world, medium_wave, settings):
    """The protection: a lone respondent's contact is not shown through a summary worked out when the
    minimum was 1."""
    settings.TRUST_NAMED_MIN_RESPONDENTS = 1
    result = WaveResult.objects.get(wave=medium_wave)
    services.page_summary_refresh(wave=medium_wave, result=result)
    assert WaveResult.objects.get(wave=medium_wave).page_summary["minimum"] == 1
    settings.TRUST_NAMED_MIN_RESPONDENTS = 2
    shown = selectors.named_summary(medium_wave, result)
    assert shown == reference_summary(medium_wave, result) and shown["withheld"]
    lone = {o["id"] for o in shown["orgs"] if o["withheld"]}
    assert not [p for p in shown["lowest_pairs"] + shown["highest_pairs"] if p[0] in lone]


def test_a_result_stored_before_the_summary_is_shown_the_same(world, medium_wave, monkeypatch):
    page = _page(world, medium_wave)
    WaveResult.objects.filter(wave=medium_wave).update(page_summary={})
    assert _page(world, medium_wave) == page
    assert WaveResult.objects.get(wave=medium_wave).page_summary["minimum"] == 2
    assert AuditEntry.objects.get(action="trust.wave.summary_refreshed").data == {"minimum": 2, "was": None}


def test_a_confidential_wave_stores_no_summary(world, settings):
    settings.ACCORD_MATRIX_MAX = 5
    wave = _medium_wave(world, k=11, confidentiality="confidential")
    result = WaveResult.objects.get(wave=wave)
    assert result.page_summary == {}
    with pytest.raises(ValueError):
        selectors.named_summary(wave, result)
    with pytest.raises(ValueError):
        services.page_summary_refresh(wave=wave, result=result)
    assert WaveResult.objects.get(wave=wave).page_summary == {}
    page = world.client("manager").get(wave.get_absolute_url()).content.decode()
    assert "Medium 01" not in page
