"""The demo: three years of monthly meetings with realistic attendance, a dip after the leader change,
decisions and actions (some overdue)."""

import datetime as dt

from accord.demo import governance, partnership
from accord.demo.context import LEADER_CHANGE
from accord.governance import selectors


def test_the_demo_has_three_years_of_meetings_with_a_dip_after_the_leader_change(db):
    ctx = partnership.build()
    governance.build(ctx)
    p = ctx.partnership
    health = selectors.governance_health(p, end=dt.date(2026, 10, 31))
    assert 34 <= health["meetings_planned"] <= 38 and health["meetings_held"] >= 34  # summer breaks cancelled: not planned
    assert health["decisions"] >= 8 and health["actions_total"] >= 40 and health["actions_overdue"] >= 1

    change_path = ctx.orgs["perpetrators"].pk
    rows = selectors.senior_attendance_by_meeting(p)
    before = [r["by_org"][change_path] for r in rows if r["date"] < LEADER_CHANGE and change_path in r["by_org"]]
    settling = [r["by_org"].get(change_path) for r in rows
                if LEADER_CHANGE <= r["date"] < LEADER_CHANGE + dt.timedelta(days=200)]
    assert None in settling  # a month with nobody in post
    share_before = before.count("attended") / len(before)
    settling = [s for s in settling if s]
    assert settling.count("attended") / len(settling) < share_before - 0.2
    assert "delegate" in settling

    tom = ctx.people["perpetrators_ceo"]
    assert selectors.meetings_attended_by(tom)[0]["date"] > LEADER_CHANGE
