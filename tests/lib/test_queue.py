"""With the queue's store or the cache unreachable (Redis on a closed port), an action that needs it
says it was not done, changes nothing and queues nothing for later: never a 500, never "sent"."""

import datetime as dt
import socket

import pytest
from django.test import Client

from accord.lib import queue
from accord.mailing import sending
from accord.mailing.models import Campaign, Delivery, Subscriber
from tests.mailing.conftest import lists, signup_data, subscribe  # noqa: F401 - fixtures

NOT_DONE = "This was not done"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the socket is


def _take_down(monkeypatch) -> None:
    """The task queue on Redis at a port where nothing listens, as with a REDIS_URL whose server is down."""
    from huey.contrib.djhuey import HUEY
    from huey.storage import RedisStorage

    monkeypatch.setattr(HUEY, "_immediate", False)
    monkeypatch.setattr(HUEY, "storage", RedisStorage(name="accord-down", url=f"redis://127.0.0.1:{_closed_port()}/0"))


@pytest.fixture
def queue_down(monkeypatch):
    _take_down(monkeypatch)


@pytest.fixture
def cache_down(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0"}}


def test_check_and_enqueue_raise_unavailable(queue_down):
    from accord.core.tasks import worker_heartbeat

    with pytest.raises(queue.Unavailable):
        queue.check()
    with pytest.raises(queue.Unavailable):
        queue.enqueue(worker_heartbeat)


def test_a_public_sign_up_says_it_was_not_done_and_keeps_nothing(lists, queue_down, smtp):  # noqa: F811
    response = Client().post("/lists/news/", signup_data(lists.shared, "queue-down@example.org"))
    assert response.status_code in (400, 503) and NOT_DONE in response.content.decode()
    assert "Check your inbox" not in response.content.decode()
    assert not Subscriber.objects.filter(email="queue-down@example.org").exists() and smtp.messages == []


def test_asking_for_the_preferences_link_says_it_was_not_sent(lists, queue_down):  # noqa: F811
    subscribe(lists.shared, "prefs-down@example.org")
    response = Client().post("/lists/news/preferences/", {"email": "prefs-down@example.org"})
    assert response.status_code == 503 and NOT_DONE in response.content.decode()


def test_sending_a_campaign_from_its_page_is_refused_and_nothing_is_queued(world, lists, queue_down):  # noqa: F811
    subscribe(lists.shared, "reader@example.org")
    campaign = sending.campaign_save(actor=None, mailing_list=lists.shared, subject="News", body="Hello")
    url = f"/p/{world.partnership.pk}/lists/{lists.shared.pk}/campaigns/{campaign.pk}/"
    response = world.client("manager").post(url, {"action": "send", "send_at": ""})
    assert response.status_code == 400 and NOT_DONE in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT and not Delivery.objects.exists()  # nothing for later


def test_the_api_answers_503_with_the_reason(world, monkeypatch):
    from accord.governance import services
    from accord.governance.models import Meeting

    series = services.series_create(actor=world.users["manager"], partnership=world.partnership, title="Board",
                                    rrule="FREQ=MONTHLY;BYDAY=1TU", starts_on=dt.date(2024, 1, 1),
                                    start_time=dt.time(10, 0), time_zone="Europe/London", duration_minutes=60,
                                    place="Online", notify=False)
    meeting = series.meetings.first()
    _take_down(monkeypatch)
    url = f"/api/partnerships/{world.partnership.pk}/meetings/{meeting.pk}/cancel"
    response = world.client("manager").post(url, {}, content_type="application/json")
    assert response.status_code == 503 and NOT_DONE in response.json()["detail"]
    assert not Meeting.objects.get(pk=meeting.pk).is_cancelled


def test_opening_a_survey_that_e_mails_invitations_is_refused(world, queue_down):
    from accord.trust.models import Wave
    from tests.trust.conftest import open_wave

    with pytest.raises(queue.Unavailable):
        open_wave(world, send=True)
    assert not Wave.objects.exists()


def test_a_meeting_series_that_sends_invitations_is_refused(world, queue_down):
    from accord.governance import services
    from accord.governance.models import MeetingSeries

    with pytest.raises(queue.Unavailable):
        services.series_create(actor=world.users["manager"], partnership=world.partnership, title="Board",
                               rrule="FREQ=MONTHLY;BYDAY=1TU", starts_on=dt.date(2024, 1, 1),
                               start_time=dt.time(10, 0), time_zone="Europe/London", duration_minutes=60,
                               place="Online", notify=True)
    assert not MeetingSeries.objects.exists()


def test_an_uncaught_unavailable_is_a_503_page_not_a_500(world, monkeypatch):
    def boom(*args, **kwargs):
        raise queue.Unavailable()

    monkeypatch.setattr("accord.core.views.policy.get_partnership", boom)
    response = world.client("manager").get(f"/p/{world.partnership.pk}/audit/")
    assert response.status_code == 503 and NOT_DONE in response.content.decode()


def test_with_the_cache_down_a_sign_up_is_not_a_500(lists, cache_down):  # noqa: F811
    response = Client().post("/lists/news/", signup_data(lists.shared, "cache-down@example.org"))
    assert response.status_code in (400, 503) and "cannot be reached" in response.content.decode()


def test_every_task_a_service_queues_is_bound_to_its_huey_task():
    """Services name their app's tasks through queue.Later slots that AppConfig.ready() binds; one left
    unbound would fail only when that action is first used."""
    from accord.lib.queue import Later

    assert len(Later.made) >= 7
    assert [later.name for later in Later.made if not later.bound] == []
    from huey.api import TaskWrapper

    assert all(isinstance(later._task, TaskWrapper) for later in Later.made)  # huey tasks, not plain functions
