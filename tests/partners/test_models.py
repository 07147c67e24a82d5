import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accord.partners import selectors, services
from accord.partners.models import Organisation, Person


def test_a_person_cannot_end_before_they_start(world):
    person = Person(partnership=world.partnership, organisation=world.org_a, name="X", start_date=dt.date(2024, 5, 1), end_date=dt.date(2024, 4, 1))
    with pytest.raises(ValidationError) as exc:
        services.person_save(actor=world.users["manager"], person=person, partnership=world.partnership)
    assert "before the start date" in str(exc.value)
    assert not Person.objects.filter(name="X").exists()


def test_a_membership_cannot_end_before_it_starts_and_saves_nothing(world):
    org = Organisation(name="New Org", kind="charity")
    with pytest.raises(ValidationError):
        services.membership_add(actor=world.users["manager"], partnership=world.partnership, organisation=org,
                                joined=dt.date(2024, 5, 1), left=dt.date(2024, 1, 1))
    assert not Organisation.objects.filter(name="New Org").exists()


def test_an_organisation_cannot_join_twice(world):
    with pytest.raises(ValidationError) as exc:
        services.membership_add(actor=world.users["manager"], partnership=world.partnership,
                                organisation=world.org_b, joined=dt.date(2024, 5, 1))
    assert "already a member" in exc.value.messages[0]


def test_senior_leaders_follow_dates(world):
    old = Person.objects.create(partnership=world.partnership, organisation=world.org_b, name="Old CEO", seniority="senior_leader",
                                start_date=dt.date(2020, 1, 1), end_date=dt.date(2024, 6, 30))
    names_before = {p.name for p in selectors.senior_leaders(world.partnership, dt.date(2024, 6, 1))}
    names_after = {p.name for p in selectors.senior_leaders(world.partnership, dt.date(2024, 7, 1))}
    assert old.name in names_before and old.name not in names_after


def test_the_last_manager_cannot_be_removed(world):
    role = world.partnership.roles.get(user=world.users["manager"])
    with pytest.raises(ValidationError):
        services.role_remove(actor=world.users["manager"], role=role)


def test_membership_and_person_changes_are_audited(world):
    manager = world.users["manager"]
    services.membership_add(actor=manager, partnership=world.partnership,
                            organisation=Organisation(name="Gamma", kind="charity"), joined=dt.date(2024, 2, 1),
                            capabilities=[("reach", "")])
    person = world.people["staff_b"]
    person.job_title = "Coordinator"
    services.person_save(actor=manager, person=person, partnership=world.partnership)
    actions = list(world.partnership.audit_entries.values_list("action", flat=True))
    assert "partners.membership.added" in actions
    assert "partners.person.changed" in actions
    entry = world.partnership.audit_entries.get(action="partners.person.changed")
    assert entry.data["job_title"] == ["", "Coordinator"]
