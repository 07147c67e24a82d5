"""Governance health and the selectors the health index relies on (helper_contracts.md)."""

import datetime as dt

from accord.governance import selectors, services
from accord.governance.models import Action

from .conftest import meeting_on


def _attend(world, meeting, a, b, delegate=""):
    services.attendance_record(actor=world.users["manager"], meeting=meeting, records=[
        (world.people["leader_a"], a, ""), (world.people["leader_b"], b, delegate)])


def _done_on_time_and_late(world, meeting, *, late_on):
    """Two actions due on 20 January 2024: one done the day before, one done late on `late_on`."""
    m = world.users["manager"]
    for title, owner, done in (("On time", "leader_a", dt.date(2024, 1, 19)), ("Late", "leader_b", late_on)):
        action = services.action_add(actor=m, meeting=meeting, title=title, owner=world.people[owner],
                                     due=dt.date(2024, 1, 20))
        services.action_update(actor=m, action=action, status="done", completed_on=done)


def test_health_counts_meetings_attendance_decisions_and_actions(world, series):
    m = world.users["manager"]
    jan, feb, mar, apr = (meeting_on(series, d) for d in (dt.date(2024, 1, 2), dt.date(2024, 2, 6),
                                                          dt.date(2024, 3, 5), dt.date(2024, 4, 2)))
    _attend(world, jan, "attended", "attended")
    _attend(world, feb, "attended", "delegate", "Bea Deputy")
    services.meeting_cancel(actor=m, meeting=mar, notify=False)
    _attend(world, apr, "attended", "apologies")
    d = services.decision_add(actor=m, meeting=jan, proposal="Adopt the charter", needs_consensus=True)
    services.position_record(actor=m, decision=d, organisation=world.org_a, stance="agree")
    services.position_record(actor=m, decision=d, organisation=world.org_b, stance="agree")
    services.decision_add(actor=m, meeting=feb, proposal="Still open")
    _done_on_time_and_late(world, jan, late_on=dt.date(2024, 2, 1))
    services.action_add(actor=m, meeting=feb, title="Overdue", owner=world.people["leader_b"], due=dt.date(2024, 3, 1))

    h = selectors.governance_health(world.partnership, start=dt.date(2024, 1, 1), end=dt.date(2024, 4, 30))
    assert (h["meetings_planned"], h["meetings_held"]) == (3, 3)  # March was cancelled: not planned
    assert h["decisions"] == 1
    assert (h["actions_total"], h["actions_done_on_time"], h["actions_overdue"]) == (3, 1, 1)
    assert h["by_org"][world.org_a.pk] == {"meetings_expected": 3, "senior_attended": 3, "delegate": 0,
                                           "senior_attendance_share": 1.0}
    assert h["by_org"][world.org_b.pk] == {"meetings_expected": 3, "senior_attended": 1, "delegate": 1,
                                           "senior_attendance_share": 1 / 3}

    rows = selectors.senior_attendance_by_meeting(world.partnership)
    assert [r["date"] for r in rows] == [dt.date(2024, 1, 2), dt.date(2024, 2, 6), dt.date(2024, 4, 2)]
    assert [r["by_org"][world.org_b.pk] for r in rows] == ["attended", "delegate", "apologies"]
    assert rows[0]["url"] == jan.get_absolute_url()

    assert [r["date"] for r in selectors.meetings_attended_by(world.people["leader_b"])] == [dt.date(2024, 1, 2)]
    assert selectors.open_actions_for(world.people["leader_b"]) == [
        {"title": "Overdue", "due": dt.date(2024, 3, 1), "url": Action.objects.get(title="Overdue").get_absolute_url()}]


def test_health_of_a_partnership_without_meetings(world):
    h = selectors.governance_health(world.partnership)
    assert h["meetings_planned"] == h["meetings_held"] == 0
    assert h["by_org"][world.org_a.pk]["senior_attendance_share"] is None


def test_the_home_panel_shows_health_to_funders_without_detail(world, series):
    _attend(world, meeting_on(series, dt.date(2024, 1, 2)), "attended", "absent")
    page = world.client("funder").get(f"/p/{world.partnership.pk}/").content.decode()
    assert "Governance health" in page and "Meetings held" in page
    assert "Leader B" not in page
    assert world.client("funder").get(f"/p/{world.partnership.pk}/meetings/health/").status_code == 200


def test_partners_see_attendance_by_quarter_and_funders_do_not(world, series):
    _attend(world, meeting_on(series, dt.date(2024, 1, 2)), "attended", "absent")
    _attend(world, meeting_on(series, dt.date(2024, 2, 6)), "attended", "attended")
    url = f"/p/{world.partnership.pk}/meetings/health/"
    page = world.client("staff_a").get(url).content.decode()
    assert "by quarter" in page and "<svg" in page
    assert '<th scope="row">Jan 2024</th><td>100%</td><td>50%</td>' in page  # Alpha, then Beta
    page = world.client("funder").get(url).content.decode()
    assert "by quarter" not in page and "Meetings held" in page


def test_actions_are_judged_as_they_stood_on_the_end_date(world, series):
    m = world.users["manager"]
    jan = meeting_on(series, dt.date(2024, 1, 2))
    _done_on_time_and_late(world, jan, late_on=dt.date(2024, 2, 10))
    services.action_add(actor=m, meeting=jan, title="Still open", owner=world.people["leader_b"],
                        due=dt.date(2024, 3, 1))

    def judged(end):
        h = selectors.governance_health(world.partnership, end=end)
        return h["actions_total"], h["actions_done_on_time"], h["actions_overdue"]

    assert judged(dt.date(2024, 1, 10)) == (3, 0, 0)  # nothing due yet, nothing done yet
    assert judged(dt.date(2024, 1, 20)) == (3, 1, 0)  # due today is not overdue
    assert judged(dt.date(2024, 2, 5)) == (3, 1, 1)   # "Late" was overdue then, though done since
    assert judged(dt.date(2024, 2, 10)) == (3, 1, 0)  # done that day
    assert judged(dt.date(2024, 3, 15)) == (3, 1, 1)  # "Still open" is overdue
    assert judged(None) == (3, 1, 1)                  # today


def test_a_cancelled_meeting_is_not_counted_as_planned_in_the_engagement_figure(world, series):
    """Decided (docs/health.md): cancelling a meeting changes the plan, so engagement counts the meetings
    that were to take place. A meeting that stayed planned and was not held still counts against it."""
    from accord.health import signals

    m = world.users["manager"]
    jan, feb, mar = (meeting_on(series, d) for d in (dt.date(2024, 1, 2), dt.date(2024, 2, 6), dt.date(2024, 3, 5)))
    _attend(world, jan, "attended", "attended")
    services.meeting_cancel(actor=m, meeting=feb, notify=False)
    _attend(world, mar, "attended", "attended")
    h = selectors.governance_health(world.partnership, start=dt.date(2024, 1, 1), end=dt.date(2024, 3, 31))
    assert (h["meetings_planned"], h["meetings_held"]) == (2, 2)
    engagement = signals.components(signals.gather(world.partnership, dt.date(2024, 3, 31)))["engagement"]
    assert engagement.inputs["cadence_kept"] == 1.0 and engagement.score == 100.0
    assert "2 of 2 planned meetings held" in engagement.explanation

    apr = meeting_on(series, dt.date(2024, 4, 2))  # planned, not cancelled, nobody recorded: not held
    h = selectors.governance_health(world.partnership, start=dt.date(2024, 1, 1), end=dt.date(2024, 4, 30))
    assert (h["meetings_planned"], h["meetings_held"]) == (3, 2) and apr.status == "scheduled"
