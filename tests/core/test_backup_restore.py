"""The README's backup and restore commands work as written, restoring into a fresh database (exit 0).
The commands are read from the README itself, so the test follows any change to them."""

import os
import re
import shutil
import sqlite3
import subprocess
import uuid
from pathlib import Path

import pytest

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()
SECTION = README.split("## Backing up", 1)[1].split("\n## ", 1)[0]
COMMANDS = re.findall(r"`((?:pg_dump|pg_restore|sqlite3|createdb) [^`]+)`", SECTION)


def _command(start: str) -> str:
    return next(c for c in COMMANDS if c.startswith(start))


def _run(command: str, cwd: Path, env: dict | None = None) -> None:
    result = subprocess.run(["bash", "-c", command], cwd=cwd, capture_output=True, text=True,
                            env={**os.environ, **(env or {})})
    assert result.returncode == 0, f"{command}\n{result.stdout}{result.stderr}"


@pytest.mark.skipif(not shutil.which("sqlite3"), reason="the sqlite3 command is not installed")
def test_sqlite_backup_and_restore_into_a_fresh_database(tmp_path):
    (tmp_path / "var").mkdir()
    live = sqlite3.connect(tmp_path / "var" / "accord.sqlite3")
    live.execute("CREATE TABLE partners (name TEXT)")
    live.execute("INSERT INTO partners VALUES ('Alpha Charity')")
    live.commit()
    live.close()
    _run(_command("sqlite3 var/accord.sqlite3 \".backup"), tmp_path)
    (tmp_path / "var" / "accord.sqlite3").unlink()  # a fresh installation
    _run(_command("sqlite3 var/accord.sqlite3 \".restore"), tmp_path)
    restored = sqlite3.connect(tmp_path / "var" / "accord.sqlite3")
    assert restored.execute("SELECT name FROM partners").fetchall() == [("Alpha Charity",)]


def _postgres_up() -> bool:
    if not shutil.which("pg_restore"):
        return False
    return subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", "SELECT 1"],
                          capture_output=True).returncode == 0


@pytest.mark.skipif(not _postgres_up(), reason="no PostgreSQL on 127.0.0.1")
def test_postgres_restore_into_a_fresh_database(tmp_path):
    source, fresh = f"accord_bk_{uuid.uuid4().hex[:8]}", f"accord_rs_{uuid.uuid4().hex[:8]}"
    pg = {"PGHOST": "127.0.0.1", "PGUSER": "postgres"}
    try:
        _run(f"createdb {source} && psql -q -d {source} -c \"CREATE TABLE partners (name text); "
             f"INSERT INTO partners VALUES ('Alpha Charity')\"", tmp_path, pg)
        dump = _command("pg_dump").replace(" accord ", f" {source} ")
        _run(dump, tmp_path, pg)
        [dump_file] = tmp_path.glob("accord-*.dump")
        _run(_command("createdb accord").replace("accord", fresh), tmp_path, pg)
        restore = _command("pg_restore").replace("--dbname accord", f"--dbname {fresh}")
        _run(restore.replace("accord-….dump", dump_file.name), tmp_path, pg)
        out = subprocess.run(["psql", "-At", "-d", fresh, "-c", "SELECT name FROM partners"], capture_output=True,
                             text=True, env={**os.environ, **pg}).stdout
        assert out.strip() == "Alpha Charity"
        _run(restore.replace("accord-….dump", dump_file.name), tmp_path, pg)  # and again over itself
    finally:
        for name in (source, fresh):
            subprocess.run(["dropdb", "--if-exists", name], env={**os.environ, **pg}, capture_output=True)
