"""A confidential wave's answers feed nothing shown outside its own page: not the next wave's "what
changed", not the trend charts, the summaries other domains and the API read, nor the health index.
Comparisons skip to the last wave that may be shown, and say so."""

import datetime as dt

import pytest

from accord.core.models import AuditEntry
from accord.health import signals
from accord.lib.stored_text import english
from accord.trust import selectors, services
from accord.trust.models import Wave, WaveResult

from .conftest import answer, invitation, open_wave

ANSWERERS = ("leader_a@example.org", "leader_b@example.org", "cleo@gamma.example")


def run_wave(world, org_c, name, closes_on, *, trust, confidentiality="named", who=ANSWERERS):
    """Open, answer (everyone about every partner with `trust`), date and close one wave."""
    wave = open_wave(world, name=name, confidentiality=confidentiality)
    orgs = {"leader_a@example.org": world.org_a, "leader_b@example.org": world.org_b,
            "cleo@gamma.example": org_c}
    for email in who:
        for about in (world.org_a, world.org_b, org_c):
            if about != orgs[email]:
                answer(invitation(wave, email), about, trust=trust, value=trust)
    Wave.objects.filter(pk=wave.pk).update(opens_on=closes_on - dt.timedelta(days=20), closes_on=closes_on)
    wave.refresh_from_db()
    services.wave_close(actor=world.users["manager"], wave=wave)
    return wave


@pytest.fixture(params=[2, 3], ids=["withheld", "shown-as-totals"])
def three_waves(request, world, org_c):
    """Summer (named, trust 4), Autumn (confidential, trust 1, answered by 2 or 3 organisations),
    Winter (named, trust 2)."""
    summer = run_wave(world, org_c, "Summer 2025", dt.date(2025, 6, 15), trust=4)
    autumn = run_wave(world, org_c, "Autumn 2025", dt.date(2025, 9, 15), trust=1, confidentiality="confidential",
                      who=ANSWERERS[: request.param])
    winter = run_wave(world, org_c, "Winter 2025", dt.date(2025, 12, 15), trust=2)
    return summer, autumn, winter


def test_the_next_named_wave_compares_with_the_last_named_wave_and_says_so(world, three_waves):
    summer, autumn, winter = three_waves
    changes = WaveResult.objects.get(wave=winter).detail["changes"]
    assert changes["since_wave"] == "Summer 2025"
    assert changes["network"][0]["before"] == pytest.approx(4.0)  # not the confidential wave's 1.0
    assert all("from 4.0 to 2.0" in english(line) for line in changes["summary"]) and changes["summary"]
    assert not [line for line in changes["summary"] if "1.0" in english(line)]
    page = world.client("leader_a").get(winter.get_absolute_url()).content.decode()
    assert "Compared with Summer 2025; the confidential wave in between (Autumn 2025) is not compared" in page
    assert "from 1.0" not in page
    api = world.client("leader_a").get(f"/api/partnerships/{world.partnership.pk}/trust/waves/{winter.pk}").json()
    assert api["changes"][0]["before"] == pytest.approx(4.0)
    assert not [line for line in api["summary"] if "1.0" in line]


def test_the_confidential_wave_feeds_no_trend_summary_or_health_input(world, three_waves):
    summer, autumn, winter = three_waves
    rows = {w["name"]: w for w in selectors.wave_summaries(world.partnership)}
    assert rows["Autumn 2025"]["confidential"]
    assert all(rows["Autumn 2025"][k] is None for k in ("trust_pct", "value_pct", "density", "reciprocity"))
    assert rows["Summer 2025"]["trust_pct"] == pytest.approx(100.0)
    api = world.client("leader_a").get(f"/api/partnerships/{world.partnership.pk}/trust/summary").json()
    assert [w["trust_pct"] for w in api] == [pytest.approx(100.0), None, pytest.approx(50.0)]
    overview = world.client("manager").get(f"/p/{world.partnership.pk}/trust/").content.decode()
    assert "25%" not in overview  # the confidential wave's trust (1 of 4) is on no chart or table here
    assert "Trust (% of maximum): 100 on 15 Jun 2025" in overview  # a point of the trend chart
    assert "Trust (% of maximum): 25 on" not in overview
    trust = signals.components(signals.gather(world.partnership, dt.date(2026, 1, 1)))["trust"]
    assert trust.inputs["waves"] == 2 and trust.inputs["latest_pct"] == pytest.approx(50.0)
    assert trust.inputs["trend_points"] == pytest.approx(-50.0)  # Winter against Summer, not Autumn


def test_the_confidential_wave_keeps_its_own_totals_when_enough_answered(world, org_c):
    autumn = run_wave(world, org_c, "Autumn 2025", dt.date(2025, 9, 15), trust=1, confidentiality="confidential")
    page = world.client("staff_a").get(autumn.get_absolute_url()).content.decode()
    assert "25% of the maximum" in page


def test_taking_part_in_a_confidential_wave_leaves_no_trace_by_person(world, org_c):
    wave = open_wave(world, confidentiality="confidential")
    inv = invitation(wave, "leader_b@example.org")
    answer(inv, world.org_a)
    services.answer_factors(invitation=inv, answers={})
    services.response_finish(invitation=inv)
    entries = AuditEntry.objects.filter(object_id=str(wave.pk), action__startswith="trust.response")
    assert not entries.exists()
    text = " ".join(f"{e.actor_label} {e.data}" for e in AuditEntry.objects.all())
    assert "leader_b@example.org" not in text and "Beta Trust" not in text


def test_answers_in_a_named_wave_are_still_audited(world, org_c):
    wave = open_wave(world)
    answer(invitation(wave, "leader_b@example.org"), world.org_a)
    assert AuditEntry.objects.filter(object_id=str(wave.pk), action="trust.response.saved").exists()


def test_healths_trust_warning_compares_the_last_two_named_waves(world, three_waves):
    from accord.health import rules

    summer, autumn, winter = three_waves
    [finding] = [f for f in rules.trust_drop(world.partnership, 0.5, dt.date(2026, 1, 1))
                 if f.organisation_id == world.org_a.pk]
    assert "fell from 4.00 to 2.00" in english(finding.reason)
    assert "between Summer 2025 and Winter 2025" in english(finding.reason)


def test_a_named_wave_after_only_a_confidential_one_compares_with_nothing_and_says_so(world, org_c):
    run_wave(world, org_c, "Autumn 2025", dt.date(2025, 9, 15), trust=1, confidentiality="confidential")
    winter = run_wave(world, org_c, "Winter 2025", dt.date(2025, 12, 15), trust=2)
    changes = winter.result.detail["changes"]
    assert changes["since"] is None and changes["network"] == [] and changes["summary"] == []
    page = world.client("leader_a").get(winter.get_absolute_url()).content.decode()
    assert ("There is no earlier wave to compare with: the confidential wave before this one (Autumn 2025) "
            "is not compared.") in page
