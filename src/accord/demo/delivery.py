"""Demo data for delivery. Filled in by the delivery work; until then it adds nothing."""

from __future__ import annotations

from .context import DemoContext


def build(ctx: DemoContext) -> None:
    return None
