"""Demo data for health. Filled in by the health work; until then it adds nothing."""

from __future__ import annotations

from .context import DemoContext


def build(ctx: DemoContext) -> None:
    return None
