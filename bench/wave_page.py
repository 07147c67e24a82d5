"""The data reads of a named wave's page at 2,000 organisations (issue 21): the stored page summary against
working the pairs' count, extremes and network out from every stored pair on each view (main before the
summary), side by side in one run, CPU time, best of three. Two cases: nothing withheld (each organisation's
one respondent is enough: TRUST_NAMED_MIN_RESPONDENTS=1, as bench/pages.py) and half the organisations
withheld (the minimum 2, and the stored respondents of every other organisation set to 2), where the page
before worked betweenness out again for 2,000 organisations on every view. Checked: both give the same."""

from __future__ import annotations

import os
import time
from typing import Any

from .support import django_setup, expect_same

SIZE = int(os.environ.get("BENCH_WAVE_PAGE_SIZE", "2000"))


def _before(wave: Any) -> dict[str, Any]:
    """main's page reads: the result with its detail deferred, the detail read whole for the factors and
    changes, `named_detail` and the extremes sorted from every pair."""
    from accord.trust import selectors

    result = selectors.waves(wave.partnership).get(pk=wave.pk).result
    detail = result.detail
    _ = detail.get("factors", []), detail.get("changes", {})
    shown = selectors.named_detail(wave, result)
    pairs = shown["pairs"]
    rated = sorted(
        (p for p in pairs if p.get("trust") is not None), key=lambda p: (p["trust"], -p.get("trust_n", 0))
    )

    def brief(some: list[dict[str, Any]]) -> list[list[Any]]:
        return [[p["from"], p["about"], p["trust"], p.get("trust_n", 0)] for p in some]

    return {
        **{k: v for k, v in shown.items() if k != "pairs"},
        "pair_count": len(pairs),
        "lowest_pairs": brief(rated[:10]),
        "highest_pairs": brief(rated[::-1][:10]),
    }


def _after(wave: Any) -> dict[str, Any]:
    from accord.trust import selectors

    result = selectors.waves(wave.partnership).get(pk=wave.pk).result
    _ = selectors.stored_part(result, "factors"), selectors.result_changes(result)
    return selectors.named_summary(wave, result)


def _cpu(fn: Any, wave: Any) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(3):
        cpu = time.process_time()
        out = fn(wave)
        best = min(best, time.process_time() - cpu)
    return best, out


def _normal(shown: dict[str, Any]) -> Any:
    import json

    return json.loads(json.dumps(shown))  # tuples and lists alike, as the template sees them


def run() -> None:
    django_setup()
    from django.test.utils import override_settings

    from accord.trust import services
    from accord.trust.models import WaveResult

    from .waves import _build

    print(f"wave_page.load_average: {os.getloadavg()[0]:.1f} processes")
    started = time.perf_counter()
    wave, _answers = _build(SIZE, seed=21)
    with override_settings(DEBUG=False, TRUST_NAMED_MIN_RESPONDENTS=1):
        cpu = time.process_time()
        services.wave_close(actor=None, wave=wave)
        print(
            f"wave_page.close_{SIZE}: cpu {time.process_time() - cpu:.2f} s "
            f"(set up and close {time.perf_counter() - started:.0f} s wall)"
        )
        wave.refresh_from_db()
        size = len(str(WaveResult.objects.filter(wave=wave).values_list("page_summary", flat=True).first()))
        print(f"wave_page.summary_size_{SIZE}: {size / 1024:.0f} KB")
        for case, minimum in (("nothing_withheld", 1), ("half_withheld", 2)):
            if minimum == 2:  # every other organisation answered by two people
                result = WaveResult.objects.get(wave=wave)
                for i, o in enumerate(result.detail["orgs"]):
                    o["respondents"] = 2 if i % 2 else 1
                WaveResult.objects.filter(pk=result.pk).update(detail=result.detail)
            with override_settings(TRUST_NAMED_MIN_RESPONDENTS=minimum):
                cpu = time.process_time()
                _after(
                    wave
                )  # the first view after a change of the minimum works the summary out and stores it
                print(
                    f"wave_page.{case}_first_view_after_setting_change: cpu {time.process_time() - cpu:.3f} s"
                )
                before, old = _cpu(_before, wave)
                after, new = _cpu(_after, wave)
                print(f"wave_page.{case}_before: cpu {before * 1000:.0f} ms")
                print(f"wave_page.{case}_after: cpu {after * 1000:.0f} ms")
                expect_same(f"wave_page.{case}_differences", int(_normal(old) != _normal(new)), "results")


if __name__ == "__main__":
    run()
