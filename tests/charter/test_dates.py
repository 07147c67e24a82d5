"""Dates a commitment carries must be possible: done not in the future and not before it was made,
made not in the future. The rule is in the service, so the pages and the API both keep it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accord.charter import services
from accord.charter.models import Commitment


@pytest.fixture
def promise(world):
    return Commitment.objects.create(partnership=world.partnership, title="Share data", owner=world.org_b,
                                     made_on=dt.date(2025, 1, 1), due=dt.date(2026, 1, 1))


def _tomorrow() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=1)


def test_a_commitment_cannot_be_marked_done_tomorrow(world, promise):
    with pytest.raises(ValidationError, match="cannot be in the future"):
        services.commitment_set_status(actor=world.users["manager"], commitment=promise, status="done",
                                       done_on=_tomorrow())
    promise.refresh_from_db()
    assert promise.status == "open" and promise.done_on is None


def test_the_edit_page_refuses_a_done_date_in_the_future_and_saves_nothing(world, promise):
    url = f"/p/{world.partnership.pk}/charter/commitments/{promise.pk}/edit/"
    response = world.client("manager").post(url, {
        "title": "Share data", "owner": world.org_b.pk, "made_on": "2025-01-01", "due": "2026-01-01",
        "status": "done", "done_on": _tomorrow().isoformat()})
    assert response.status_code == 200 and "cannot be in the future" in response.content.decode()
    promise.refresh_from_db()
    assert promise.status == "open" and promise.done_on is None


def test_the_status_page_and_the_api_refuse_it_too(world, promise):
    page = world.client("leader_b").post(f"/p/{world.partnership.pk}/charter/commitments/{promise.pk}/status/",
                                         {"status": "done", "done_on": _tomorrow().isoformat()})
    assert page.status_code == 200 and "cannot be in the future" in page.content.decode()
    api = world.client("leader_b").patch(f"/api/partnerships/{world.partnership.pk}/commitments/{promise.pk}",
                                         {"status": "done", "done_on": _tomorrow().isoformat()},
                                         content_type="application/json")
    assert api.status_code == 422 and "cannot be in the future" in str(api.json()["detail"])
    promise.refresh_from_db()
    assert promise.status == "open"


def test_a_commitment_cannot_be_done_before_it_was_made(world, promise):
    with pytest.raises(ValidationError, match="before it was made"):
        services.commitment_set_status(actor=world.users["manager"], commitment=promise, status="done",
                                       done_on=dt.date(2024, 12, 1))
    promise.refresh_from_db()
    assert promise.status == "open"


def test_a_commitment_cannot_be_made_in_the_future(world):
    api = world.client("manager").post(f"/api/partnerships/{world.partnership.pk}/commitments", {
        "title": "Later", "owner_id": world.org_a.pk, "made_on": _tomorrow().isoformat(),
        "due": (_tomorrow() + dt.timedelta(days=30)).isoformat()}, content_type="application/json")
    assert api.status_code == 422 and "made in the future" in str(api.json()["detail"])
    assert not Commitment.objects.exists()
