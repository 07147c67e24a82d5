"""A benchmark that compares with a reference fails the run when the results differ (cheap: no bench runs)."""

from __future__ import annotations

import types

import bench.__main__ as runner
import pytest
from bench.support import ReferenceMismatch, expect_same


def test_no_difference_passes_and_prints(capsys):
    expect_same("x.differences_from_reference", 0, "measures")
    assert capsys.readouterr().out == "x.differences_from_reference: 0 measures\n"


def test_a_difference_raises():
    with pytest.raises(ReferenceMismatch, match="3 measures"):
        expect_same("x.differences_from_reference", 3, "measures")


def test_make_bench_exits_non_zero_when_a_benchmark_differs(monkeypatch, capsys):
    def differs() -> None:
        expect_same("fake.differences_from_reference", 1)

    monkeypatch.setattr(runner.pkgutil, "iter_modules", lambda paths: [types.SimpleNamespace(name="fake")])
    monkeypatch.setattr(runner.importlib, "import_module", lambda name: types.SimpleNamespace(run=differs))
    assert runner.main([]) == 1
    assert "fake: FAILED" in capsys.readouterr().out
    monkeypatch.setattr(runner.importlib, "import_module", lambda name: types.SimpleNamespace(run=lambda: None))
    assert runner.main([]) == 0
