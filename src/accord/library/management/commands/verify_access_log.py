"""`accord verify-access-log`: check every partnership's access record hash chain.

Exit status 0 when every chain holds, 1 when any breaks, with the entry number and what is wrong.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from accord.library import chain
from accord.partners.models import Partnership


class Command(BaseCommand):
    help = "Check the library's access record: each entry's hash and its link to the one before."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--partnership", type=int, help="Check only this partnership (its id).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options.get("partnership"):
            p = Partnership.objects.filter(pk=options["partnership"]).first()
            if p is None:
                raise CommandError(f"No partnership with id {options['partnership']}.")
            verdicts = [chain.verify(p)]
        else:
            verdicts = chain.verify_all()
        broken = 0
        for v in verdicts:
            if v.ok:
                self.stdout.write(f"OK      {v.partnership}: {v.entries} entries, chain whole")
                continue
            broken += 1
            self.stdout.write(f"BROKEN  {v.partnership}: {v.entries} entries, {len(v.breaks)} problem(s)")
            for b in v.breaks:
                where = f"entry {b.seq}" if b.seq is not None else "end of chain"
                self.stdout.write(f"        {where}: {b.problem}")
        if not verdicts:
            self.stdout.write("No access records yet.")
        if broken:
            raise CommandError(f"{broken} access record(s) broken.", returncode=1)
