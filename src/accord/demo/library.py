"""Demo data for library. Filled in by the library work; until then it adds nothing."""

from __future__ import annotations

from .context import DemoContext


def build(ctx: DemoContext) -> None:
    return None
