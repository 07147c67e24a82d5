"""Closing a wave reads its answers in a fixed number of queries, whatever the number of partners."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.partners.models import Membership, Organisation, Partnership
from accord.trust import pairs as trust_pairs
from accord.trust import questions, services
from accord.trust.models import Contact, Rating, Response, Wave

pytestmark = pytest.mark.django_db


def _answered_wave(k: int) -> Wave:
    """A wave of k organisations, each of which rated every other on every question."""
    p = Partnership.objects.create(name=f"Partnership of {k}", purpose="Test")
    orgs = [Organisation.objects.create(name=f"Org {k}-{i}") for i in range(k)]
    for o in orgs:
        Membership.objects.create(partnership=p, organisation=o, joined=dt.date(2024, 1, 1))
    wave = Wave.objects.create(partnership=p, name="Survey", opens_on=dt.date(2024, 2, 1),
                               closes_on=dt.date.today() + dt.timedelta(days=3))
    for i, o in enumerate(orgs):
        response = Response.objects.create(wave=wave, organisation=o, source=Response.Source.IMPORT)
        for j, about in enumerate(orgs):
            if about != o:
                Contact.objects.create(response=response, about=about, level=(i + j) % 4)
                Rating.objects.bulk_create([Rating(response=response, about=about, dimension=code,
                                                   score=None if (i * j + d) % 7 == 0 else 1 + (i + 2 * j + d) % 4,
                                                   dont_know=(i * j + d) % 7 == 0)
                                            for d, code in enumerate(questions.DIMENSION_CODES)])
    return wave


def test_closing_a_wave_takes_the_same_queries_for_3_and_9_partners():
    counts = []
    services.wave_close(actor=None, wave=_answered_wave(2))  # fills Django's caches (content types) first
    for k in (3, 9):
        wave = _answered_wave(k)
        with CaptureQueriesContext(connection) as queries:
            services.wave_close(actor=None, wave=wave)
        counts.append(len(queries))
        result = wave.result
        assert result.responding_orgs == k and result.relationships == k * (k - 1)
        assert len(trust_pairs.as_dicts(trust_pairs.stored(result.detail))) == k * (k - 1)
    assert counts[0] == counts[1]


def test_closing_counts_leavers_the_closest_tie_and_skips_outsiders():
    wave = _answered_wave(2)
    a, b = wave.organisations()
    leaver, outsider = Organisation.objects.create(name="Leaver"), Organisation.objects.create(name="Outsider")
    Membership.objects.create(partnership=wave.partnership, organisation=leaver, joined=dt.date(2023, 1, 1),
                              left=dt.date(2023, 6, 1))
    second = Response.objects.create(wave=wave, organisation=a, source=Response.Source.IMPORT)
    Contact.objects.create(response=second, about=b, level=3)  # the first respondent said (0 + 1) % 4 = 1
    Contact.objects.create(response=second, about=outsider, level=2)
    Rating.objects.create(response=second, about=outsider, dimension="reliability", score=4)
    left = Response.objects.create(wave=wave, organisation=leaver, source=Response.Source.IMPORT)
    Rating.objects.create(response=left, about=a, dimension="openness", score=2)
    services.wave_close(actor=None, wave=wave)
    detail = wave.result.detail
    assert [o["name"] for o in detail["orgs"]] == [a.name, b.name, "Leaver"]
    pairs = {(p["from"], p["about"]): p for p in trust_pairs.as_dicts(trust_pairs.stored(detail))}
    assert pairs[(a.pk, b.pk)]["contact"] == 3
    assert pairs[(leaver.pk, a.pk)]["dims"]["openness"] == 2 and pairs[(leaver.pk, a.pk)]["contact"] is None
    assert not any(outsider.pk in key for key in pairs)
