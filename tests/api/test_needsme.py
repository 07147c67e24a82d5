"""The API gives the person's to-do list, meeting replies (read and set) and meeting papers, under the same
access rules as the pages."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accord.charter import services as charter
from accord.governance import services as governance


def _coming(world):
    series = governance.series_create(actor=world.users["manager"], partnership=world.partnership, title="Leaders",
                                      rrule="FREQ=MONTHLY;BYDAY=1TU", starts_on=dt.date(2024, 1, 1), notify=False)
    return series.meetings.filter(start__gt=timezone.now()).order_by("start").first()


def test_todos_across_partnerships_and_per_partnership(world):
    charter.version_create(actor=world.users["manager"], partnership=world.partnership, mission="Keep our word.")
    client = world.client("leader_a")
    mine = client.get("/api/me/todos").json()
    assert mine[0]["kind"] == "charter.sign" and mine[0]["partnership"] == "Test partnership"
    assert client.get(f"/api/partnerships/{world.partnership.pk}/todos").json() == mine
    assert world.client("funder").get(f"/api/partnerships/{world.partnership.pk}/todos").json() == []
    assert world.client("outsider").get(f"/api/partnerships/{world.partnership.pk}/todos").status_code == 404
    assert world.client("anonymous").get("/api/me/todos").status_code == 401


def test_replies_are_read_and_set_through_the_api(world):
    meeting = _coming(world)
    base = f"/api/partnerships/{world.partnership.pk}/meetings/{meeting.pk}"
    client = world.client("leader_a")
    assert client.get(base + "/reply").json()["reply"] == ""
    answer = client.put(base + "/reply", {"reply": "not_going"}, content_type="application/json")
    assert answer.status_code == 200 and answer.json()["via"] == "API"
    bad = client.put(base + "/reply", {"reply": "delegate", "delegate_id": world.people["leader_b"].pk},
                     content_type="application/json")
    assert bad.status_code == 422 and "colleague" in bad.json()["detail"]
    everyone = {r["person"]: r["reply"] for r in world.client("staff_b").get(base + "/replies").json()}
    assert everyone == {"Leader A": "not_going", "Leader B": ""}
    assert world.client("staff_a").get(base + "/reply").status_code == 404  # not on the list
    assert world.client("funder").get(base + "/replies").status_code == 403


def test_papers_are_listed_uploaded_and_downloaded(world, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    meeting = _coming(world)
    base = f"/api/partnerships/{world.partnership.pk}/meetings/{meeting.pk}/papers"
    refused = world.client("manager").post(base, {"file": SimpleUploadedFile("x.pdf", b"not a pdf")})
    assert refused.status_code == 422 and "file" in str(refused.json())
    made = world.client("manager").post(base, {"title": "Pack", "file": SimpleUploadedFile("pack.txt", b"Read me.")})
    assert made.status_code == 201
    [listed] = world.client("leader_b").get(base).json()
    assert listed["title"] == "Pack" and listed["content_type"] == "text/plain"
    download = world.client("staff_a").get(listed["download_url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"Read me."
    assert world.client("funder").get(listed["download_url"]).status_code == 403
    assert world.client("leader_a").post(base, {"file": SimpleUploadedFile("p.txt", b"x")}).status_code == 403
