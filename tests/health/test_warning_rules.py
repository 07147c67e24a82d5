"""Each early-warning rule fires on its cause, says why and what to look at, fires once per cause,
and follows its threshold and switch (data a manager edits)."""

import datetime as dt

from accord.health import services
from accord.health.models import Alert, AlertRule, ChangeEvent
from accord.lib.stored_text import english

from .conftest import TODAY, meeting, stream, wave


def _fired(world, kind):
    return list(Alert.objects.filter(partnership=world.partnership, rule__kind=kind))


def test_leader_change_followed_by_a_drop_in_trust(world, fake):
    fake.waves = [wave(1, dt.date(2025, 12, 1), 72.0), wave(2, dt.date(2026, 5, 1), 58.0)]
    ChangeEvent.objects.create(partnership=world.partnership, organisation=world.org_b, kind="leader_left",
                               date=dt.date(2026, 1, 31))
    services.evaluate(world.partnership, TODAY)
    [alert] = _fired(world, "leader_change_drop")
    assert "72%" in english(alert.reason) and "58%" in english(alert.reason) and "handover" in english(alert.look_at)
    assert alert.look_at_url == "/p/1/trust/waves/2/"


def test_leader_change_followed_by_a_drop_in_attendance(world, fake):
    b = world.org_b.pk
    fake.meetings = [meeting(1, dt.date(2025, 12, 1), {b: "attended"}), meeting(2, dt.date(2026, 1, 5), {b: "attended"}),
                     meeting(3, dt.date(2026, 3, 1), {b: "delegate"}), meeting(4, dt.date(2026, 4, 1), {b: "attended"})]
    ChangeEvent.objects.create(partnership=world.partnership, organisation=world.org_b, kind="leader_left",
                               date=dt.date(2026, 1, 31))
    services.evaluate(world.partnership, TODAY)
    [alert] = _fired(world, "leader_change_drop")
    assert "from 100% of meetings before to 50% after" in english(alert.reason)


def test_leader_change_followed_by_a_drop_in_trust_in_that_partner(world, fake):
    # the partnership as a whole hardly moves (72% -> 70%); trust received by Beta falls 3.2 -> 2.6 of 4,
    # which is 15 points of the scale's maximum: above the threshold of 10
    fake.waves = [wave(1, dt.date(2025, 12, 1), 72.0), wave(2, dt.date(2026, 5, 1), 70.0)]
    fake.received = {1: {world.org_a.pk: 3.3, world.org_b.pk: 3.2}, 2: {world.org_a.pk: 3.3, world.org_b.pk: 2.6}}
    ChangeEvent.objects.create(partnership=world.partnership, organisation=world.org_b, kind="leader_left",
                               date=dt.date(2026, 1, 31))
    services.evaluate(world.partnership, TODAY)
    [alert] = _fired(world, "leader_change_drop")
    assert "fall in trust in Beta Trust from 3.20 (Wave 1) to 2.60 (Wave 2)" in english(alert.reason)
    assert alert.organisation_id == world.org_b.pk and alert.look_at_url == "/p/1/trust/waves/2/"
    # 0.3 of 4 is 7.5 points: under the threshold, and attendance says nothing, so nothing fires
    Alert.objects.all().delete()
    fake.received[2][world.org_b.pk] = 2.9
    services.evaluate(world.partnership, TODAY)
    assert _fired(world, "leader_change_drop") == []


def test_a_leader_leaving_and_their_successor_arriving_warn_once(world, fake):
    fake.waves = [wave(1, dt.date(2025, 12, 1), 72.0), wave(2, dt.date(2026, 5, 1), 58.0)]
    for kind, day in (("leader_left", dt.date(2026, 1, 31)), ("leader_arrived", dt.date(2026, 3, 1))):
        ChangeEvent.objects.create(partnership=world.partnership, organisation=world.org_b, kind=kind, date=day)
    services.evaluate(world.partnership, TODAY)
    [alert] = _fired(world, "leader_change_drop")
    assert english(alert.reason).startswith("Leader left")
    # nor later, once the leaving has dropped out of the rule's year but the arrival has not
    services.evaluate(world.partnership, dt.date(2027, 2, 15))
    assert len(_fired(world, "leader_change_drop")) == 1
    # a new leader arriving with nobody leaving just before is a change of its own
    ChangeEvent.objects.create(partnership=world.partnership, organisation=world.org_a, kind="leader_arrived",
                               date=dt.date(2026, 2, 1))
    services.evaluate(world.partnership, TODAY)
    assert sorted(english(a.reason).split(" (")[0] for a in _fired(world, "leader_change_drop")) == ["Leader arrived",
                                                                                           "Leader left"]


def test_no_leader_change_no_alert_even_when_trust_drops(world, fake):
    fake.waves = [wave(1, dt.date(2025, 12, 1), 72.0), wave(2, dt.date(2026, 5, 1), 58.0)]
    services.evaluate(world.partnership, TODAY)
    assert _fired(world, "leader_change_drop") == []


def test_trust_in_one_partner_falling_between_waves(world, fake):
    a, b = world.org_a.pk, world.org_b.pk
    fake.waves = [wave(1, dt.date(2025, 12, 1), 70.0), wave(2, dt.date(2026, 5, 1), 65.0)]
    fake.received = {1: {a: 3.2, b: 3.4}, 2: {a: 3.0, b: 2.7}}  # a fell 0.2, b fell 0.7
    services.evaluate(world.partnership, TODAY)
    [alert] = _fired(world, "trust_drop")
    assert alert.organisation_id == b and "Beta Trust" in english(alert.reason) and "3.40 to 2.70" in english(alert.reason)
    rule = AlertRule.objects.get(partnership=world.partnership, kind="trust_drop")
    services.rule_update(actor=world.users["manager"], rule=rule, threshold=0.1)
    services.evaluate(world.partnership, TODAY)
    assert {x.organisation_id for x in _fired(world, "trust_drop")} == {a, b}


def test_two_meetings_in_a_row_without_a_senior_leader(world, fake):
    a, b = world.org_a.pk, world.org_b.pk
    fake.meetings = [meeting(1, dt.date(2026, 2, 1), {a: "attended", b: "attended"}),
                     meeting(2, dt.date(2026, 3, 1), {a: "delegate", b: "apologies"}),
                     meeting(3, dt.date(2026, 4, 1), {a: "attended", b: "delegate"})]
    services.evaluate(world.partnership, TODAY)
    [alert] = _fired(world, "senior_absent")
    assert alert.organisation_id == b and "last 2 meetings" in english(alert.reason)
    # a third miss is the same run, the same cause: no second alert
    fake.meetings.append(meeting(4, dt.date(2026, 5, 1), {a: "attended", b: "absent"}))
    services.evaluate(world.partnership, TODAY)
    assert len(_fired(world, "senior_absent")) == 1


def test_a_partner_that_only_takes_from_the_library(world, fake):
    a, b = world.org_a.pk, world.org_b.pk
    fake.reciprocity = [{"owner_org_id": a, "reader_org_id": b, "items_shared": 3, "opens": 9},
                        {"owner_org_id": b, "reader_org_id": a, "items_shared": 0, "opens": 0}]
    services.evaluate(world.partnership, TODAY)
    [alert] = _fired(world, "library_takes_only")
    assert alert.organisation_id == b and "9 times" in english(alert.reason)


def test_funding_ending_within_six_months_with_no_successor(world, fake):
    fake.streams = [stream(1, dt.date(2024, 1, 1), dt.date(2026, 10, 31), [world.org_a.pk]),
                    stream(2, dt.date(2024, 1, 1), dt.date(2027, 3, 31), [world.org_b.pk])]
    services.evaluate(world.partnership, TODAY)
    [alert] = _fired(world, "funding_ending")
    assert "31 October 2026" in english(alert.reason) and alert.look_at_url == "/p/1/funding/1/"


def test_funding_with_a_successor_does_not_fire(world, fake):
    fake.streams = [stream(1, dt.date(2024, 1, 1), dt.date(2026, 10, 31), [world.org_a.pk]),
                    stream(2, dt.date(2026, 11, 1), dt.date(2028, 10, 31), [world.org_a.pk])]
    services.evaluate(world.partnership, TODAY)
    assert _fired(world, "funding_ending") == []


def test_charter_draft_unsigned_for_sixty_days(world, fake):
    fake.charter = {"agreed_version": 1, "agreed_on": dt.date(2025, 1, 1), "draft_version": 2,
                    "draft_since": TODAY - dt.timedelta(days=59), "unsigned_orgs": ["Beta Trust"], "url": "/c/"}
    services.evaluate(world.partnership, TODAY)
    assert _fired(world, "charter_unsigned") == []
    fake.charter["draft_since"] = TODAY - dt.timedelta(days=61)
    services.evaluate(world.partnership, TODAY)
    [alert] = _fired(world, "charter_unsigned")
    assert "61 days" in english(alert.reason) and "Beta Trust" in english(alert.reason)


def test_a_disabled_rule_does_not_fire(world, fake):
    fake.charter = {"agreed_version": None, "agreed_on": None, "draft_version": 1,
                    "draft_since": TODAY - dt.timedelta(days=100), "unsigned_orgs": [], "url": "/c/"}
    services.rules_ensure(world.partnership)
    rule = AlertRule.objects.get(partnership=world.partnership, kind="charter_unsigned")
    services.rule_update(actor=world.users["manager"], rule=rule, enabled=False)
    services.evaluate(world.partnership, TODAY)
    assert _fired(world, "charter_unsigned") == []


def test_an_acknowledged_cause_does_not_fire_again(world, fake):
    fake.charter = {"agreed_version": None, "agreed_on": None, "draft_version": 1,
                    "draft_since": TODAY - dt.timedelta(days=100), "unsigned_orgs": [], "url": "/c/"}
    [alert] = services.evaluate(world.partnership, TODAY)
    services.alert_acknowledge(actor=world.users["manager"], alert=alert, note="Chasing Beta this week.")
    assert services.evaluate(world.partnership, TODAY + dt.timedelta(days=1)) == []


def test_without_the_other_domains_no_rule_fires(world, no_selectors):
    assert services.evaluate(world.partnership, TODAY) == []


def test_a_bad_threshold_is_refused(world, fake):
    import pytest
    from django.core.exceptions import ValidationError

    rule = services.rules_ensure(world.partnership)[0]
    with pytest.raises(ValidationError):
        services.rule_update(actor=world.users["manager"], rule=rule, threshold=-1)
    rule.refresh_from_db()
    assert rule.threshold > 0
