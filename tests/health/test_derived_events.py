"""Change events derived from the data: a senior leader's end date, a new senior leader, funding
streams. Deriving is idempotent and follows the source when it changes."""

import datetime as dt

from accord.health import services
from accord.health.models import ChangeEvent, Handover
from accord.partners.models import Person

from .conftest import save, stream


def _kinds(world):
    return [(e.kind, e.date, e.organisation_id) for e in ChangeEvent.objects.filter(partnership=world.partnership)]


def test_founding_leaders_are_not_arrivals(world, fake):
    services.derive_events(world.partnership)
    assert _kinds(world) == []


def test_a_leaders_end_date_and_successor_become_events(world, fake):
    leader = world.people["leader_b"]
    leader.end_date = dt.date(2025, 1, 31)
    save(leader)
    save(Person(partnership=world.partnership, organisation=world.org_b, name="New Chief", seniority="senior_leader",
                          start_date=dt.date(2025, 3, 1)))
    assert _kinds(world) == [("leader_left", dt.date(2025, 1, 31), world.org_b.pk),
                             ("leader_arrived", dt.date(2025, 3, 1), world.org_b.pk)]
    left = ChangeEvent.objects.get(kind="leader_left")
    assert left.derived and left.impact == "high" and "Leader B" in left.note
    # deriving again adds nothing
    services.derive_events(world.partnership)
    services.derive_events(world.partnership)
    assert ChangeEvent.objects.filter(partnership=world.partnership).count() == 2


def test_the_event_follows_its_source(world, fake):
    leader = world.people["leader_a"]
    leader.end_date = dt.date(2025, 5, 31)
    save(leader)
    leader.end_date = dt.date(2025, 6, 30)
    save(leader)
    assert _kinds(world) == [("leader_left", dt.date(2025, 6, 30), world.org_a.pk)]
    leader.end_date = None
    save(leader)
    assert _kinds(world) == []


def test_staff_leaving_is_not_a_leader_change(world, fake):
    staff = world.people["staff_a"]
    staff.end_date = dt.date(2025, 5, 31)
    save(staff)
    assert _kinds(world) == []


def test_an_end_date_opens_a_handover_with_the_successor(world, fake):
    successor = save(Person(partnership=world.partnership, organisation=world.org_b, name="New Chief", seniority="senior_leader",
                                      start_date=dt.date(2025, 3, 1)))
    leader = world.people["leader_b"]
    leader.end_date = dt.date(2025, 1, 31)
    save(leader)
    handover = Handover.objects.get(partnership=world.partnership, leaving=leader)
    assert handover.incoming == successor
    assert handover.items.count() >= 2


def test_funding_streams_become_won_and_ending_events(world, fake):
    fake.streams = [stream(7, dt.date(2025, 1, 1), dt.date(2026, 12, 31), [world.org_a.pk]),
                    stream(8, dt.date(2025, 4, 1), dt.date(2027, 3, 31), [world.org_a.pk, world.org_b.pk])]
    services.derive_events(world.partnership)
    services.derive_events(world.partnership)
    events = _kinds(world)
    assert ("funding_won", dt.date(2025, 1, 1), world.org_a.pk) in events
    assert ("funding_ending", dt.date(2026, 12, 31), world.org_a.pk) in events
    assert ("funding_ending", dt.date(2027, 3, 31), None) in events  # shared stream: the whole partnership
    assert len(events) == 4
    fake.streams[0]["end"] = dt.date(2026, 9, 30)  # cut short
    services.derive_events(world.partnership)
    assert ("funding_ending", dt.date(2026, 9, 30), world.org_a.pk) in _kinds(world) and len(_kinds(world)) == 4


def test_a_manager_enters_other_events_and_bad_input_saves_nothing(world, fake):
    import pytest
    from django.core.exceptions import ValidationError

    services.event_create(actor=world.users["manager"], partnership=world.partnership, kind="policy_change",
                          date=dt.date(2025, 9, 1), note="New duty on councils", impact="high")
    with pytest.raises(ValidationError):
        services.event_create(actor=world.users["manager"], partnership=world.partnership, kind="restructure",
                              date=dt.date(2025, 9, 1), organisation=world.other_org)
    with pytest.raises(ValidationError):
        services.event_create(actor=world.users["manager"], partnership=world.partnership, kind="nonsense",
                              date=dt.date(2025, 9, 1))
    assert _kinds(world) == [("policy_change", dt.date(2025, 9, 1), None)]


def test_the_timeline_page_shows_events_beside_the_series(world, fake):
    from .conftest import full

    full(fake, world)
    leader = world.people["leader_b"]
    leader.end_date = dt.date(2025, 12, 31)
    save(leader)
    page = world.client("manager").get(f"/p/{world.partnership.pk}/health/timeline/").content.decode()
    assert "Leader left" in page and 'class="marker"' in page
    assert "Trust %" in page and "Senior attendance %" in page
    assert "<td>60.0</td>" in page  # the table alternative holds the wave's trust


def test_funding_events_name_their_partner_in_the_audit_and_follow_a_change_of_partner(world, fake):
    """The batch derivation reads member organisations as ids: a new funding event still gets its
    organisation (its audit entry names it), and a stream moved to another partner moves its events."""
    from accord.core.models import AuditEntry

    fake.streams = [stream(7, dt.date(2025, 1, 1), dt.date(2026, 12, 31), [world.org_a.pk])]
    created = services.derive_events_many([world.partnership])
    assert {e.organisation for e in created} == {world.org_a}
    reprs = set(AuditEntry.objects.filter(action="health.event.derived").values_list("object_repr", flat=True))
    assert reprs and all(f"({world.org_a})" in r for r in reprs)
    fake.streams[0]["partner_org_ids"] = [world.org_b.pk]
    assert services.derive_events_many([world.partnership]) == []
    assert sorted(_kinds(world)) == [("funding_ending", dt.date(2026, 12, 31), world.org_b.pk),
                                     ("funding_won", dt.date(2025, 1, 1), world.org_b.pk)]
