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


class ReferenceMismatch(AssertionError):
    """A benchmark's results differ from its reference: `make bench` fails (exit status 1)."""


def expect_same(name: str, differences: int, unit: str = "differences") -> None:
    """Print `name: N unit`, then raise ReferenceMismatch unless N is 0.

    Every benchmark that compares its results with a reference (another implementation, or what
    should have happened) calls this, so a difference fails the run instead of scrolling past."""
    print(f"{name}: {differences} {unit}", flush=True)
    if differences:
        raise ReferenceMismatch(f"{name}: {differences} {unit} from the reference (expected 0)")
