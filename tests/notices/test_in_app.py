"""The notices page and the header count: a person sees only the notices of Person rows linked to their
own account, newest first, unread marked; marks one or all read; another person's notice is not found."""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.notices.models import Notice

from .conftest import emit


def test_the_page_lists_only_my_notices_newest_first_with_unread_marked(world):
    emit(world, ["leader_a", "leader_b"], key="e:1", title="First for you")
    emit(world, ["leader_a"], key="e:2", title="Second for you")
    Notice.objects.filter(event_key="e:1", person=world.people["leader_a"]).update(created_at="2025-01-01T00:00Z")
    page = world.client("leader_a").get("/notices/").content.decode()
    assert page.index("Second for you") < page.index("First for you")
    assert page.count("Unread</span>") == 2
    assert "First for you" in world.client("leader_b").get("/notices/").content.decode()
    assert "Second for you" not in world.client("leader_b").get("/notices/").content.decode()
    assert "First for you" not in world.client("staff_a").get("/notices/").content.decode()


def test_the_header_shows_my_unread_count_on_every_page_in_one_query(world):
    emit(world, ["leader_a"], key="e:1")
    emit(world, ["leader_a"], key="e:2")
    emit(world, ["leader_b"], key="e:3")
    client = world.client("leader_a")
    page = client.get(f"/p/{world.partnership.pk}/").content.decode()
    assert re.search(r"Notices <span class=\"badge\">2<span class=\"sr-only\"> unread", page)
    with CaptureQueriesContext(connection) as queries:
        client.get("/accounts/")
    # one COUNT, or none: the count is cached under the data version stamp (core.freshness)
    assert sum("notices_notice" in q["sql"] for q in queries.captured_queries) <= 1
    assert "unread" not in world.client("staff_b").get("/accounts/").content.decode().split("</header>")[0]


def test_the_header_count_follows_notices_read_and_made(world):
    first, = emit(world, ["leader_a"], key="e:1")
    client = world.client("leader_a")

    def badge() -> str:
        header = client.get("/accounts/").content.decode().split("</header>")[0]
        found = re.search(r'Notices <span class="badge">(\d+)', header)
        return found.group(1) if found else "none"

    assert badge() == "1"
    emit(world, ["leader_a"], key="e:2")
    assert badge() == "2"
    assert client.post(f"/notices/{first.pk}/read/").status_code == 302
    assert badge() == "1"
    world.client("leader_b").get("/accounts/")  # someone else's count is their own
    assert badge() == "1"


def test_mark_one_and_mark_all_read(world):
    first, = emit(world, ["leader_a"], key="e:1")
    emit(world, ["leader_a"], key="e:2")
    other, = emit(world, ["leader_b"], key="e:3")
    client = world.client("leader_a")
    assert client.post(f"/notices/{first.pk}/read/").status_code == 302
    first.refresh_from_db()
    assert first.read_at is not None
    assert Notice.objects.filter(read_at__isnull=True, person=world.people["leader_a"]).count() == 1
    client.post("/notices/read/")
    assert not Notice.objects.filter(read_at__isnull=True, person=world.people["leader_a"]).exists()
    other.refresh_from_db()
    assert other.read_at is None  # leader_b's notice untouched by leader_a's "mark all"


def test_someone_elses_notice_is_not_found_and_left_unread(world):
    other, = emit(world, ["leader_b"], key="e:1")
    assert world.client("leader_a").post(f"/notices/{other.pk}/read/").status_code == 404
    assert world.client("leader_a").post("/notices/999999/read/").status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_signed_out_visitors_are_sent_to_sign_in(world):
    assert world.client("anonymous").get("/notices/").status_code == 302
    assert world.client("anonymous").get("/notices/preferences/").status_code == 302


def test_a_notice_for_a_person_of_another_partnership_is_refused(world):
    import pytest

    with pytest.raises(ValueError, match="not recorded"):
        emit(world, ["outsider"], key="e:1")  # outsider's Person row belongs to the other partnership


def test_the_same_event_twice_makes_one_notice(world):
    assert len(emit(world, ["leader_a"], key="e:1")) == 1
    assert emit(world, ["leader_a"], key="e:1") == []
    assert Notice.objects.count() == 1
