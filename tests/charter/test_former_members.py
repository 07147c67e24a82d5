"""A member organisation that has left: its commitments stay readable and marked, it is not offered for
new commitments, and a draft charter no longer waits for it."""

import datetime as dt

import pytest
from django.utils import timezone

from accord.charter.models import Commitment
from accord.partners.models import Membership


def _leave(world, org, on=None):
    on = on or timezone.localdate() - dt.timedelta(days=40)
    Membership.objects.filter(partnership=world.partnership, organisation=org).update(left=on)
    return on


def test_the_commitments_page_answers_and_marks_a_former_member(world):
    today = timezone.localdate()
    Commitment.objects.create(partnership=world.partnership, title="Share the data", owner=world.org_b,
                              person=world.people["leader_b"], made_on=dt.date(2025, 1, 1),
                              due=today + dt.timedelta(days=30))
    left = _leave(world, world.org_b)
    response = world.client("manager").get(f"/p/{world.partnership.pk}/charter/commitments/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Share the data" in page and f"(left in {left:%B %Y})" in page


def test_a_former_member_is_not_offered_for_a_new_commitment(world):
    _leave(world, world.org_b)
    page = world.client("manager").get(f"/p/{world.partnership.pk}/charter/commitments/new/").content.decode()
    assert "Alpha Charity" in page and "Beta Trust" not in page and "Leader B" not in page
    response = world.client("manager").post(f"/p/{world.partnership.pk}/charter/commitments/new/", {
        "title": "New", "owner": world.org_b.pk, "made_on": timezone.localdate().isoformat(),
        "due": (timezone.localdate() + dt.timedelta(days=9)).isoformat(), "status": "open"})
    assert response.status_code == 200 and not Commitment.objects.exists()


def test_a_member_that_signed_and_left_is_marked_on_the_charter_pages(world, draft):
    from accord.charter import services

    services.signoff_record(actor=world.users["leader_b"], version=draft)
    left = _leave(world, world.org_b)
    for url in (f"/p/{world.partnership.pk}/charter/", f"/p/{world.partnership.pk}/charter/v/1/"):
        response = world.client("manager").get(url)
        assert response.status_code == 200, url
        assert f"Beta Trust <span class=\"muted\">(left in {left:%B %Y})</span>" in response.content.decode(), url


def test_a_new_commitment_for_a_member_that_left_is_refused_by_the_service(world):
    from django.core.exceptions import ValidationError

    from accord.charter import services

    _leave(world, world.org_b)
    with pytest.raises(ValidationError, match="left the partnership"):
        services.commitment_save(actor=world.users["manager"], commitment=Commitment(
            partnership=world.partnership, title="New", owner=world.org_b, made_on=timezone.localdate(),
            due=timezone.localdate() + dt.timedelta(days=9)))


def test_the_home_page_marks_a_former_member_with_commitments_due(world):
    today = timezone.localdate()
    Commitment.objects.create(partnership=world.partnership, title="Report", owner=world.org_b,
                              made_on=dt.date(2025, 1, 1), due=today - dt.timedelta(days=50))
    left = _leave(world, world.org_b)
    page = world.client("manager").get(f"/p/{world.partnership.pk}/").content.decode()
    assert f"Beta Trust <span class=\"muted\">(left in {left:%B %Y})</span>" in page
