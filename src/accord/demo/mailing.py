"""Demo data for mailing. Filled in by the mailing work; until then it adds nothing."""

from __future__ import annotations

from .context import DemoContext


def build(ctx: DemoContext) -> None:
    return None
