"""Two partnerships share an organisation (Alpha) and a person (leader A, recorded by each). Leader A sees
the notices of both her records; nobody sees another person's; each manager's record of notices sent
shows only their own partnership's; one digest covers all of one person's partnerships."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accord.notices import sending, services
from accord.partners.models import Membership, Person, Role

from .conftest import PING, emit


@pytest.fixture
def shared(world):
    start = dt.date(2024, 1, 1)
    Membership.objects.create(partnership=world.other, organisation=world.org_a, joined=start)
    Role.objects.create(partnership=world.other, user=world.users["leader_a"], role=Role.LEADER,
                        organisation=world.org_a)
    there = Person.objects.create(partnership=world.other, organisation=world.org_a, name="Leader A (as Other records)",
                                  seniority="senior_leader", email="leader_a@example.org", start_date=start,
                                  user=world.users["leader_a"])
    emit(world, ["leader_a"], key="here", title="From the test partnership")
    services.notify(partnership=world.other, people=[there], kind=PING, event_key="there", title="From the other one",
                    url="/notices/")
    services.notify(partnership=world.other, people=[world.people["outsider"]], kind=PING, event_key="o",
                    title="For the outsider", url="/notices/")
    emit(world, ["leader_b"], key="b", title="For leader B")
    return there


def test_a_person_linked_in_both_sees_both_and_nothing_else(world, shared):
    page = world.client("leader_a").get("/notices/").content.decode()
    assert "From the test partnership" in page and "From the other one" in page
    assert "For the outsider" not in page and "For leader B" not in page
    api = [n["title"] for n in world.client("leader_a").get("/api/me/notices").json()]
    assert sorted(api) == ["From the other one", "From the test partnership"]
    outsider = [n["title"] for n in world.client("outsider").get("/api/me/notices").json()]
    assert outsider == ["For the outsider"]
    assert [n["title"] for n in world.client("leader_b").get("/api/me/notices").json()] == ["For leader B"]


def test_each_managers_record_shows_only_their_partnership(world, shared):
    mine = world.client("manager").get(f"/p/{world.partnership.pk}/notices/").content.decode()
    assert "From the test partnership" in mine and "For leader B" in mine
    assert "From the other one" not in mine and "For the outsider" not in mine
    theirs = world.client("outsider").get(f"/p/{world.other.pk}/notices/").content.decode()
    assert "From the other one" in theirs and "For the outsider" in theirs
    assert "From the test partnership" not in theirs and "For leader B" not in theirs


def test_leaving_a_partnership_hides_its_notices(world, shared):
    Role.objects.filter(partnership=world.other, user=world.users["leader_a"]).delete()
    api = [n["title"] for n in world.client("leader_a").get("/api/me/notices").json()]
    assert api == ["From the test partnership"]


def test_one_digest_covers_all_of_a_persons_partnerships(world, shared, smtp):
    services.preferences_set(actor=world.users["leader_a"], choices={PING: "daily"})
    services.notify(partnership=world.other, people=[shared], kind=PING, event_key="there:2", title="Second there",
                    url="/notices/")
    emit(world, ["leader_a"], key="here:2", title="Second here")
    sending.sweep(now=timezone.now() + dt.timedelta(days=2))
    to_her = smtp.to("leader_a@example.org")
    digest = [m for m in to_her if "digest" in m["Subject"]]
    assert len(digest) == 1
    text = smtp.text(digest[0])
    assert "Second there" in text and "Second here" in text and "Other partnership" in text
    assert "For the outsider" not in text and "For leader B" not in text
