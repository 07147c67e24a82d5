"""A person or a membership entered by mistake can be deleted (asked first, audited, undone for a while); once
anything names them the delete is refused with the reason and the right correction (an end date, or ending the
membership). The page and the API agree; another partnership's records are neither counted nor named."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accord.core import undo
from accord.core.models import AuditEntry
from accord.governance import services as governance
from accord.partners import corrections
from accord.partners.models import Capability, Membership, Organisation, Person, Role


@pytest.fixture
def typo(world):
    return Person.objects.create(partnership=world.partnership, organisation=world.org_b, name="Jon Smiht",
                                 seniority="staff", email="jon@example.org", start_date=dt.date(2024, 1, 1))


def test_a_person_added_by_mistake_is_deleted_after_asking_and_undone(world, typo):
    client, p = world.client("manager"), world.partnership.pk
    page = client.get(f"/p/{p}/people/{typo.pk}/delete/").content.decode()
    assert "Delete the person" in page and Person.objects.filter(pk=typo.pk).exists()
    response = client.post(f"/p/{p}/people/{typo.pk}/delete/", follow=True)
    assert ">Undo</button>" in response.content.decode() and not Person.objects.filter(pk=typo.pk).exists()
    entry = AuditEntry.objects.get(action="partners.person.deleted", partnership=world.partnership)
    assert entry.data["person"] == "Jon Smiht"
    client.post(f"/p/{p}/undo/{entry.pk}/")
    assert Person.objects.get(pk=typo.pk).name == "Jon Smiht"


def test_a_person_named_by_a_record_is_not_deleted_and_told_to_give_an_end_date(world, typo):
    series = governance.series_create(actor=None, partnership=world.partnership, title="Board", notify=False,
                                      rrule="FREQ=MONTHLY;BYDAY=1TU", starts_on=dt.date(2024, 1, 1))
    meeting = series.meetings.order_by("start").first()
    governance.action_add(actor=None, meeting=meeting, title="Send data", owner=typo, due=dt.date(2024, 3, 1))
    client, p = world.client("manager"), world.partnership.pk
    page = client.get(f"/p/{p}/people/{typo.pk}/delete/").content.decode()
    assert "1 action" in page and "end date" in page and "Delete the person</button>" not in page
    client.post(f"/p/{p}/people/{typo.pk}/delete/")
    response = client.delete(f"/api/partnerships/{p}/people/{typo.pk}")
    assert response.status_code == 422 and "1 action" in response.json()["detail"]
    assert Person.objects.filter(pk=typo.pk).exists()


def test_someone_who_moved_on_is_given_an_end_date_through_the_api(world, typo):
    client, p = world.client("manager"), world.partnership.pk
    url = f"/api/partnerships/{p}/people/{typo.pk}/end"
    early = client.post(url, {"end_date": "2023-01-01"}, content_type="application/json")
    assert early.status_code == 422 and "choose a date" in str(early.json())
    assert world.client("leader_a").post(url, {"end_date": "2025-01-31"},
                                         content_type="application/json").status_code == 403
    response = client.post(url, {"end_date": "2025-01-31"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["end_date"] == "2025-01-31"
    assert AuditEntry.objects.filter(action="partners.person.changed", partnership=world.partnership).exists()
    again = client.post(url, {"end_date": "2025-02-01"}, content_type="application/json")
    assert again.status_code == 422 and "already left" in again.json()["detail"]


def test_expected_places_at_meetings_to_come_go_with_the_person(world):
    governance.series_create(actor=None, partnership=world.partnership, title="Board", notify=False,
                             rrule="FREQ=MONTHLY;BYDAY=1TU", starts_on=dt.date.today())
    leader = world.people["leader_b"]
    assert leader.meeting_attendance.exists()  # expected at every meeting to come
    corrections.person_delete(actor=world.users["manager"], person=leader)
    assert not Person.objects.filter(pk=leader.pk).exists()


def test_only_the_manager_deletes_people_and_other_partnerships_people_are_not_found(world, typo):
    p = world.partnership.pk
    for persona in ("leader_a", "staff_b", "funder"):
        assert world.client(persona).post(f"/p/{p}/people/{typo.pk}/delete/").status_code == 403
        assert world.client(persona).delete(f"/api/partnerships/{p}/people/{typo.pk}").status_code == 403
    theirs = world.people["outsider"].pk
    assert world.client("manager").get(f"/p/{p}/people/{theirs}/delete/").status_code == 404
    assert world.client("manager").delete(f"/api/partnerships/{p}/people/{theirs}").status_code == 404
    assert Person.objects.filter(pk=typo.pk).exists() and Person.objects.filter(pk=theirs).exists()


def test_an_organisation_leaving_ends_its_membership(world):
    client, p = world.client("manager"), world.partnership.pk
    membership = Membership.objects.get(partnership=world.partnership, organisation=world.org_b)
    assert "End the membership" in client.get(f"/p/{p}/organisations/{world.org_b.pk}/end/").content.decode()
    response = client.post(f"/p/{p}/organisations/{world.org_b.pk}/end/", {"left": "2023-12-01"})
    assert "joined on 1 January 2024" in response.content.decode()
    client.post(f"/p/{p}/organisations/{world.org_b.pk}/end/", {"left": "2025-06-30"})
    membership.refresh_from_db()
    assert membership.left == dt.date(2025, 6, 30)
    assert AuditEntry.objects.filter(action="partners.membership.ended", partnership=world.partnership).exists()
    again = client.post(f"/api/partnerships/{p}/memberships/{membership.pk}/end", {"left": "2025-07-01"},
                        content_type="application/json")
    assert again.status_code == 422 and "already left" in again.json()["detail"]


def test_a_membership_entered_by_mistake_is_deleted_and_undone_but_not_one_with_records(world):
    client, p, manager = world.client("manager"), world.partnership.pk, world.users["manager"]
    org = Organisation.objects.create(name="Wrong Org", kind="charity")
    membership = Membership.objects.create(partnership=world.partnership, organisation=org, joined=dt.date(2024, 1, 1))
    Capability.objects.create(membership=membership, kind="data", detail="Counts")
    assert "Delete the membership" in client.get(f"/p/{p}/organisations/{org.pk}/delete/").content.decode()
    client.post(f"/p/{p}/organisations/{org.pk}/delete/")
    assert not Membership.objects.filter(pk=membership.pk).exists()
    entry = AuditEntry.objects.get(action="partners.membership.deleted")
    undo.undo(actor=manager, entry=entry)
    assert Membership.objects.get(pk=membership.pk).capabilities.get().detail == "Counts"

    # Beta has people and roles here: refused, with the reason
    beta = Membership.objects.get(partnership=world.partnership, organisation=world.org_b)
    response = client.delete(f"/api/partnerships/{p}/memberships/{beta.pk}")
    assert response.status_code == 422 and "people" in response.json()["detail"]
    assert "end its membership" in response.json()["detail"]
    assert Membership.objects.filter(pk=beta.pk).exists()


def test_another_partnerships_records_of_a_shared_organisation_neither_block_nor_show(world):
    """Org A is also a member elsewhere, with a person there: only this partnership's records count."""
    Membership.objects.create(partnership=world.other, organisation=world.org_b, joined=dt.date(2024, 1, 1))
    Person.objects.create(partnership=world.other, organisation=world.org_b, name="Elsewhere", seniority="staff",
                          start_date=dt.date(2024, 1, 1))
    membership = Membership.objects.get(partnership=world.partnership, organisation=world.org_b)
    Person.objects.filter(partnership=world.partnership, organisation=world.org_b).delete()
    Role.objects.filter(partnership=world.partnership, organisation=world.org_b).update(organisation=None)
    corrections.membership_delete(actor=world.users["manager"], membership=membership)
    assert Membership.objects.filter(partnership=world.other, organisation=world.org_b).exists()
    with pytest.raises(ValidationError, match="other records still name it"):
        corrections.membership_delete(
            actor=None, membership=Membership.objects.get(partnership=world.partnership, organisation=world.org_a))
