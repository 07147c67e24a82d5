"""The API end to end: create a series, record attendance, propose a decision, take positions, add and
update actions; bad input answers 422 with a message and saves nothing."""

import datetime as dt

from accord.governance.models import Action, Attendance, MeetingSeries


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_the_manager_runs_a_meeting_through_the_api(world):
    p = world.partnership.pk
    manager = world.client("manager")
    r = _post(manager, f"/api/partnerships/{p}/meeting-series",
              {"title": "Leaders", "rrule": "FREQ=MONTHLY;BYDAY=1TU", "starts_on": "2024-01-01"})
    assert r.status_code == 201, r.content
    meetings = manager.get(f"/api/partnerships/{p}/meetings?end=2024-03-31").json()
    assert [m["start"][:16] for m in meetings] == ["2024-01-02T10:00", "2024-02-06T10:00", "2024-03-05T10:00"]
    m = meetings[1]["id"]
    r = _post(manager, f"/api/partnerships/{p}/meetings/{m}/attendance",
              [{"person_id": world.people["leader_a"].pk, "status": "attended"},
               {"person_id": world.people["leader_b"].pk, "status": "delegate", "delegate_name": "Bea"}])
    assert r.status_code == 200 and {a["status"] for a in r.json()} == {"attended", "delegate"}

    r = _post(manager, f"/api/partnerships/{p}/meetings/{m}/decisions",
              {"proposal": "Adopt the form", "needs_consensus": True})
    d = r.json()["id"]
    assert _post(world.client("leader_a"), f"/api/partnerships/{p}/decisions/{d}/positions",
                 {"stance": "agree"}).json()["result"] == "open"
    r = _post(world.client("staff_b"), f"/api/partnerships/{p}/decisions/{d}/positions", {"stance": "object"})
    assert r.json()["result"] == "not_carried"
    r = _post(world.client("staff_b"), f"/api/partnerships/{p}/decisions/{d}/positions",
              {"stance": "agree", "organisation_id": world.org_a.pk})
    assert r.status_code == 403

    r = _post(manager, f"/api/partnerships/{p}/meetings/{m}/actions",
              {"title": "Send data", "owner_id": world.people["staff_b"].pk, "due": "2024-03-01"})
    assert r.status_code == 201
    a = r.json()["id"]
    r = world.client("leader_b").patch(f"/api/partnerships/{p}/actions/{a}", {"status": "done"},
                                       content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "done"
    assert [x["title"] for x in world.client("staff_b").get("/api/my/actions").json()] == ["Send data"]
    assert world.client("funder").get(f"/api/partnerships/{p}/governance-health").json()["meetings_held"] == 1


def test_bad_input_answers_422_and_saves_nothing(world):
    p = world.partnership.pk
    manager = world.client("manager")
    r = _post(manager, f"/api/partnerships/{p}/meeting-series",
              {"title": "Never", "rrule": "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=31", "starts_on": "2024-01-01"})
    assert r.status_code == 422 and "never produces a meeting" in str(r.json()["detail"])
    assert not MeetingSeries.objects.exists()
    _post(manager, f"/api/partnerships/{p}/meeting-series",
          {"title": "Leaders", "rrule": "FREQ=MONTHLY;BYDAY=1TU", "starts_on": "2024-01-01"})
    m = manager.get(f"/api/partnerships/{p}/meetings").json()[0]["id"]
    r = _post(manager, f"/api/partnerships/{p}/meetings/{m}/attendance",
              [{"person_id": world.people["leader_a"].pk, "status": "attended"},
               {"person_id": world.people["staff_b"].pk, "status": "attended"}])
    assert r.status_code == 422 and "not expected at this meeting" in str(r.json()["detail"])
    assert not Attendance.objects.exclude(status="").exists()
    r = _post(manager, f"/api/partnerships/{p}/meetings/{m}/actions",
              {"title": "Early", "owner_id": world.people["staff_b"].pk, "due": "2023-12-01"})
    assert r.status_code == 422 and not Action.objects.exists()
    start = dt.datetime(2024, 1, 9, 12, tzinfo=dt.UTC).isoformat()
    r = _post(manager, f"/api/partnerships/{p}/meetings/{m}/move", {"start": start, "end": start})
    assert r.status_code == 422 and "ends before it starts" in str(r.json()["detail"])


def test_partners_cannot_change_meetings_through_the_api(world):
    p = world.partnership.pk
    r = _post(world.client("leader_a"), f"/api/partnerships/{p}/meeting-series",
              {"title": "Mine", "rrule": "FREQ=MONTHLY", "starts_on": "2024-01-01"})
    assert r.status_code == 403 and not MeetingSeries.objects.exists()


def test_minutes_and_notes_through_the_api(world):
    p = world.partnership.pk
    manager = world.client("manager")
    _post(manager, f"/api/partnerships/{p}/meeting-series",
          {"title": "Leaders", "rrule": "FREQ=MONTHLY;BYDAY=1TU", "starts_on": "2024-01-01"})
    jan, feb = (m["id"] for m in manager.get(f"/api/partnerships/{p}/meetings?end=2024-02-28").json())
    item = _post(manager, f"/api/partnerships/{p}/meetings/{jan}/agenda",
                 {"title": "Budget", "papers": ["https://example.org/budget.pdf"]}).json()["id"]
    url = f"/api/partnerships/{p}/meetings/{jan}/agenda/{item}/minutes"
    assert manager.put(url, {"text": "Agreed."}, content_type="application/json").status_code == 200
    assert _post(manager, f"/api/partnerships/{p}/meetings/{jan}/notes", {"text": "Quorate."}).status_code == 201
    assert _post(manager, f"/api/partnerships/{p}/meetings/{jan}/approve-minutes/{feb}", {}).json()[
        "minutes_status"] == "approved"
    r = manager.put(url, {"text": "Changed."}, content_type="application/json")
    assert r.status_code == 422 and "locked" in str(r.json()["detail"])
    r = manager.put(url, {"text": "Agreed, with a cap.", "reason": "The cap was left out"},
                    content_type="application/json")
    assert r.json()["minutes"] == "Agreed." and r.json()["amendments"][0]["text"] == "Agreed, with a cap."
    late = _post(manager, f"/api/partnerships/{p}/meetings/{jan}/notes", {"text": "Late."})  # minutes are locked
    assert late.status_code == 422 and "locked" in str(late.json()["detail"])
    assert [n["text"] for n in world.client("staff_b").get(f"/api/partnerships/{p}/meetings/{jan}/notes").json()] == [
        "Quorate."]
    assert world.client("funder").get(f"/api/partnerships/{p}/meetings/{jan}/notes").status_code == 403


def test_attendance_for_a_stranger_does_not_reveal_their_name(world):
    import datetime as dt

    from accord.partners.models import Person

    secret = Person.objects.create(partnership=world.other, organisation=world.other_org, name="Secret Person",
                                   start_date=dt.date(2024, 1, 1))
    series = world.client("manager").post(
        f"/api/partnerships/{world.partnership.pk}/meeting-series",
        data={"title": "Board", "rrule": "FREQ=MONTHLY;BYDAY=1TU", "starts_on": "2024-02-01"},
        content_type="application/json")
    assert series.status_code == 201, series.content
    meetings = world.client("manager").get(f"/api/partnerships/{world.partnership.pk}/meetings").json()
    meeting_id = meetings[0]["id"]
    response = world.client("manager").post(
        f"/api/partnerships/{world.partnership.pk}/meetings/{meeting_id}/attendance",
        data=[{"person_id": secret.pk, "status": "attended"}], content_type="application/json")
    assert response.status_code == 422
    assert "Secret Person" not in response.content.decode()
