"""The shared confirmation page and Undo: a page with no script or inline style that shows what will happen
(or why it cannot), and an Undo that only the person who deleted may use, once, within the time allowed,
within the partnership whose record it was."""

import datetime as dt
import re

import pytest

from accord.core.models import AuditEntry
from accord.health import corrections, services
from accord.health.models import ChangeEvent


@pytest.fixture
def deleted(world):
    event = services.event_create(actor=None, partnership=world.partnership, kind="policy_change",
                                  date=dt.date(2024, 5, 1), note="New duty.")
    pk = event.pk
    return pk, corrections.event_delete(actor=world.users["manager"], event=event)


def test_the_confirmation_page_has_no_script_and_posts_to_itself(world):
    event = services.event_create(actor=None, partnership=world.partnership, kind="policy_change",
                                  date=dt.date(2024, 5, 1))
    page = world.client("manager").get(f"/p/{world.partnership.pk}/health/events/{event.pk}/delete/").content.decode()
    assert "<script" not in page and "style=" not in page and " on" + "click" not in page
    form = re.search(r'<form method="post" class="stack">', page)
    assert form and "What will happen" in page and "No, go back" in page


def test_undo_by_someone_else_or_from_another_partnership_does_nothing(world, deleted):
    pk, entry = deleted
    from accord.partners.models import Role

    other_manager = world.users["leader_a"]
    Role.objects.filter(partnership=world.partnership, user=other_manager).update(role=Role.MANAGER)
    from accord.core import policy

    policy.forget(other_manager)
    page = world.client("leader_a").post(f"/p/{world.partnership.pk}/undo/{entry.pk}/", follow=True)
    assert "Only the person who made this change can undo it." in page.content.decode()
    assert world.client("outsider").post(f"/p/{world.other.pk}/undo/{entry.pk}/").status_code == 404
    response = world.client("manager").post(f"/api/partnerships/{world.other.pk}/undo/{entry.pk}")
    assert response.status_code == 404
    assert not ChangeEvent.objects.filter(pk=pk).exists()


def test_undo_through_the_api_is_once_and_in_time(world, deleted, settings):
    pk, entry = deleted
    client, url = world.client("manager"), f"/api/partnerships/{world.partnership.pk}/undo/{entry.pk}"
    settings.ACCORD_UNDO_MINUTES = 0
    response = client.post(url)
    assert response.status_code == 422 and "that time has passed" in response.json()["detail"]
    settings.ACCORD_UNDO_MINUTES = 15
    assert client.post(url).status_code == 200 and ChangeEvent.objects.filter(pk=pk).exists()
    response = client.post(url)
    assert response.status_code == 422 and "already been undone" in response.json()["detail"]
    assert AuditEntry.objects.filter(action="health.event.restored").count() == 1


def test_an_entry_that_is_not_a_delete_cannot_be_undone(world):
    entry = AuditEntry.objects.create(action="health.event.created", actor=world.users["manager"],
                                      partnership=world.partnership)
    response = world.client("manager").post(f"/api/partnerships/{world.partnership.pk}/undo/{entry.pk}")
    assert response.status_code == 422 and "cannot be undone" in response.json()["detail"]
