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
