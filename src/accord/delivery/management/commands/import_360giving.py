"""`accord import-360giving FILE --partnership N [--confirm]`: the 360Giving import from the command line,
for files too large to upload comfortably.

The same rules as the page: every grant is checked first and every problem is listed with its grant id
(exit status 1, nothing imported); without --confirm it only shows what would be imported; with
--confirm it imports every previewed grant or none.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accord.accounts.models import User
from accord.delivery import giving
from accord.lib import formatting, stored_text
from accord.partners.models import Partnership


class Command(BaseCommand):
    help = "Check a 360Giving JSON file against a partnership and, with --confirm, import its grants."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="The 360Giving JSON file.")
        parser.add_argument("--partnership", type=int, required=True, help="The partnership's id.")
        parser.add_argument("--confirm", action="store_true",
                            help="Import the grants (all or none). Without it, only show what would be imported.")
        parser.add_argument("--user", help="E-mail of the person doing the import, for the audit trail.")

    def handle(self, *args: Any, **options: Any) -> None:
        partnership = Partnership.objects.filter(pk=options["partnership"]).first()
        if partnership is None:
            raise CommandError(f"No partnership with id {options['partnership']}.")
        actor = None
        if options.get("user"):
            actor = User.objects.filter(email__iexact=options["user"]).first()
            if actor is None:
                raise CommandError(f"No user with the e-mail {options['user']}.")
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}.") from None

        def progress(done: int, total: int) -> None:
            if options["verbosity"] >= 1:
                self.stderr.write(f"Checked {done} of {total} grants…")

        try:
            if options["confirm"]:
                pending = giving.preview_create(actor=actor, partnership=partnership, filename=path.name, data=data,
                                                progress=progress)
                preview = pending.preview
            else:
                preview = giving.read(data, partnership, progress=progress)
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from None
        self._show(preview)
        if not options["confirm"]:
            self.stdout.write("Nothing was imported. Run again with --confirm to import these grants.")
            return
        try:
            created = giving.confirm(actor=actor, pending=pending)
        except ValidationError as exc:
            raise CommandError("Nothing was imported: " + " ".join(exc.messages)) from None
        self.stdout.write(f"Imported {formatting.count(len(created), 'funding stream')} into {partnership}.")

    def _show(self, preview: dict) -> None:
        streams, skipped = preview["streams"], preview["skipped"]
        self.stdout.write(f"Read {formatting.count(preview['read'], 'grant')}, all valid. {formatting.count(len(streams), 'grant')} will "
                          f"become funding streams; {formatting.count(len(skipped), 'grant')} {formatting.verb(len(skipped), 'is', 'are')} "
                          "left out.")
        for row in streams:
            self.stdout.write(f"  import  {row['grant_id']}  {row['recipient_name']}  {row['currency']} {row['amount']}"
                              f"  {row['start']} to {row['end']}")
        reasons: dict[str, int] = {}
        for row in skipped:
            reason = stored_text.english(row["reason"])
            reasons[reason] = reasons.get(reason, 0) + 1
        for reason, count in sorted(reasons.items()):
            self.stdout.write(f"  left out: {count} ({reason})")
        for warning in preview.get("warnings", []):
            self.stdout.write(f"Check: {stored_text.english(warning)}")
