"""Correcting the charter: a measurement entered by mistake is deleted (undo for a while); a draft
version is withdrawn; an agreed version is locked, from the services, the pages and the API."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accord.charter import corrections, services
from accord.charter.models import CharterVersion, Goal, Measurement
from accord.core import undo


@pytest.fixture
def goal(world):
    g = services.goal_save(actor=None, goal=Goal(partnership=world.partnership, title="People helped",
                                                 metric="people", unit="people", target=100,
                                                 target_date=dt.date(2026, 12, 31)))
    services.measurement_add(actor=None, goal=g, on=dt.date(2024, 6, 1), value=30)
    return g


def test_a_measurement_is_deleted_and_undone(world, goal):
    m = goal.measurements.get()
    pk = m.pk
    entry = corrections.measurement_delete(actor=world.users["manager"], measurement=m)
    assert not goal.measurements.exists() and entry.data["value"] == 30
    undo.undo(actor=world.users["manager"], entry=entry)
    assert Measurement.objects.get(pk=pk).value == 30


def test_an_agreed_version_cannot_be_withdrawn(world):
    v = services.version_create(actor=None, partnership=world.partnership, mission="Work together.")
    CharterVersion.objects.filter(pk=v.pk).update(agreed_at=timezone.now())
    v.refresh_from_db()
    with pytest.raises(ValidationError, match="agreed by every partner"):
        corrections.version_withdraw(actor=None, version=v)
    client = world.client("manager")
    page = client.get(f"/p/{world.partnership.pk}/charter/v/{v.number}/withdraw/").content.decode()
    assert "agreed by every partner" in page and "Withdraw the draft</button>" not in page
    response = client.delete(f"/api/partnerships/{world.partnership.pk}/charter/versions/{v.number}")
    assert response.status_code == 422 and "agreed by every partner" in response.json()["detail"]
    assert CharterVersion.objects.filter(pk=v.pk).exists()


def test_a_draft_is_withdrawn_after_asking(world):
    v = services.version_create(actor=None, partnership=world.partnership, mission="Work together.")
    client, url = world.client("manager"), f"/p/{world.partnership.pk}/charter/v/{v.number}/withdraw/"
    assert "Withdraw the draft" in client.get(url).content.decode()
    assert CharterVersion.objects.filter(pk=v.pk).exists()
    client.post(url)
    assert not CharterVersion.objects.filter(pk=v.pk).exists()


def test_the_measurement_page_and_api(world, goal):
    m = goal.measurements.get()
    client, p = world.client("manager"), world.partnership.pk
    page = client.get(f"/p/{p}/charter/goals/{goal.pk}/measurements/{m.pk}/delete/").content.decode()
    assert "Delete the measurement" in page
    assert world.client("staff_a").delete(
        f"/api/partnerships/{p}/goals/{goal.pk}/measurements/{m.pk}").status_code == 403
    response = client.delete(f"/api/partnerships/{p}/goals/{goal.pk}/measurements/{m.pk}")
    assert response.status_code == 200 and not Measurement.objects.filter(pk=m.pk).exists()
