"""`accord verify-access-log`: check every partnership's access record.

Checks each entry's seal (HMAC under the key file) and its link to the one before, the chain's head,
the signed checkpoints Accord keeps, and any checkpoint files given with `--checkpoint` (those a
partner kept). Exit status 0 when every record holds, 1 when any breaks, naming the first broken
entry and what is wrong.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accord.library import checkpoints, verification
from accord.partners.models import Partnership


class Command(BaseCommand):
    help = "Check the library's access record: each entry's seal, its link to the one before, and checkpoints."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--partnership", type=int, help="Check only this partnership (its id).")
        parser.add_argument("--checkpoint", action="append", default=[], metavar="FILE",
                            help="A checkpoint file a partner kept (may be given more than once).")

    def _held(self, paths: list[str]) -> list[checkpoints.Held]:
        held = []
        for name in paths:
            try:
                text = Path(name).read_bytes()
            except OSError as exc:
                raise CommandError(f"Cannot read the checkpoint file {name}: {exc.strerror}.") from None
            try:
                data = json.loads(text)
                p = Partnership.objects.filter(pk=data["checkpoint"]["partnership"]).first()
            except (ValueError, KeyError, TypeError):
                p = None
            if p is None:
                raise CommandError(f"{name} is not a checkpoint file of a partnership in this Accord.")
            try:
                held.append(checkpoints.parse(text, p))
            except ValidationError as exc:
                raise CommandError(f"{name}: {' '.join(exc.messages)}") from None
        return held

    def handle(self, *args: Any, **options: Any) -> None:
        held = self._held(options["checkpoint"])
        if options.get("partnership"):
            p = Partnership.objects.filter(pk=options["partnership"]).first()
            if p is None:
                raise CommandError(f"No partnership with id {options['partnership']}.")
            verdicts = [verification.verify(p, [h for h in held if h.payload["partnership"] == p.pk])]
        else:
            verdicts = verification.verify_all(held)
        broken = 0
        for v in verdicts:
            if v.ok:
                self.stdout.write(f"OK      {v.partnership}: {v.entries} entries, chain whole, "
                                  f"{v.checkpoints_checked} checkpoint(s) agree")
                continue
            broken += 1
            self.stdout.write(f"BROKEN  {v.partnership}: {v.entries} entries, {len(v.breaks)} problem(s)")
            for b in v.breaks:
                where = f"entry {b.seq}" if b.seq is not None else "end of chain"
                when = f" (written {b.at:%Y-%m-%d %H:%M:%S} UTC)" if b.at else ""
                self.stdout.write(f"        {where}{when}: {b.problem}")
        if not verdicts:
            self.stdout.write("No access records yet.")
        if broken:
            raise CommandError(f"{broken} access record(s) broken.", returncode=1)
