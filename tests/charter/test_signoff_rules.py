"""A charter version is agreed only when a senior leader of every current member organisation has signed
it; each organisation signs a version once; a change after sign-off starts a new round."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accord.charter import selectors, services
from accord.charter.models import Signoff
from accord.core.models import AuditEntry
from accord.partners.models import Membership, Organisation, Person


def test_it_is_agreed_only_when_every_member_organisation_has_signed(world, draft):
    first = services.signoff_record(actor=world.users["leader_a"], version=draft)
    draft.refresh_from_db()
    assert not draft.is_agreed
    assert [o.name for o in selectors.unsigned_organisations(draft)] == ["Beta Trust"]
    services.signoff_record(actor=world.users["leader_b"], version=draft)
    draft.refresh_from_db()
    assert draft.is_agreed
    assert first.organisation == world.org_a and first.person == world.people["leader_a"]
    assert first.signed_by == world.users["leader_a"] and first.version == draft and first.signed_at
    assert AuditEntry.objects.filter(action="charter.agreed", partnership=world.partnership).count() == 1
    status = selectors.charter_status(world.partnership)
    assert status["agreed_version"] == 1 and status["draft_version"] is None and status["unsigned_orgs"] == []


def test_a_second_signoff_of_the_same_version_by_the_same_organisation_is_refused(world, draft):
    services.signoff_record(actor=world.users["leader_a"], version=draft)
    with pytest.raises(ValidationError, match="already signed version 1"):
        services.signoff_record(actor=world.users["leader_a"], version=draft)
    # another senior leader of the same organisation cannot sign it again either
    Person.objects.filter(pk=world.people["staff_a"].pk).update(seniority="senior_leader")
    with pytest.raises(ValidationError, match="already signed"):
        services.signoff_record(actor=world.users["staff_a"], version=draft)
    assert Signoff.objects.count() == 1


@pytest.mark.parametrize("persona", ["staff_a", "manager", "funder"])
def test_only_a_senior_leader_can_sign(world, draft, persona):
    with pytest.raises(ValidationError, match="Only a senior leader of a member organisation"):
        services.signoff_record(actor=world.users[persona], version=draft)
    assert not Signoff.objects.exists()


def test_a_leader_who_has_left_cannot_sign(world, draft):
    Person.objects.filter(pk=world.people["leader_a"].pk).update(end_date=dt.date.today() - dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="senior leader"):
        services.signoff_record(actor=world.users["leader_a"], version=draft)


def test_a_leader_of_an_organisation_that_left_the_partnership_cannot_sign(world, draft):
    Membership.objects.filter(organisation=world.org_b).update(left=dt.date.today() - dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="senior leader of a member organisation"):
        services.signoff_record(actor=world.users["leader_b"], version=draft)
    # and it is no longer needed: A alone now agrees the version
    services.signoff_record(actor=world.users["leader_a"], version=draft)
    draft.refresh_from_db()
    assert draft.is_agreed


def test_a_draft_is_agreed_by_the_daily_check_when_the_last_organisation_to_sign_leaves(world, draft):
    from accord.charter.tasks import recheck_drafts

    services.signoff_record(actor=world.users["leader_a"], version=draft)
    assert recheck_drafts.call_local() == 0
    Membership.objects.filter(organisation=world.org_b).update(left=dt.date.today() - dt.timedelta(days=1))
    assert recheck_drafts.call_local() == 1
    draft.refresh_from_db()
    assert draft.is_agreed and recheck_drafts.call_local() == 0


def test_a_person_passed_in_must_be_the_signing_user(world, draft):
    with pytest.raises(ValidationError, match="only sign off the charter as yourself"):
        services.signoff_record(actor=world.users["leader_a"], version=draft, person=world.people["leader_b"])


def test_a_new_member_must_sign_the_draft_too(world, draft):
    new = Organisation.objects.create(name="Epsilon Aid", kind="charity")
    Membership.objects.create(partnership=world.partnership, organisation=new, joined=dt.date(2024, 1, 1))
    services.signoff_record(actor=world.users["leader_a"], version=draft)
    services.signoff_record(actor=world.users["leader_b"], version=draft)
    draft.refresh_from_db()
    assert not draft.is_agreed
    assert selectors.charter_status(world.partnership)["unsigned_orgs"] == ["Epsilon Aid"]


def test_a_change_after_signoff_starts_a_new_round_with_a_readable_diff(world, draft):
    services.signoff_record(actor=world.users["leader_a"], version=draft)
    v2 = services.version_create(actor=world.users["manager"], partnership=world.partnership,
                                 vision="Every family safe.", mission="Stop domestic abuse at source, together.",
                                 principles=draft.principles, roles=draft.roles, change_note="Sharper mission")
    assert v2.number == 2 and not v2.signoffs.exists()
    assert draft.signoffs.count() == 1  # what Alpha signed stays with version 1
    with pytest.raises(ValidationError, match="replaced by version 2"):
        services.signoff_record(actor=world.users["leader_b"], version=draft)
    lines = services.diff_lines(draft, v2)
    assert ("removed", "Stop abuse at source.") in lines
    assert ("added", "Stop domestic abuse at source, together.") in lines
    assert not any(kind != "same" and "keep our word" in text for kind, text in lines)
    page = world.client("leader_b").get(f"/p/{world.partnership.pk}/charter/diff/?from=1&to=2").content.decode()
    assert "Stop domestic abuse at source, together." in page and "Removed: " in page
    status = selectors.charter_status(world.partnership)
    assert status["draft_version"] == 2 and status["unsigned_orgs"] == ["Alpha Charity", "Beta Trust"]


def test_saving_unchanged_text_makes_no_new_version(world, draft):
    with pytest.raises(ValidationError, match="Nothing has changed"):
        services.version_create(actor=world.users["manager"], partnership=world.partnership, vision=draft.vision,
                                mission=draft.mission, principles=draft.principles, roles=draft.roles)


def test_an_agreed_version_cannot_be_signed_again(world, draft):
    services.signoff_record(actor=world.users["leader_a"], version=draft)
    services.signoff_record(actor=world.users["leader_b"], version=draft)
    with pytest.raises(ValidationError, match="already agreed"):
        services.signoff_record(actor=world.users["leader_b"], version=draft)


def test_the_home_panel_shows_who_has_not_signed_and_since_when(world, draft):
    services.signoff_record(actor=world.users["leader_a"], version=draft)
    page = world.client("staff_b").get(f"/p/{world.partnership.pk}/").content.decode()
    assert "Version 1 is a draft since" in page
    assert "Beta Trust" in page.split("Not yet signed by")[1].split("</ul>")[0]
    assert "Alpha Charity" not in page.split("Not yet signed by")[1].split("</ul>")[0]


def test_signing_through_the_page(world, draft):
    client = world.client("leader_b")
    page = client.get(f"/p/{world.partnership.pk}/charter/").content.decode()
    assert "Sign off version 1 for Beta Trust" in page
    response = client.post(f"/p/{world.partnership.pk}/charter/v/1/sign/", follow=True)
    assert "You signed version 1 for Beta Trust" in response.content.decode()
    again = client.post(f"/p/{world.partnership.pk}/charter/v/1/sign/", follow=True).content.decode()
    assert "already signed version 1" in again
    staff = world.client("staff_a").post(f"/p/{world.partnership.pk}/charter/v/1/sign/", follow=True)
    assert "Only a senior leader" in staff.content.decode()
    assert Signoff.objects.count() == 1


def test_charter_text_is_markdown_rendered_and_sanitised(world, draft):
    v2 = services.version_create(actor=world.users["manager"], partnership=world.partnership,
                                 mission="**Together** <script>alert(1)</script>", vision=draft.vision)
    services.signoff_record(actor=world.users["leader_a"], version=v2)
    services.signoff_record(actor=world.users["leader_b"], version=v2)
    page = world.client("funder").get(f"/p/{world.partnership.pk}/charter/").content.decode()
    assert "<strong>Together</strong>" in page and "<script>alert" not in page
