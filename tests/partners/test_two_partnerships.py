"""Two partnerships that share an organisation and a person: what one records about people is
visible and changeable only from that one, shared facts are not changed under the other, every change
is in the trail of the partnership where it shows, and another partnership's ids are "not found"."""

from __future__ import annotations

import datetime as dt

import pytest

from accord.core.models import AuditEntry
from accord.health.models import ChangeEvent, Handover
from accord.partners.models import Membership, Organisation, Partnership, Person, Role

START = dt.date(2024, 1, 1)


@pytest.fixture
def b(world):
    """Partnership B: org A (shared) and Epsilon; leader_a's account is recorded in both, B's manager is new."""
    from accord.accounts.models import User

    p = Partnership.objects.create(name="Partnership B", purpose="Another joint purpose.", start_date=START)
    epsilon = Organisation.objects.create(name="Epsilon Works", kind="charity")
    Membership.objects.create(partnership=p, organisation=world.org_a, joined=START)
    Membership.objects.create(partnership=p, organisation=epsilon, joined=START)
    boss = User.objects.create_user("b.manager@example.org", "correct horse battery staple", full_name="B Manager")
    Role.objects.create(partnership=p, user=boss, role=Role.MANAGER, organisation=epsilon)
    Role.objects.create(partnership=p, user=world.users["leader_a"], role=Role.LEADER, organisation=world.org_a)
    world.users["b_manager"] = boss
    leader = Person.objects.create(partnership=p, organisation=world.org_a, name="Ada Shared",
                                   job_title="Trustee in B", seniority="senior_leader", email="ada.b@example.org",
                                   start_date=START, user=world.users["leader_a"])
    quiet = Person.objects.create(partnership=p, organisation=world.org_a, name="Quentin Only-In-B",
                                  job_title="Analyst", email="quentin@alpha.example", start_date=START)
    return p, leader, quiet


def _trail(partnership: Partnership) -> list[tuple[str, str]]:
    return list(AuditEntry.objects.filter(partnership=partnership).values_list("action", "object_id"))


# ---- the tester's route: a new partnership adds an existing organisation by its org-id -----------

def _start_and_join(world, persona: str = "leader_b") -> Partnership:
    client = world.client(persona)
    response = client.post("/partnerships/new/", {"name": "New venture", "purpose": "Try it.",
                                                  "start_date": "2024-06-01", "status": "active"})
    assert response.status_code == 302, response.content
    c = Partnership.objects.get(name="New venture")
    response = client.post(f"/p/{c.pk}/members/add/", {
        "org-name": "Anything", "org-kind": "charity", "org-org_id": world.org_a.org_id,
        "m-joined": "2024-06-01"})
    assert response.status_code == 302, response.content
    assert c.memberships.filter(organisation=world.org_a).exists()
    return c


def test_a_new_partnership_that_adds_an_organisation_sees_none_of_the_other_partnerships_people(world):
    c = _start_and_join(world)
    client = world.client("leader_b")
    for url in (f"/p/{c.pk}/people/?show=all", f"/p/{c.pk}/organisations/{world.org_a.pk}/"):
        page = client.get(url).content.decode()
        for persona in ("manager", "leader_a", "staff_a"):
            assert world.people[persona].name not in page and world.people[persona].email not in page
    assert client.get(f"/api/partnerships/{c.pk}/people").json() == []


def test_a_new_partnership_cannot_edit_the_other_partnerships_person(world):
    c = _start_and_join(world)
    client = world.client("leader_b")
    target = world.people["leader_a"]
    url = f"/p/{c.pk}/people/{target.pk}/edit/"
    assert client.get(url).status_code == 404
    before = _trail(world.partnership)
    response = client.post(url, {"name": "Changed", "organisation": world.org_a.pk, "job_title": "Gone",
                                 "seniority": "staff", "email": "x@example.org", "start_date": "2024-01-01",
                                 "end_date": "2024-06-30"})
    assert response.status_code == 404
    target.refresh_from_db()
    assert (target.name, target.job_title, target.seniority, target.end_date) == ("Leader A", "", "senior_leader",
                                                                                   None)
    assert _trail(world.partnership) == before
    assert not ChangeEvent.objects.filter(partnership=world.partnership, kind="leader_left").exists()


# ---- one person, two records ---------------------------------------------------------------------

def test_each_partnership_lists_and_edits_only_its_own_record_of_a_shared_person(world, b):
    p_b, leader_in_b, quiet = b
    page = world.client("manager").get(f"/p/{world.partnership.pk}/people/?show=all").content.decode()
    assert "Ada Shared" not in page and "Trustee in B" not in page and "Quentin" not in page
    page = world.client("manager").get(f"/p/{world.partnership.pk}/organisations/{world.org_a.pk}/").content.decode()
    assert "Quentin" not in page and "Leader A" in page
    ids = {p["id"] for p in world.client("manager").get(f"/api/partnerships/{world.partnership.pk}/people").json()}
    assert leader_in_b.pk not in ids and quiet.pk not in ids and world.people["leader_a"].pk in ids
    # A's manager cannot reach B's record by id, from A's pages
    assert world.client("manager").get(f"/p/{world.partnership.pk}/people/{quiet.pk}/edit/").status_code == 404
    # and B's manager sees B's record, not A's
    page = world.client("b_manager").get(f"/p/{p_b.pk}/people/?show=all").content.decode()
    assert "Ada Shared" in page and "Leader A" not in page and "Staff A" not in page


def test_a_leader_leaving_in_one_partnership_changes_nothing_in_the_other(world, b):
    p_b, leader_in_b, _ = b
    before_a = _trail(world.partnership)
    response = world.client("b_manager").post(f"/p/{p_b.pk}/people/{leader_in_b.pk}/edit/", {
        "name": "Ada Shared", "organisation": world.org_a.pk, "job_title": "Trustee in B",
        "seniority": "senior_leader", "email": "ada.b@example.org", "start_date": "2024-01-01",
        "end_date": "2024-06-30"})
    assert response.status_code == 302, response.content
    assert ChangeEvent.objects.filter(partnership=p_b, kind="leader_left").exists()
    assert Handover.objects.filter(partnership=p_b, leaving=leader_in_b).exists()
    assert not ChangeEvent.objects.filter(partnership=world.partnership, kind="leader_left").exists()
    assert not Handover.objects.filter(partnership=world.partnership).exists()
    world.people["leader_a"].refresh_from_db()
    assert world.people["leader_a"].end_date is None
    assert _trail(world.partnership) == before_a
    entry = AuditEntry.objects.filter(partnership=p_b, action="partners.person.changed").get()
    assert entry.actor == world.users["b_manager"] and entry.data["end_date"] == [None, "2024-06-30"]


def test_the_shared_person_signs_as_the_record_of_the_partnership_they_sign_in(world, b):
    from accord.charter.services import signer_for

    p_b, leader_in_b, _ = b
    assert signer_for(world.users["leader_a"], p_b, START + dt.timedelta(days=10)) == leader_in_b
    assert signer_for(world.users["leader_a"], world.partnership, START + dt.timedelta(days=10)) == \
        world.people["leader_a"]


def test_a_person_of_another_partnership_cannot_be_saved_through_this_one(world, b):
    from django.core.exceptions import ValidationError

    from accord.partners import services

    _, _, quiet = b
    quiet.job_title = "Moved"
    with pytest.raises(ValidationError):
        services.person_save(actor=world.users["manager"], person=quiet, partnership=world.partnership)
    quiet.refresh_from_db()
    assert quiet.job_title == "Analyst"


# ---- shared facts of an organisation ---------------------------------------------------------------

def _edit_org(client, p: Partnership, org: Organisation, name: str):
    return client.post(f"/p/{p.pk}/organisations/{org.pk}/edit/", {
        "org-name": name, "org-kind": org.kind, "org-org_id": org.org_id, "org-website": "", "org-focus": "",
        "m-joined": "2024-01-01"})


def test_a_partnership_cannot_rename_an_organisation_another_partnership_shares(world, b):
    p_b, _, _ = b
    client = world.client("b_manager")
    page = client.get(f"/p/{p_b.pk}/organisations/{world.org_a.pk}/edit/").content.decode()
    assert "only a site administrator" in page and "disabled" in page
    assert _edit_org(client, p_b, world.org_a, "Renamed by B").status_code == 302  # disabled: value kept
    world.org_a.refresh_from_db()
    assert world.org_a.name == "Alpha Charity"
    assert not AuditEntry.objects.filter(action="partners.organisation.changed").exists()
    from django.core.exceptions import ValidationError

    from accord.partners import services

    world.org_a.name = "Renamed by B"
    with pytest.raises(ValidationError, match="Only a site administrator"):
        services.organisation_save(actor=world.users["b_manager"], organisation=world.org_a, partnership=p_b)
    assert Organisation.objects.get(pk=world.org_a.pk).name == "Alpha Charity"


def test_a_site_administrator_may_and_the_change_is_in_both_trails(world, b):
    p_b, _, _ = b
    boss = world.users["b_manager"]
    boss.is_superuser = True
    boss.save()
    response = _edit_org(world.client("b_manager"), p_b, world.org_a, "Alpha Charity (renamed)")
    assert response.status_code == 302, response.content
    for p in (world.partnership, p_b):
        entry = AuditEntry.objects.get(partnership=p, action="partners.organisation.changed")
        assert entry.actor == boss and entry.data["name"] == ["Alpha Charity", "Alpha Charity (renamed)"]


def test_an_organisation_only_this_partnership_has_is_edited_here_and_audited(world):
    response = _edit_org(world.client("manager"), world.partnership, world.org_b, "Beta Trust Ltd")
    assert response.status_code == 302
    entry = AuditEntry.objects.get(partnership=world.partnership, action="partners.organisation.changed")
    assert entry.actor == world.users["manager"]


def test_a_person_edit_is_in_this_partnerships_trail_with_who_made_it(world):
    person = world.people["staff_b"]
    response = world.client("manager").post(f"/p/{world.partnership.pk}/people/{person.pk}/edit/", {
        "name": person.name, "organisation": world.org_b.pk, "job_title": "Coordinator", "seniority": "staff",
        "email": person.email, "start_date": "2024-01-01"})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(partnership=world.partnership, action="partners.person.changed")
    assert entry.actor == world.users["manager"] and entry.data["job_title"] == ["", "Coordinator"]
    assert "Coordinator" in world.client("manager").get(f"/p/{world.partnership.pk}/audit/").content.decode()


# ---- ids of other organisations and people in API bodies -------------------------------------------

def _same_as_unknown(client, url: str, body: dict, field: str, foreign: int) -> dict:
    found = client.post(url, {**body, field: foreign}, content_type="application/json")
    unknown = client.post(url, {**body, field: 987654321}, content_type="application/json")
    assert found.status_code == unknown.status_code == 422
    assert found.json() == unknown.json()
    return found.json()


def test_a_decision_position_does_not_name_an_organisation_of_another_partnership(world):
    from accord.governance import services

    series = services.series_create(actor=world.users["manager"], partnership=world.partnership, title="Board",
                                    rrule="FREQ=MONTHLY;BYDAY=1TU", starts_on=START, notify=False)
    decision = services.decision_add(actor=world.users["manager"], meeting=series.meetings.first(),
                                     proposal="Adopt the plan")
    url = f"/api/partnerships/{world.partnership.pk}/decisions/{decision.pk}/positions"
    body = _same_as_unknown(world.client("manager"), url, {"stance": "agree"}, "organisation_id",
                            world.other_org.pk)
    assert "Delta" not in str(body) and "organisation_id" in str(body)
    assert not decision.positions.exists()


def test_a_health_event_does_not_name_an_organisation_of_another_partnership(world):
    url = f"/api/partnerships/{world.partnership.pk}/health/events"
    body = _same_as_unknown(world.client("manager"), url, {"kind": "other", "date": "2024-03-01"},
                            "organisation_id", world.other_org.pk)
    assert "Delta" not in str(body)


def test_a_commitment_cannot_name_a_person_of_another_partnership(world, b):
    _, _, quiet = b
    url = f"/api/partnerships/{world.partnership.pk}/commitments"
    body = _same_as_unknown(world.client("manager"), url, {"title": "Share data", "owner_id": world.org_a.pk,
                                                           "due": "2024-05-01"}, "person_id", quiet.pk)
    assert "Quentin" not in str(body)
    assert not world.partnership.commitments.exists()


# ---- who may start a partnership ---------------------------------------------------------------------

def test_anyone_signed_in_may_start_a_partnership_by_default(world):
    client = world.client("staff_a")
    assert "Start a new partnership" in client.get("/partnerships/").content.decode()
    response = client.post("/api/partnerships", {"name": "Mine", "purpose": "Ours."}, content_type="application/json")
    assert response.status_code == 201 and response.json()["your_role"] == "manager"


def test_only_site_administrators_may_when_the_setting_says_admins(world, settings):
    settings.ACCORD_WHO_MAY_START_PARTNERSHIPS = "admins"
    client = world.client("manager")
    assert "Start a new partnership" not in client.get("/partnerships/").content.decode()
    assert client.get("/partnerships/new/").status_code == 403
    assert client.post("/partnerships/new/", {"name": "Nope", "purpose": "x", "start_date": "2024-06-01",
                                              "status": "active"}).status_code == 403
    assert client.post("/api/partnerships", {"name": "Nope", "purpose": "x"},
                       content_type="application/json").status_code == 403
    assert not Partnership.objects.filter(name="Nope").exists()
    admin = world.users["staff_a"]
    admin.is_superuser = True
    admin.save()
    response = world.client("staff_a").post("/api/partnerships", {"name": "Yes", "purpose": "x"},
                                            content_type="application/json")
    assert response.status_code == 201


def test_a_change_to_what_a_member_brings_is_in_the_trail(world):
    response = world.client("manager").post(f"/p/{world.partnership.pk}/organisations/{world.org_b.pk}/edit/", {
        "org-name": "Beta Trust", "org-kind": "charity", "org-org_id": world.org_b.org_id, "m-joined": "2024-01-01",
        "m-capabilities": ["data"]})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(partnership=world.partnership, action="partners.membership.changed")
    assert entry.actor == world.users["manager"] and entry.data["capabilities"] == [[], [["data", ""]]]
