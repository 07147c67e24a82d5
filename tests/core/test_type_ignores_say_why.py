"""Every `# type: ignore[...]` in Accord's code names the error it silences and says why after it, so a
reader can tell a library's missing types from a mistake hidden from the type checker (issue 18)."""

from __future__ import annotations

import re
from pathlib import Path

import accord

IGNORE = re.compile(r"#\s*type:\s*ignore(?P<codes>\[[^\]]*\])?(?P<rest>.*)$")


def unexplained(text: str) -> list[int]:
    """Line numbers of ignores without an error code, or without a reason written after it."""
    bad = []
    for number, line in enumerate(text.splitlines(), start=1):
        found = IGNORE.search(line)
        if found and (not found["codes"] or not re.match(r"\s+#\s*\S", found["rest"])):
            bad.append(number)
    return bad


def test_every_type_ignore_names_its_error_and_says_why() -> None:
    source = Path(accord.__file__).parent
    bad = [f"{path.relative_to(source)}:{line}" for path in sorted(source.rglob("*.py"))
           if "migrations" not in path.parts for line in unexplained(path.read_text())]
    assert not bad, f"# type: ignore[code] without a reason after it: {bad}"


def test_the_check_catches_a_bare_ignore_and_one_without_a_reason() -> None:
    assert unexplained("x = f()  # type: ignore\ny = g()  # type: ignore[misc]\n") == [1, 2]
    assert unexplained("z = h()  # type: ignore[misc]  # huey is untyped\n") == []
