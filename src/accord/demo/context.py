"""What the demo's steps share: the partnership, its organisations, people and users by short name,
and one seeded random generator so that every run builds the same data."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

# The demo's story runs over three years to the recent past, on fixed dates, so it is the same every run.
START = dt.date(2023, 10, 1)
END = dt.date(2026, 10, 31)
LEADER_CHANGE = dt.date(2025, 2, 1)  # Change Path's chief executive leaves at the end of January 2025


@dataclass
class DemoContext:
    partnership: Any
    orgs: dict[str, Any] = field(default_factory=dict)  # short key -> Organisation
    people: dict[str, Any] = field(default_factory=dict)  # short key -> Person
    users: dict[str, Any] = field(default_factory=dict)  # short key -> User
    areas: list[str] = field(default_factory=list)
    rng: random.Random = field(default_factory=lambda: random.Random(20161))
    extra: dict[str, Any] = field(default_factory=dict)  # anything one step leaves for a later one

    @property
    def national(self) -> list[Any]:
        return [self.orgs["survivors"], self.orgs["perpetrators"], self.orgs["investment"]]
