"""What needs me: each domain's to-dos for the signed-in person, most urgent first, read through their
access; the site's home and the partnership home start with them; empty states say what will appear."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accord.charter import services as charter
from accord.core import todos
from accord.core.policy import access_for
from accord.core.registry import Todo
from accord.governance import services as governance
from accord.library import services as library
from accord.trust import services as trust


def _kinds(world, persona):
    user = world.users[persona]
    return [t.kind for t in todos.for_access(user, access_for(user, world.partnership))]


def _everything(world):
    manager = world.users["manager"]
    charter.version_create(actor=manager, partnership=world.partnership, mission="Keep our word.")
    series = governance.series_create(actor=manager, partnership=world.partnership, title="Leaders",
                                      rrule="FREQ=MONTHLY;BYDAY=1TU", starts_on=dt.date(2024, 1, 1), notify=False)
    past = series.meetings.filter(start__lt=timezone.now()).order_by("-start").first()
    governance.decision_add(actor=manager, meeting=past, proposal="Share the data monthly.")
    governance.action_add(actor=manager, meeting=past, title="Draft the agreement", owner=world.people["leader_a"],
                          due=timezone.localdate() - dt.timedelta(days=3))
    trust.wave_open(actor=manager, partnership=world.partnership, name="Spring survey",
                    closes_on=dt.date.today() + dt.timedelta(days=10), instruments=["relationships"],
                    confidentiality="named", invite="everyone", send=False)
    return series


def test_a_leader_sees_everything_waiting_for_them_most_urgent_first(world):
    _everything(world)
    kinds = _kinds(world, "leader_a")
    assert kinds[0] == "governance.action"  # overdue first
    assert set(kinds) >= {"charter.sign", "trust.answer", "governance.position", "governance.reply"}
    assert kinds.index("trust.answer") < kinds.index("charter.sign")  # dated before undated


def test_each_role_sees_only_what_it_may(world):
    _everything(world)
    assert _kinds(world, "funder") == []  # funders see aggregates only: no meetings, no positions
    staff = _kinds(world, "staff_a")
    assert "charter.sign" not in staff and "governance.action" not in staff  # not a leader; not their action
    assert "charter.sign" not in _kinds(world, "manager")
    assert todos.for_user(world.users["outsider"])[0].todos == []


def test_the_charter_link_opens_exactly_the_version_to_sign(world):
    charter.version_create(actor=world.users["manager"], partnership=world.partnership, mission="v1")
    v2 = charter.version_create(actor=world.users["manager"], partnership=world.partnership, mission="v2 text")
    user = world.users["leader_a"]
    [todo] = [t for t in todos.for_access(user, access_for(user, world.partnership)) if t.kind == "charter.sign"]
    assert todo.url.endswith(f"/charter/v/{v2.number}/#sign")
    page = world.client("leader_a").get(todo.url.split("#")[0]).content.decode()
    assert "v2 text" in page.split('id="sign"', 1)[1]


def test_a_signed_in_invitee_answers_the_survey_from_inside_accord(world):
    _everything(world)
    wave = world.partnership.trust_waves.get()
    client = world.client("leader_b")
    page = client.get(f"/p/{world.partnership.pk}/trust/waves/{wave.pk}/").content.decode()
    assert "Answer the survey now" in page
    response = client.get(f"/p/{world.partnership.pk}/trust/waves/{wave.pk}/answer/")
    assert response.status_code == 302 and response["Location"].startswith("/survey/")
    assert client.get(response["Location"]).status_code == 200
    # the e-mailed link works without signing in
    invitation = wave.invitations.get(email="leader_b@example.org")
    from django.test import Client
    assert Client().get(trust.survey_path(invitation)).status_code == 200
    # someone not invited is told so, not sent into another's survey
    wave.invitations.filter(email="staff_b@example.org").delete()
    assert world.client("staff_b").get(f"/p/{world.partnership.pk}/trust/waves/{wave.pk}/answer/").status_code == 302


def test_library_requests_to_answer_and_access_about_to_end(world, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    a = access_for(world.users["leader_a"], world.partnership)
    b = access_for(world.users["leader_b"], world.partnership)
    from accord.partners.models import Membership, Organisation

    third = Organisation.objects.create(name="Third Org", kind="charity")
    Membership.objects.create(partnership=world.partnership, organisation=third, joined=dt.date(2024, 1, 1))
    item = library.item_create(actor=world.users["leader_a"], access=a, kind="note", title="Risk list", body="x",
                               terms={"audience": "named", "named_orgs": [third.pk]})
    req = library.request_create(actor=world.users["leader_b"], access=b, item=item, reason="We need it.")
    assert "library.request" in _kinds(world, "leader_a")
    library.request_decide(actor=world.users["leader_a"], access=a, request=req, grant=True,
                           until=timezone.localdate() + dt.timedelta(days=3))
    assert "library.request" not in _kinds(world, "leader_a")
    assert "library.grant_ending" in _kinds(world, "leader_b")


def test_urgency_overdue_then_due_date_then_rank():
    mk = lambda **kw: Todo(kind="x", title=kw.pop("t"), url="/", partnership_id=1, **kw)  # noqa: E731
    items = [mk(t="undated", rank=1), mk(t="later", due=dt.date(2030, 1, 2)), mk(t="sooner", due=dt.date(2030, 1, 1)),
             mk(t="overdue", due=dt.date(2020, 1, 1), overdue=True)]
    assert [t.title for t in sorted(items, key=todos.urgency)] == ["overdue", "sooner", "later", "undated"]


def test_the_homes_start_with_what_waits_and_say_what_will_appear_when_empty(world):
    _everything(world)
    home = world.client("leader_a").get("/").content.decode()
    assert "What needs you" in home and "Sign the charter" in home
    page = world.client("leader_a").get(f"/p/{world.partnership.pk}/").content.decode()
    assert page.index("What needs you here") < page.index("How the partnership is doing") < page.index('id="partners"')
    empty = world.client("funder").get(f"/p/{world.partnership.pk}/").content.decode()
    assert "Nothing waits for you right now" in empty and "a charter version to sign" in empty


def test_the_survey_to_answer_says_how_long_it_takes_as_the_invitation_does(world):
    from accord.trust import questions

    _everything(world)
    wave = world.partnership.trust_waves.get()
    user = world.users["leader_b"]
    [todo] = [t for t in todos.for_access(user, access_for(user, world.partnership)) if t.kind == "trust.answer"]
    minutes = questions.minutes_needed(wave.organisations().count() - 1, wave.has("factors"))
    assert todo.detail.endswith(f"it takes about {minutes} minutes")
