from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from accord.privacy.register_doc import DOC, render


class Command(BaseCommand):
    help = "Print the record of processing (docs/privacy.md) from the register; --write updates the file."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--write", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        text = render()
        if options["write"]:
            DOC.write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {DOC}")
        else:
            self.stdout.write(text)
