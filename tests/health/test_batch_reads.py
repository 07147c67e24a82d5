"""Health reads the other domains a batch of partnerships at a time (issue 21): each domain's `_many`
selector answers for many partnerships what its single selector answers for each, and the snapshot of a
batch costs the same queries however many partnerships it holds. Real domains (no fakes), on varied
data: the demo (a partnership with data in every domain, and four thinner ones) and generated
partnerships of the task's benchmark (every domain, confidential and named waves, drafts waiting for
signatures, leaders who left)."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from bench.health import queries_of_a_batch, task_partnerships
from django.utils import timezone

from accord.core import registry
from accord.health import services, signals
from accord.partners.models import Partnership
from tests.demo.snapshot import load_demo

# the batch selectors health reads, with the keywords it passes (a date in the demo's three years, and
# the bench's months)
AS_OF = [dt.date(2024, 11, 30), dt.date(2026, 3, 31)]
CALLS = {
    "wave_summaries": [{}],
    "governance_health": [{"start": d - dt.timedelta(days=91), "end": d} for d in AS_OF] + [{}],
    "senior_attendance_by_meeting": [{}],
    "charter_status": [{}],
    "commitments_summary": [{"as_of": d, "months": 12} for d in AS_OF],
    "goals_progress": [{"as_of": d} for d in AS_OF] + [{}],
    "rollout": [{"as_of": d} for d in AS_OF] + [{}],
    "funding_streams": [{}],
    "reciprocity": [{}],
}


@pytest.fixture
def varied(db) -> list[Partnership]:
    load_demo()
    task_partnerships(4, random.Random(5), timezone.localdate())
    return list(Partnership.objects.order_by("pk"))


# the batch selectors of a leader's handover, by person (each within their own partnership), and trust
# received by partner, by wave
BY_PERSON = {"open_actions_for", "open_commitments_for", "items_owned_by"}
BY_WAVE = {"trust_received_by_org"}


def test_every_batch_selector_answers_for_each_partnership_what_its_single_selector_does(varied):
    batch_names = {n for names in registry.HEALTH_CONTRACT.values() for n in names if n.endswith("_many")}
    # a new batch form is checked here too
    assert batch_names == {f"{n}_many" for n in [*CALLS, *BY_PERSON, *BY_WAVE]}
    for domain, source in registry.HEALTH_SOURCES.items():
        for name in registry.HEALTH_CONTRACT[domain]:
            if not name.endswith("_many") or name.removesuffix("_many") in BY_PERSON | BY_WAVE:
                continue
            single, batch = getattr(source, name.removesuffix("_many")), getattr(source, name)
            for kwargs in CALLS[name.removesuffix("_many")]:
                together = batch(varied, **kwargs)
                assert set(together) == {p.pk for p in varied}
                for p in varied:
                    assert together[p.pk] == single(p, **kwargs), (name, p.name, kwargs)
    # the data is varied: the batch holds partnerships with and without each kind of data
    waves = registry.HEALTH_SOURCES["trust"].wave_summaries_many(varied)
    assert {bool(w) for w in waves.values()} == {True, False}
    assert any(w["confidential"] for rows in waves.values() for w in rows)
    drafts = registry.HEALTH_SOURCES["charter"].charter_status_many(varied)
    assert any(s["unsigned_orgs"] for s in drafts.values()) and any(s["draft_version"] is None for s in drafts.values())


def test_every_batch_selector_of_people_and_waves_answers_what_its_single_selector_does(varied):
    from accord.charter.models import Commitment
    from accord.partners.models import Person
    from accord.trust.models import Wave

    people = list(Person.objects.order_by("pk"))
    for c in Commitment.objects.filter(status=Commitment.Status.OPEN)[:20]:  # some answered for by a person
        c.person = next(p for p in people if p.partnership_id == c.partnership_id)
        c.save(update_fields=["person"])
    for domain, source in registry.HEALTH_SOURCES.items():
        for name in registry.HEALTH_CONTRACT[domain]:
            if name.removesuffix("_many") in BY_PERSON and name.endswith("_many"):
                single, batch = getattr(source, name.removesuffix("_many")), getattr(source, name)
                together = batch(people)
                assert set(together) == {p.pk for p in people}
                for p in people:
                    assert together[p.pk] == single(p, partnership=p.partnership), (name, p.name)
                assert any(together.values()), name  # the data holds some
    waves = list(Wave.objects.order_by("pk"))
    source = registry.HEALTH_SOURCES["trust"]
    together = source.trust_received_by_org_many([w.pk for w in waves])
    for w in waves:
        assert together[w.pk] == source.trust_received_by_org(w.partnership, w.pk), w.name
    assert any(together.values())


def test_trust_received_by_org_is_what_the_wave_page_shows(varied):
    """The batch reads trust received without working out the whole detail: it must agree with it."""
    from accord.trust.models import WaveResult
    from accord.trust.selectors import named_detail, trust_received_by_org_many

    results = [r for r in WaveResult.objects.select_related("wave") if not r.wave.is_confidential]
    read = trust_received_by_org_many([r.wave_id for r in results])
    assert any(read.values())
    for r in results:
        assert read[r.wave_id] == {o["id"]: o["trust_received"] for o in named_detail(r.wave, r)["orgs"]}


def test_the_snapshot_of_a_batch_is_the_snapshot_of_each_alone(varied):
    for as_of in AS_OF:
        together = signals.gather_many(varied, as_of)
        for p in varied:
            assert together[p.pk] == signals.gather(p, as_of), (p.name, as_of)
    taken = {s.partnership_id: s for s in services._take(varied, AS_OF[-1])}
    for p in varied:
        alone = services._take([p], AS_OF[-1])[0]
        assert [getattr(alone, f) for f in services.SNAPSHOT_FIELDS[:-1]] == \
            [getattr(taken[p.pk], f) for f in services.SNAPSHOT_FIELDS[:-1]], p.name


def test_derived_events_of_a_batch_are_those_derived_one_at_a_time(db):
    from accord.health.models import ChangeEvent, Handover, HandoverItem

    def build() -> list[Partnership]:  # the same partnerships each time (same seed), under new ids
        ids = task_partnerships(3, random.Random(8), timezone.localdate())
        return list(Partnership.objects.filter(pk__in=ids).order_by("pk"))

    def state(partnerships: list[Partnership]) -> list:
        return [sorted(ChangeEvent.objects.filter(partnership=p).values_list("kind", "date", "impact", "note"))
                + sorted(Handover.objects.filter(partnership=p).values_list("leaving__name", "incoming__name"))
                + sorted(HandoverItem.objects.filter(handover__partnership=p)
                         .values_list("handover__leaving__name", "text", "order"))
                for p in partnerships]

    together, alone = build(), build()
    created = services.derive_events_many(together)
    for p in alone:
        services.derive_events(p)
    assert created and all(state(together)) and state(together) == state(alone)
    assert services.derive_events_many(together + alone) == []  # nothing new: all derived already
    assert state(together) == state(alone)


def test_the_queries_of_a_batch_do_not_grow_with_its_number_of_partnerships(db):
    last_month = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    ids = task_partnerships(9, random.Random(13), timezone.localdate())
    # three partnerships already hold every kind of data (an empty kind runs no query at all)
    assert queries_of_a_batch(ids[:3], last_month) == queries_of_a_batch(ids, last_month)


def test_the_warnings_of_a_batch_are_those_of_each_partnership_alone(varied):
    from bench.health import ALERT_FIELDS, alerts_one_at_a_time

    services.derive_events_many(varied)
    fired = 0
    for as_of in [*AS_OF, timezone.localdate() + dt.timedelta(days=120)]:
        alone = alerts_one_at_a_time(varied, as_of)
        together = services.evaluate_many(varied, as_of)
        assert {pk: [[a.rule.kind, *(getattr(a, f) for f in ALERT_FIELDS)] for a in alerts]
                for pk, alerts in together.items()} == alone, as_of
        fired += sum(len(v) for v in alone.values())
        assert services.evaluate_many(varied, as_of) == {p.pk: [] for p in varied}  # each cause fires once
    assert fired


def test_the_queries_of_the_warning_rules_grow_with_neither_number_nor_size(db):
    from bench.health import queries_of_the_rules

    today = timezone.localdate()
    ids = task_partnerships(9, random.Random(13), today)
    big = task_partnerships(1, random.Random(14), today, (40, 40))
    assert queries_of_the_rules(ids[:3], today) == queries_of_the_rules(ids, today)
    assert queries_of_the_rules(ids[:1], today) == queries_of_the_rules(big, today)
