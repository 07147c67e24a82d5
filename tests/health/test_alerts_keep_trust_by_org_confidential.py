"""Trust results by organisation are for the manager and senior leaders ("view_confidential"):
partner staff see the partnership's totals only. An early warning that rests on trust by
organisation (a fall in trust in one partner, or in the partner whose leader changed) tells staff
that it fired and where to look, in general words, on every page and in the API; the manager and
senior leaders read which partner and the figures."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.utils.html import escape

from accord.health import services
from accord.health.models import Alert, AlertRule, ChangeEvent
from accord.lib.stored_text import english
from accord.trust import services as trust
from accord.trust.models import Wave
from tests.trust.conftest import answer, invitation, open_wave

from .conftest import TODAY, meeting, wave

FIGURES = ("Beta Trust fell", "4.00", "1.00", "of 4")


def _wave(world, name, closes_on, trust_in_beta):
    w = open_wave(world, name=name)
    for e in ("leader_a@example.org", "staff_a@example.org"):
        answer(invitation(w, e), world.org_b, trust=trust_in_beta, value=trust_in_beta)
    for e in ("leader_b@example.org", "staff_b@example.org"):
        answer(invitation(w, e), world.org_a, trust=3, value=3)
    Wave.objects.filter(pk=w.pk).update(opens_on=closes_on - dt.timedelta(days=20), closes_on=closes_on)
    w.refresh_from_db()
    trust.wave_close(actor=world.users["manager"], wave=w)
    return w


def _seen(world, who, alert):
    pk = world.partnership.pk
    c = world.client(who)
    pages = "".join(c.get(url).content.decode() for url in (
        f"/p/{pk}/health/", f"/p/{pk}/health/alerts/", f"/p/{pk}/health/alerts/?show=all",
        f"/p/{pk}/health/alerts/{alert.pk}/"))
    [api] = [a for a in c.get(f"/api/partnerships/{pk}/health/alerts").json() if a["id"] == alert.pk]
    return pages, api


@pytest.fixture
def trust_fell(world):
    """Two named waves (real trust services): trust in Beta Trust falls from 4 to 1."""
    _wave(world, "Summer", dt.date(2025, 6, 15), 4)
    _wave(world, "Winter", dt.date(2025, 12, 15), 1)
    services.evaluate(world.partnership)
    return Alert.objects.get(partnership=world.partnership, rule__kind="trust_drop")


@pytest.mark.parametrize("who", ["staff_a", "staff_b"])
def test_staff_read_that_trust_in_a_partner_fell_not_which(world, trust_fell, who):
    pages, api = _seen(world, who, trust_fell)
    assert "Trust in a partner fell between Summer and Winter" in pages
    assert "Senior leaders and the manager see which partner and the figures." in pages
    for text in FIGURES:
        assert text not in pages, text
    assert "Beta Trust" not in api["reason"] + api["look_at"] and api["organisation_id"] is None
    assert api["reason"].startswith("Trust in a partner fell between Summer and Winter")


@pytest.mark.parametrize("who", ["leader_a", "manager"])
def test_senior_leaders_and_the_manager_read_which_partner_and_the_figures(world, trust_fell, who):
    pages, api = _seen(world, who, trust_fell)
    assert "Trust in Beta Trust fell from 4.00 to 1.00 (of 4) between Summer and Winter." in pages
    assert api["reason"] == english(trust_fell.reason) and api["organisation_id"] == world.org_b.pk


def test_the_digest_goes_to_the_manager_only(world, trust_fell, smtp):
    assert services.send_digests(TODAY) == 1
    [msg] = smtp.messages
    assert msg["To"] == "manager@example.org" and "Trust in Beta Trust fell" in smtp.text(msg)
    assert not smtp.to("staff_a@example.org") and not smtp.to("staff_b@example.org")


def test_a_leader_change_with_trust_in_that_partner_falling(world, fake):
    fake.waves = [wave(1, dt.date(2025, 12, 1), 72.0), wave(2, dt.date(2026, 5, 1), 70.0)]
    fake.received = {1: {world.org_a.pk: 3.3, world.org_b.pk: 3.2}, 2: {world.org_a.pk: 3.3, world.org_b.pk: 2.6}}
    ChangeEvent.objects.create(partnership=world.partnership, organisation=world.org_b, kind="leader_left",
                               date=dt.date(2026, 1, 31))
    services.evaluate(world.partnership, TODAY)
    alert = Alert.objects.get(rule__kind="leader_change_drop")
    pages, api = _seen(world, "staff_a", alert)
    assert "Leader left (Beta Trust) on 31 January 2026 was followed by a fall in trust that the survey shows by " \
           "partner (Wave 1 to Wave 2). Senior leaders and the manager see the figures." in pages
    assert "3.20" not in pages and "2.60" not in pages and "3.20" not in api["reason"]
    pages, api = _seen(world, "leader_a", alert)
    assert "fall in trust in Beta Trust from 3.20 (Wave 1) to 2.60 (Wave 2)" in pages and "3.20" in api["reason"]


def test_a_warning_without_trust_by_organisation_reads_the_same_for_everyone(world, fake):
    b = world.org_b.pk
    fake.meetings = [meeting(1, dt.date(2025, 12, 1), {b: "attended"}), meeting(2, dt.date(2026, 1, 5), {b: "attended"}),
                     meeting(3, dt.date(2026, 3, 1), {b: "delegate"}), meeting(4, dt.date(2026, 4, 1), {b: "attended"})]
    ChangeEvent.objects.create(partnership=world.partnership, organisation=world.org_b, kind="leader_left",
                               date=dt.date(2026, 1, 31))
    services.evaluate(world.partnership, TODAY)
    alert = Alert.objects.get(rule__kind="leader_change_drop")
    assert not alert.confidential
    pages, api = _seen(world, "staff_a", alert)
    assert escape(english(alert.reason)) in pages and api["reason"] == english(alert.reason) and api["organisation_id"] == b


def test_alerts_fired_before_the_change_get_a_general_reason(world):
    rule = AlertRule.objects.create(partnership=world.partnership, kind="trust_drop", threshold=0.5)
    old = Alert.objects.create(partnership=world.partnership, rule=rule, cause_key="trust_drop:1:2",
                               organisation=world.org_b, fired_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                               reason="Trust in Beta Trust fell from 3.40 to 2.70 (of 4) between A and B.",
                               look_at="Look at B's results for Beta Trust.")
    migration = importlib.import_module("accord.health.migrations.0002_alert_general_reason")
    migration.general_reasons(apps, None)
    old.refresh_from_db()
    assert old.confidential and "Beta Trust" not in old.general_reason + old.general_look_at
    pages, api = _seen(world, "staff_a", old)
    assert "Beta Trust" not in pages and "3.40" not in pages and api["organisation_id"] is None
