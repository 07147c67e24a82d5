"""For every governance page and endpoint: what each role gets. Minutes and actions are for partners
(funders 403), changes for the manager, governance health for everyone with a role; strangers 404."""

import datetime as dt

import pytest

from accord.governance import services
from tests.conftest import PERSONAS

from .conftest import meeting_on

ALL = {"manager": 200, "leader_a": 200, "staff_a": 200, "leader_b": 200, "staff_b": 200, "funder": 200,
       "outsider": 404, "anonymous": 302}
MEMBERS = {**ALL, "funder": 403}
MANAGER = {**ALL, "leader_a": 403, "staff_a": 403, "leader_b": 403, "staff_b": 403, "funder": 403}

PAGES = [
    ("/p/{p}/meetings/", MEMBERS),
    ("/p/{p}/meetings/health/", ALL),
    ("/p/{p}/meetings/series/{s}/", MEMBERS),
    ("/p/{p}/meetings/series/new/", MANAGER),
    ("/p/{p}/meetings/series/{s}/edit/", MANAGER),
    ("/p/{p}/meetings/{m}/", MEMBERS),
    ("/p/{p}/meetings/{m}/move/", MANAGER),
    ("/p/{p}/meetings/{m}/attendance/", MANAGER),
    ("/p/{p}/meetings/{m}/agenda/add/", MANAGER),
    ("/p/{p}/meetings/{m}/decisions/add/", MANAGER),
    ("/p/{p}/meetings/{m}/actions/add/", MANAGER),
    ("/p/{p}/meetings/{m}/notes/add/", MANAGER),
    ("/p/{p}/meetings/agenda/{i}/minutes/", MANAGER),
    ("/p/{p}/meetings/decisions/{d}/", MEMBERS),
    ("/p/{p}/meetings/actions/{a}/", MEMBERS),
    ("/p/{p}/meetings/calendar/", MEMBERS),
]
API = [
    ("/api/partnerships/{p}/governance-health", ALL),
    ("/api/partnerships/{p}/meeting-series", MEMBERS),
    ("/api/partnerships/{p}/meetings", MEMBERS),
    ("/api/partnerships/{p}/meetings/{m}", MEMBERS),
    ("/api/partnerships/{p}/meetings/{m}/attendance", MEMBERS),
    ("/api/partnerships/{p}/meetings/{m}/agenda", MEMBERS),
    ("/api/partnerships/{p}/decisions", MEMBERS),
    ("/api/partnerships/{p}/actions", MEMBERS),
]


@pytest.fixture
def ids(world, series):
    manager = world.users["manager"]
    meeting = meeting_on(series, dt.date(2024, 2, 6))
    item = services.agenda_item_add(actor=manager, meeting=meeting, title="Budget")
    decision = services.decision_add(actor=manager, meeting=meeting, proposal="Agree the budget")
    action = services.action_add(actor=manager, meeting=meeting, title="Send figures", owner=world.people["staff_a"],
                                 due=dt.date(2024, 3, 1))
    return {"p": world.partnership.pk, "s": series.pk, "m": meeting.pk, "i": item.pk, "d": decision.pk,
            "a": action.pk}


# one set-up per address, every persona inside it: the same checks as one test per pair, much faster

@pytest.mark.parametrize("template,expected", PAGES, ids=[p for p, _ in PAGES])
def test_pages_answer_each_role(world, ids, template, expected):
    clients = {persona: world.client(persona) for persona in PERSONAS}
    got = {persona: clients[persona].get(template.format(**ids)) for persona in PERSONAS}
    assert {persona: r.status_code for persona, r in got.items()} == expected
    assert got["anonymous"]["Location"].startswith("/accounts/sign-in/")


@pytest.mark.parametrize("template,expected", API, ids=[p for p, _ in API])
def test_api_answers_each_role(world, ids, template, expected):
    got = {persona: world.client(persona).get(template.format(**ids)) for persona in PERSONAS}
    assert {persona: r.status_code for persona, r in got.items()} == {**expected, "anonymous": 401}
    assert all(r["Content-Type"].startswith("application/json") for r in got.values())


def test_a_meeting_of_another_partnership_is_not_found_through_mine(world, ids):
    other = services.series_create(actor=world.users["outsider"], partnership=world.other, title="Theirs",
                                   rrule="FREQ=MONTHLY;BYDAY=1MO", starts_on=dt.date(2024, 1, 1), notify=False)
    meeting = other.meetings.first()
    assert world.client("manager").get(f"/p/{world.partnership.pk}/meetings/{meeting.pk}/").status_code == 404
    assert world.client("manager").get(
        f"/api/partnerships/{world.partnership.pk}/meetings/{meeting.pk}").status_code == 404
    assert world.client("outsider").get(
        f"/p/{world.partnership.pk}/meetings/{ids['m']}/").status_code == 404


def test_the_meetings_tab_is_shown_to_partners_only(world, ids):
    assert ">Meetings</a>" in world.client("staff_b").get(f"/p/{world.partnership.pk}/").content.decode()
    assert ">Meetings</a>" not in world.client("funder").get(f"/p/{world.partnership.pk}/").content.decode()
