"""`make bench`: run every benchmark module in bench/ (each has `run()` printing `name: value unit`).

Benchmarks set up Django themselves where they need it (bench.support.django_setup), on a throwaway
database (SQLite, or a new database on the PostgreSQL server DATABASE_URL names), so they never touch the
development data.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from pathlib import Path


def main(names: list[str]) -> int:
    here = Path(__file__).parent
    modules = [m.name for m in pkgutil.iter_modules([str(here)]) if not m.name.startswith("_") and m.name != "support"]
    chosen = [m for m in sorted(modules) if not names or m in names]
    failed = 0
    for name in chosen:
        module = importlib.import_module(f"bench.{name}")
        print(f"== {name} ==", flush=True)
        started = time.perf_counter()
        try:
            module.run()
        except Exception as exc:  # noqa: BLE001 - report and go on to the next benchmark
            failed += 1
            print(f"{name}: FAILED {exc!r}")
        print(f"{name}.wall: {time.perf_counter() - started:.1f} s", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
