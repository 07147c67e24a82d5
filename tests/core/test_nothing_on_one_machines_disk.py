"""What one machine keeps on its own disk, another does not see: `accord check` names each such thing
when the database or Redis is reached over the network (core/checks.py), and files can be kept on any
Django storage, named in the environment (settings.STORAGES)."""

import os
import subprocess
import sys
from pathlib import Path

from django.core.files.storage import storages

from accord.core import checks
from accord.privacy.models import SubjectAccess

SRC = str(Path(__file__).resolve().parents[2] / "src")


def _ids(settings):
    return sorted(w.id for w in checks.nothing_on_local_disk_that_another_machine_needs())


def test_local_services_are_one_machine():
    assert checks._on_this_machine("127.0.0.1") and checks._on_this_machine("localhost")
    assert checks._on_this_machine("") and checks._on_this_machine("/var/run/postgresql")
    assert checks._on_this_machine("::1")
    assert not checks._on_this_machine("db.internal") and not checks._on_this_machine("10.0.0.5")


def test_with_shared_redis_each_thing_on_this_disk_is_named(settings, tmp_path):
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    settings.SECRET_KEY_GENERATED = True
    assert _ids(settings) == []  # Redis on this machine: one machine
    settings.REDIS_URL = "redis://redis.internal:6379/0"
    settings.ACCORD_LEDGER_KEY_FILE = tmp_path / "missing.key"
    settings.ACCORD_LEDGER_SIGNING_KEY_FILE = tmp_path / "missing-signing.key"
    settings.EMAIL_URL, settings.EMAIL_FILE_PATH = "file:///srv/mail", "/srv/mail"
    found = checks.nothing_on_local_disk_that_another_machine_needs()
    assert sorted(w.id for w in found) == ["accord.W001", "accord.W002", "accord.W002", "accord.W004",
                                           "accord.W004", "accord.W005"]
    assert "Set the same SECRET_KEY" in found[0].hint
    settings.ACCORD_ONE_MACHINE = True
    assert _ids(settings) == []


def test_a_shared_database_without_redis_is_named(settings, monkeypatch):
    monkeypatch.setattr(checks, "shared_services", lambda: ["the database"])
    settings.REDIS_URL = ""
    assert "accord.W003" in _ids(settings)


def test_the_access_record_keys_and_secret_key_present_are_not_named(settings, tmp_path):
    settings.REDIS_URL = "redis://redis.internal:6379/0"
    settings.SECRET_KEY_GENERATED = False
    for name in ("k", "s"):
        (tmp_path / name).write_text("x" * 64)
    settings.ACCORD_LEDGER_KEY_FILE, settings.ACCORD_LEDGER_SIGNING_KEY_FILE = tmp_path / "k", tmp_path / "s"
    assert _ids(settings) == ["accord.W004", "accord.W004"]  # only the file-system storages remain


def test_subject_access_files_use_the_private_storage():
    assert SubjectAccess._meta.get_field("file").storage is storages["private"]


def _settings(expr: str, **env) -> subprocess.CompletedProcess:
    full = {**{k: v for k, v in os.environ.items() if not k.endswith("STORAGE_OPTIONS")}, **env, "PYTHONPATH": SRC}
    return subprocess.run([sys.executable, "-c", f"import accord.settings as s; print({expr})"], env=full,
                          capture_output=True, text=True)


def test_storages_are_named_in_the_environment(tmp_path):
    out = _settings("s.STORAGES['default'], s.STORAGES['private']", ACCORD_VAR_DIR=str(tmp_path),
                    FILE_STORAGE="django.core.files.storage.InMemoryStorage",
                    FILE_STORAGE_OPTIONS='{"base_url": "/files/"}').stdout
    assert "'BACKEND': 'django.core.files.storage.InMemoryStorage', 'OPTIONS': {'base_url': '/files/'}" in out
    assert f"'location': '{tmp_path / 'private'}'" in out  # private: a folder outside MEDIA_ROOT by default
    bad = _settings("1", ACCORD_VAR_DIR=str(tmp_path), PRIVATE_FILE_STORAGE_OPTIONS="bucket=accord")
    assert bad.returncode != 0 and "PRIVATE_FILE_STORAGE_OPTIONS must be a JSON object" in bad.stderr
