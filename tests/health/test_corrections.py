"""Correcting the health timeline: an event recorded by hand is deleted (undo for a while); an event
derived from the data is refused with where to correct it instead."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accord.core import undo
from accord.health import corrections, services
from accord.health.models import ChangeEvent


@pytest.fixture
def event(world):
    return services.event_create(actor=None, partnership=world.partnership, kind="policy_change",
                                 date=dt.date(2024, 5, 1), note="New duty.")


def test_a_hand_recorded_event_is_deleted_and_undone(world, event):
    pk = event.pk
    entry = corrections.event_delete(actor=world.users["manager"], event=event)
    assert not ChangeEvent.objects.filter(pk=pk).exists()
    undo.undo(actor=world.users["manager"], entry=entry)
    assert ChangeEvent.objects.get(pk=pk).note == "New duty."


def test_a_derived_event_is_refused_from_service_page_and_api(world, event):
    ChangeEvent.objects.filter(pk=event.pk).update(source_key="person-1-left")
    event.refresh_from_db()
    with pytest.raises(ValidationError, match="comes from the data"):
        corrections.event_delete(actor=None, event=event)
    client, p = world.client("manager"), world.partnership.pk
    assert "comes from the data" in client.get(f"/p/{p}/health/events/{event.pk}/delete/").content.decode()
    assert "comes from the data" in client.post(f"/p/{p}/health/events/{event.pk}/delete/",
                                                follow=True).content.decode()
    response = client.delete(f"/api/partnerships/{p}/health/events/{event.pk}")
    assert response.status_code == 422 and "comes from the data" in response.json()["detail"]
    assert ChangeEvent.objects.filter(pk=event.pk).exists()
