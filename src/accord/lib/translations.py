"""Compile the Welsh (and any other) catalogues when a .po is newer than its .mo.

`make` does this before `make run` and `make test` (the Makefile's `messages` target); the test suite
calls it too (tests/conftest.py), so that a bare `pytest` after editing a .po sees the new words.
The .mo files are not committed: they are built from the .po files, which are the source."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent


def catalogues() -> list[Path]:
    """Every .po file of Accord: one per app and language (src/accord/<app>/locale/<lang>/LC_MESSAGES)."""
    return sorted(SRC.glob("*/locale/*/LC_MESSAGES/django.po"))


def compile_stale() -> list[Path]:
    """Compile each .po whose .mo is missing or older; returns the .po files compiled. The .mo is written
    beside and then renamed into place, so parallel test workers never read half a file."""
    done = []
    for po in catalogues():
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        fd, tmp = tempfile.mkstemp(dir=po.parent, suffix=".mo.tmp")
        os.close(fd)
        try:
            subprocess.run(["msgfmt", "--check", "-o", tmp, str(po)], check=True, capture_output=True)
            os.replace(tmp, mo)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        done.append(po)
    return done
