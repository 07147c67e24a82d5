"""Alerts reach the partnership's managers on a page and in at most one e-mail digest a day, and a
manager acknowledges them with a note."""

import datetime as dt

from accord.health import services
from accord.health.models import Alert
from accord.health.tasks import daily_pass
from accord.lib.stored_text import english

from .conftest import TODAY


def _unsigned(fake, days=100, version=1):
    fake.charter = {"agreed_version": None, "agreed_on": None, "draft_version": version,
                    "draft_since": TODAY - dt.timedelta(days=days), "unsigned_orgs": ["Beta Trust"],
                    "url": "/p/1/charter/"}


def test_one_digest_a_day_to_each_manager(world, fake, smtp):
    _unsigned(fake)
    services.evaluate(world.partnership, TODAY)
    assert services.send_digests(TODAY) == 1
    [msg] = smtp.messages
    assert msg["To"] == "manager@example.org"
    body = smtp.text(msg)
    assert "charter" in body and "Why:" in body and "What to look at:" in body
    assert f"http://testserver/p/{world.partnership.pk}/health/alerts/" in body
    # a new alert the same day waits for tomorrow's digest
    _unsigned(fake, version=2)
    services.evaluate(world.partnership, TODAY)
    assert services.send_digests(TODAY) == 0 and len(smtp.messages) == 1
    assert services.send_digests(TODAY + dt.timedelta(days=1)) == 1
    assert "Version 2" in smtp.text(smtp.messages[-1]) and "Version 1" not in smtp.text(smtp.messages[-1])
    assert not smtp.to("leader_a@example.org") and not smtp.to("funder@example.org")


def test_the_daily_task_runs_rules_and_sends_the_digest(world, fake, smtp):
    _unsigned(fake, days=400)
    daily_pass.call_local()
    assert Alert.objects.filter(partnership=world.partnership).count() == 1
    assert len(smtp.to("manager@example.org")) == 1
    sent = len(smtp.messages)
    daily_pass.call_local()
    assert len(smtp.messages) == sent


def test_a_manager_acknowledges_with_a_note(world, fake):
    _unsigned(fake)
    [alert] = services.evaluate(world.partnership, TODAY)
    url = f"/p/{world.partnership.pk}/health/alerts/{alert.pk}/"
    client = world.client("manager")
    page = client.get(f"/p/{world.partnership.pk}/health/alerts/").content.decode()
    assert "Why:" in page and english(alert.reason) in page and "Acknowledge" in page
    response = client.post(url, {"note": ""})
    assert response.status_code == 200 and "Say what you did" in response.content.decode()
    alert.refresh_from_db()
    assert alert.acknowledged_at is None
    response = client.post(url, {"note": "Spoke to Beta's chief executive."})
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.acknowledgement == "Spoke to Beta's chief executive." and alert.acknowledged_by == world.users["manager"]
    assert english(alert.reason) not in client.get(f"/p/{world.partnership.pk}/health/alerts/").content.decode()
    assert "Spoke to Beta" in client.get(f"/p/{world.partnership.pk}/health/alerts/?show=all").content.decode()


def test_only_the_manager_acknowledges(world, fake):
    _unsigned(fake)
    [alert] = services.evaluate(world.partnership, TODAY)
    url = f"/p/{world.partnership.pk}/health/alerts/{alert.pk}/"
    assert world.client("leader_a").post(url, {"note": "x"}).status_code == 403
    assert world.client("funder").post(url, {"note": "x"}).status_code == 403
    assert world.client("outsider").post(url, {"note": "x"}).status_code == 404


def test_a_manager_edits_a_rule_on_the_page(world, fake):
    from accord.health.models import AlertRule

    rules = services.rules_ensure(world.partnership)
    rule = next(r for r in rules if r.kind == "senior_absent")
    client = world.client("manager")
    url = f"/p/{world.partnership.pk}/health/rules/"
    assert client.post(url, {"rule": rule.pk, f"r{rule.pk}-threshold": "3"}).status_code == 302
    rule = AlertRule.objects.get(pk=rule.pk)
    assert rule.threshold == 3 and not rule.enabled
    response = client.post(url, {"rule": rule.pk, f"r{rule.pk}-threshold": "-2", f"r{rule.pk}-enabled": "on"})
    assert response.status_code == 200 and AlertRule.objects.get(pk=rule.pk).threshold == 3
    assert world.client("leader_a").post(url, {"rule": rule.pk, f"r{rule.pk}-threshold": "5"}).status_code == 403
