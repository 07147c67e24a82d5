"""The manager's edit forms: clear messages for bad input, nothing half-saved, changes audited."""

from accord.partners.models import Membership, Organisation, Person


def _add_member(world, **overrides):
    data = {"org-name": "Epsilon Aid", "org-kind": "charity", "org-org_id": "GB-CHC-1187654",
            "org-website": "", "org-focus": "", "m-joined": "2024-03-01", "m-left": "", "m-local_role": "",
            "m-capabilities": ["delivery", "reach"], "m-capability_detail": "Local reach"}
    data.update(overrides)
    return world.client("manager").post(f"/p/{world.partnership.pk}/members/add/", data)


def test_a_manager_adds_a_member_with_what_it_brings(world):
    assert _add_member(world).status_code == 302
    membership = Membership.objects.get(organisation__name="Epsilon Aid")
    assert {c.kind for c in membership.capabilities.all()} == {"delivery", "reach"}
    home = world.client("staff_b").get(f"/p/{world.partnership.pk}/").content.decode()
    assert "Epsilon Aid" in home and "Reach" in home


def test_an_unknown_org_id_prefix_is_explained_and_nothing_saved(world):
    page = _add_member(world, **{"org-org_id": "GB-XYZ-123"}).content.decode()
    assert "not a known org-id list prefix" in page
    assert not Organisation.objects.filter(name="Epsilon Aid").exists()


def test_a_malformed_charity_number_is_explained(world):
    page = _add_member(world, **{"org-org_id": "GB-CHC-12"}).content.decode()
    assert "Charity Commission number of 6 or 7 digits" in page


def test_leaving_before_joining_is_refused(world):
    page = _add_member(world, **{"m-left": "2024-01-01"}).content.decode()
    assert "before the date they joined" in page
    assert not Organisation.objects.filter(name="Epsilon Aid").exists()


def test_a_known_org_id_joins_the_existing_organisation_and_a_duplicate_is_refused(world):
    page = _add_member(world, **{"org-name": "Beta again", "org-org_id": "GB-CHC-1090095"}).content.decode()
    assert "already a member" in page
    assert Organisation.objects.filter(org_id="GB-CHC-1090095").count() == 1


def test_a_persons_end_before_start_is_refused_on_the_page(world):
    response = world.client("manager").post(f"/p/{world.partnership.pk}/people/add/", {
        "name": "Short Stay", "organisation": world.org_b.pk, "job_title": "", "seniority": "staff",
        "email": "", "start_date": "2024-05-01", "end_date": "2024-04-01"})
    assert "before the start date" in response.content.decode()
    assert not Person.objects.filter(name="Short Stay").exists()


def test_a_person_cannot_be_added_to_an_organisation_outside_the_partnership(world):
    response = world.client("manager").post(f"/p/{world.partnership.pk}/people/add/", {
        "name": "Sneaky", "organisation": world.other_org.pk, "seniority": "staff", "start_date": "2024-05-01"})
    assert "Choose an organisation of this partnership from the list." in response.content.decode()
    assert not Person.objects.filter(name="Sneaky").exists()


def test_the_audit_trail_shows_changes_to_the_manager(world):
    _add_member(world)
    page = world.client("manager").get(f"/p/{world.partnership.pk}/audit/").content.decode()
    assert "partners.membership.added" in page and "Epsilon Aid" in page


def test_role_changes_on_the_team_page_are_audited_and_take_effect(world):
    role = world.partnership.roles.get(user=world.users["staff_b"])
    world.client("manager").post(f"/accounts/p/{world.partnership.pk}/team/{role.pk}/", {"role": "leader"})
    role.refresh_from_db()
    assert role.role == "leader"
    assert world.partnership.audit_entries.filter(action="partners.role.set").exists()
    world.client("manager").post(f"/accounts/p/{world.partnership.pk}/team/{role.pk}/", {"remove": "1"})
    assert world.client("staff_b").get(f"/p/{world.partnership.pk}/").status_code == 404
