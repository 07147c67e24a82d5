import os
import subprocess
import sys
from pathlib import Path

SRC = str(Path(__file__).resolve().parents[2] / "src")


def _load_settings(**env):
    full = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "DATABASE_URL")}
    full.update(env, PYTHONPATH=SRC)
    return subprocess.run([sys.executable, "-c", "import accord.settings"], env=full, capture_output=True, text=True)


def test_it_refuses_to_start_with_debug_off_and_no_secret_key(tmp_path):
    result = _load_settings(DEBUG="False", ACCORD_VAR_DIR=str(tmp_path))
    assert result.returncode != 0 and "SECRET_KEY is not set" in result.stderr


def test_it_starts_with_debug_off_and_a_secret_key(tmp_path):
    result = _load_settings(DEBUG="False", SECRET_KEY="x" * 50, ACCORD_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr


def test_a_secret_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    code = "import accord.settings as s; print(s.SECRET_KEY)"
    full = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    full.update(DEBUG="False", SECRET_KEY_FILE=str(secret), ACCORD_VAR_DIR=str(tmp_path), PYTHONPATH=SRC)
    result = subprocess.run([sys.executable, "-c", code], env=full, capture_output=True, text=True)
    assert result.stdout.strip() == "from-a-file"


def _database_settings(tmp_path, **env):
    code = "import accord.settings as s; d = s.DATABASES['default']; print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    full = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "DEBUG", "SECRET_KEY"))}
    full.update(env, SECRET_KEY="x" * 50, ACCORD_VAR_DIR=str(tmp_path), PYTHONPATH=SRC)
    result = subprocess.run([sys.executable, "-c", code], env=full, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_production_keeps_database_connections_open_and_checks_them(tmp_path):
    # a new connection per request cost /healthz three quarters of its throughput (issue 21)
    assert _database_settings(tmp_path, DEBUG="False") == ["600", "True"]
    assert _database_settings(tmp_path, DEBUG="False", DATABASE_URL="postgres://u@db:5432/accord") == ["600", "True"]
    # the development server starts a thread per request: there a kept connection would only pile up
    assert _database_settings(tmp_path, DEBUG="True") == ["0", "True"]
    assert _database_settings(tmp_path, DEBUG="False", DATABASE_CONN_MAX_AGE="0",
                              DATABASE_CONN_HEALTH_CHECKS="False") == ["0", "False"]
