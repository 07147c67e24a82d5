"""Background work runs on huey: on SQLite by default, on Redis when REDIS_URL is set."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

from tests.conftest import needs_redis

SRC = str(Path(__file__).resolve().parents[2] / "src")


def _settings_value(expr: str, **env) -> str:
    full = {**os.environ, **env, "PYTHONPATH": SRC}
    code = f"import accord.settings as s; print({expr})"
    return subprocess.run([sys.executable, "-c", code], env=full, capture_output=True, text=True, check=True).stdout


def test_the_default_queue_is_sqlite_in_the_var_folder(tmp_path):
    out = _settings_value("s.HUEY['huey_class'], s.HUEY['filename']", ACCORD_VAR_DIR=str(tmp_path), REDIS_URL="")
    assert "SqliteHuey" in out and str(tmp_path) in out


def test_redis_url_moves_the_queue_and_cache_to_redis(tmp_path):
    out = _settings_value("s.HUEY['huey_class'], s.CACHES['default']['BACKEND']", ACCORD_VAR_DIR=str(tmp_path),
                          REDIS_URL="redis://127.0.0.1:6379/0")
    assert "RedisHuey" in out and "RedisCache" in out


@needs_redis
def test_a_task_round_trips_through_a_real_redis():
    from huey import PriorityRedisHuey

    huey = PriorityRedisHuey(name=f"accord-test-{uuid.uuid4().hex}", url="redis://127.0.0.1:6379/0")

    @huey.task()
    def add(a, b):
        return a + b

    result = add(2, 3)
    assert huey.pending_count() == 1
    task = huey.dequeue()
    huey.execute(task)
    assert result.get() == 5
    huey.storage.flush_all()


def test_the_sqlite_queue_round_trips(tmp_path):
    from huey import SqliteHuey

    huey = SqliteHuey(filename=str(tmp_path / "q.sqlite3"))

    @huey.task()
    def double(x):
        return 2 * x

    result = double(21)
    huey.execute(huey.dequeue())
    assert result.get() == 42
