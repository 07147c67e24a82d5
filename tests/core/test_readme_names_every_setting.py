"""The README is where an administrator learns the settings: every one that settings.py reads from the
environment is in its tables (a new setting without a line there fails here)."""

import re

from tests.conftest import ROOT


def test_every_environment_setting_is_in_the_readme():
    source = (ROOT / "src" / "accord" / "settings.py").read_text()
    names = set(re.findall(r'env(?:int|bool|float|list)?\(\s*"([A-Z0-9_]+)"', source))
    readme = (ROOT / "README.md").read_text()
    assert len(names) > 50
    assert sorted(n for n in names if f"`{n}`" not in readme) == []
