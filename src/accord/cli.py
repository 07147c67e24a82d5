"""The `accord` command: Django's management commands under Accord's settings.

    accord migrate          accord demo [--organisations 500]     accord run_huey
    accord runserver        accord verify-access-log              accord createsuperuser
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    if len(argv) > 1 and "-" in argv[1] and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")  # accord verify-access-log -> verify_access_log
    argv[0] = "accord"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
