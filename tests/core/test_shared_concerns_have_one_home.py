"""CSV and spreadsheet writing, rate limits, form-error rendering and audit entries each have one home.

A grep over src/accord: a second CSV writer (one that forgets to neutralise formulas), a second
rate-limit counter, a second way to put a service's errors on a form, or an audit entry written past
accord.core.audit fails here, naming the file. Move the code to the helper instead of widening a list.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "accord"

# (what, the pattern that writes it, the only files allowed to)
HOMES = [
    ("CSV/XLSX writing", re.compile(r"csv\.(writer|DictWriter)\(|\bopenpyxl\b|\bxlsxwriter\b"), {"lib/exports.py"}),
    ("rate-limit counting", re.compile(r"\bcache\.(incr|decr)\(|\.incr\(key"), {"lib/ratelimit.py"}),
    ("form errors from a ValidationError", re.compile(r"\.add_error\([^)]*(message_dict|error_dict|exc\.messages)"),
     {"lib/formerrors.py"}),
    ("audit entries written or redacted",
     re.compile(r"AuditEntry\.objects\.(create|bulk_create|update|delete)\(|AuditEntry\.objects\.[^\n]*\.(update|delete)\("),
     {"core/audit.py"}),
]


def _sources() -> list[tuple[str, str]]:
    return [(str(p.relative_to(SRC)), p.read_text()) for p in sorted(SRC.rglob("*.py")) if "migrations" not in p.parts]


@pytest.mark.parametrize(("what", "pattern", "homes"), HOMES, ids=[h[0] for h in HOMES])
def test_only_the_home_does_it(what, pattern, homes):
    elsewhere = [f"{path}:{text[:m.start()].count(chr(10)) + 1}" for path, text in _sources() if path not in homes
                 for m in pattern.finditer(text)]
    assert not elsewhere, f"{what} outside {sorted(homes)}: {elsewhere}"


@pytest.mark.parametrize(("what", "pattern", "homes"), HOMES, ids=[h[0] for h in HOMES])
def test_the_home_really_does_it(what, pattern, homes):
    """The patterns are alive: each matches in its home, so a typo cannot make the test above vacuous."""
    assert any(pattern.search(text) for path, text in _sources() if path in homes)
