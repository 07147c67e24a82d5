"""Demo data for governance. Filled in by the governance work; until then it adds nothing."""

from __future__ import annotations

from .context import DemoContext


def build(ctx: DemoContext) -> None:
    return None
