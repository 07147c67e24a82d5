"""`accord demo`: load the demo partnership once (running it again changes nothing);
`accord demo --logins` prints the sign-ins; `accord demo --organisations 500` adds a large synthetic one."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from accord.demo import charter, delivery, governance, health, library, mailing, synthetic, trust
from accord.demo import partnership as demo_partnership

# Each domain's demo step, in the order their data depends on each other.
# Each domain builds its part in this order (later parts read earlier ones), named here so the
# dependency on each domain's demo module is visible, not loaded by name.
STEPS = [charter, delivery, governance, trust, library, mailing, health]


class Command(BaseCommand):
    help = "Load the demo partnership (once), print its sign-ins, or generate a large synthetic partnership."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--logins", action="store_true", help="Print the demo sign-ins and stop.")
        parser.add_argument("--organisations", type=int, default=0,
                            help="Generate a synthetic partnership with this many organisations.")
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["logins"]:
            self.stdout.write(f"\nDemo sign-ins (password for all: {demo_partnership.PASSWORD}):")
            for email, _, label in demo_partnership.logins():
                self.stdout.write(f"  {email:32} {label}")
            self.stdout.write("")
            return
        if options["organisations"]:
            p = synthetic.build(options["organisations"], seed=options["seed"])
            self.stdout.write(f"Made “{p.name}” with {options['organisations']} organisations.")
            return
        if demo_partnership.exists():
            self.stdout.write(f"The demo partnership “{demo_partnership.NAME}” is already loaded.")
            return
        ctx = demo_partnership.build()
        for step in STEPS:
            step.build(ctx)
        self.stdout.write(f"Loaded the demo partnership “{demo_partnership.NAME}”.")
