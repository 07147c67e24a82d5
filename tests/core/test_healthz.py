from django.test import Client


def test_it_reports_database_and_queue(db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok" and body["queue"] == "ok"


def test_it_says_so_when_the_database_is_down(db, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise RuntimeError("database unreachable")

    monkeypatch.setattr("accord.core.views.connection", Unreachable())
    response = Client().get("/healthz")
    assert response.status_code == 503 and response.json()["database"] == "error"


# --- the background worker's heartbeat ------------------------------------------------------------

import time  # noqa: E402

import pytest  # noqa: E402


@pytest.fixture
def real_queue(monkeypatch):
    """A queue that is not run in the web process (as in production), on huey's in-memory store."""
    from huey.contrib.djhuey import HUEY
    from huey.storage import MemoryStorage

    monkeypatch.setattr(HUEY, "_immediate", False)
    monkeypatch.setattr(HUEY, "storage", MemoryStorage("accord-health"))
    return HUEY


def test_a_worker_never_seen_is_reported_down(db, real_queue):
    body = Client().get("/healthz").json()
    assert body["worker"] == "down" and body["status"] == "degraded"
    assert Client().get("/healthz?worker=required").status_code == 503  # for monitors that page someone


def test_a_worker_that_beats_is_ok_and_one_gone_quiet_is_down(db, real_queue, settings):
    from accord.core.tasks import HEARTBEAT_KEY, worker_heartbeat

    worker_heartbeat.call_local()
    response = Client().get("/healthz?worker=required")
    assert response.status_code == 200 and response.json()["worker"] == "ok"
    real_queue.put(HEARTBEAT_KEY, time.time() - settings.ACCORD_WORKER_STALE_SECONDS - 5)
    assert Client().get("/healthz").json()["worker"] == "down"


def test_the_heartbeat_runs_every_minute():
    import datetime as dt

    from accord.core.tasks import worker_heartbeat

    task = worker_heartbeat.s()
    assert all(task.validate_datetime(dt.datetime(2026, 1, 1, h, m)) for h, m in [(0, 0), (3, 17), (23, 59)])


def test_an_unreachable_queue_store_is_an_error(db, monkeypatch):
    from huey.contrib.djhuey import HUEY
    from huey.storage import RedisStorage

    monkeypatch.setattr(HUEY, "_immediate", False)
    monkeypatch.setattr(HUEY, "storage", RedisStorage(name="down", url="redis://127.0.0.1:1/0"))
    response = Client().get("/healthz")
    assert response.status_code == 503 and response.json()["queue"] == "error"
