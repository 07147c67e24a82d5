"""Shared set-up for benchmarks that need Django: a fresh SQLite database in a temporary folder."""

from __future__ import annotations

import os
import resource
import tempfile


def django_setup() -> None:
    """Configure Django on a throwaway database (tasks run at once) and migrate it."""
    if os.environ.get("ACCORD_BENCH_READY"):
        return
    folder = tempfile.mkdtemp(prefix="accord-bench-")
    os.environ["ACCORD_VAR_DIR"] = folder
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
    os.environ["HUEY_IMMEDIATE"] = "True"
    os.environ.pop("DATABASE_URL", None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    os.environ["ACCORD_BENCH_READY"] = "1"


def peak_memory_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
