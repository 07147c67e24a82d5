"""/api/me/notices and /api/me/notice-preferences: strictly the caller's own notices, across their
partnerships; read/unread filter; mark read; preferences per kind, all or nothing."""

from __future__ import annotations

from accord.notices import services

from .conftest import PING, QUIET, emit


def test_the_list_is_mine_only_with_a_read_filter(world):
    mine, = emit(world, ["leader_a"], key="e:1", title="Mine")
    emit(world, ["leader_a"], key="e:2", title="Mine too")
    emit(world, ["leader_b"], key="e:3", title="Not mine")
    client = world.client("leader_a")
    assert [n["title"] for n in client.get("/api/me/notices").json()] == ["Mine too", "Mine"]
    assert client.post(f"/api/me/notices/{mine.pk}/read").json()["unread"] is False
    assert [n["title"] for n in client.get("/api/me/notices?unread=true").json()] == ["Mine too"]
    assert [n["title"] for n in client.get("/api/me/notices?unread=false").json()] == ["Mine"]
    assert client.post("/api/me/notices/read").json() == {"marked": 1}
    assert client.get("/api/me/notices?unread=true").json() == []
    assert [n["title"] for n in world.client("leader_b").get("/api/me/notices?unread=true").json()] == ["Not mine"]


def test_another_persons_notice_is_not_found(world):
    theirs, = emit(world, ["leader_b"])
    response = world.client("leader_a").post(f"/api/me/notices/{theirs.pk}/read")
    assert response.status_code == 404
    assert response.json() == world.client("leader_a").post("/api/me/notices/987654/read").json()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert world.client("anonymous").get("/api/me/notices").status_code == 401


def test_preferences_get_and_put(world):
    client = world.client("staff_a")
    before = {p["kind"]: p for p in client.get("/api/me/notice-preferences").json()}
    assert before[PING]["delivery"] == "immediate" and before[QUIET]["default"] == "daily"
    assert before["trust.survey_opened"] == {"kind": "trust.survey_opened", "label": "A trust survey for you to answer",
                                             "delivery": "off", "default": "off", "emailed": False}
    response = client.put("/api/me/notice-preferences", [{"kind": PING, "delivery": "weekly"}],
                          content_type="application/json")
    assert response.status_code == 200
    assert {p["kind"]: p["delivery"] for p in response.json()}[PING] == "weekly"
    assert services.preferences_of(world.users["staff_a"])[QUIET] == "daily"  # not named: unchanged
    bad = client.put("/api/me/notice-preferences", [{"kind": QUIET, "delivery": "off"},
                                                    {"kind": "no.such", "delivery": "off"}],
                     content_type="application/json")
    assert bad.status_code == 422 and "no.such" in bad.content.decode()
    assert services.preferences_of(world.users["staff_a"])[QUIET] == "daily"  # all or nothing
