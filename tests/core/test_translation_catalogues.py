"""The Welsh catalogues are complete where Accord promises Welsh, and never stale against the code.

- Each `src/accord/<app>/locale/cy/LC_MESSAGES/django.po` compiles with `msgfmt --check` (placeholders
  agree between English and Welsh) and has Django's four Welsh plural forms.
- Every message used by the public pages, the survey, sign-in and the shared layout (PROMISED, below) has
  a Welsh translation that is neither empty nor fuzzy.
- Running `accord makemessages -l cy` on a copy of each app that has a catalogue gives exactly the
  messages its catalogue has: a string marked in the code but not in the catalogue, or left in the
  catalogue after the code dropped it, fails (the fix: run makemessages in that app, translate, commit).
"""

from __future__ import annotations

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from accord.lib.translations import Entry, catalogues, compile_po, read
from tests.once import ONCE_ONLY

SRC = Path(__file__).resolve().parents[2] / "src" / "accord"
WELSH = [p for p in catalogues() if p.parts[-3] == "cy"]
# Whole catalogues that must be complete: every app that has one (a string marked for translation needs
# its Welsh before it lands). PROMISED names, within them, the public and survey files the issue promised
# first (paths as makemessages writes them, from the app's folder); it stays as a record of that promise.
COMPLETE_APPS = {"accounts", "analytics", "api", "charter", "core", "delivery", "discussions", "governance", "health",
                 "lib", "library", "mailing", "notices", "partners", "privacy", "reports", "trust"}
PROMISED = {
    "mailing": ("public_views.py", "forms.py:SignupForm", "services.py", "templates/mailing/public/"),
    "trust": ("questions.py", "forms.py", "services.py", "templates/trust/survey_", "templates/trust/_choices.html",
              "templates/trust/link_problem.html", "views.py"),
}


def _app(po: Path) -> str:
    return po.relative_to(SRC).parts[0]


def _promised(app: str, entry: Entry) -> bool:
    if app in COMPLETE_APPS:
        return True
    prefixes = tuple(p.split(":")[0] for p in PROMISED.get(app, ()))
    return any(loc.startswith(prefixes) for loc in entry.locations)


def test_there_are_welsh_catalogues_for_the_promised_apps() -> None:
    assert {_app(p) for p in WELSH} >= COMPLETE_APPS | set(PROMISED)


@pytest.mark.parametrize("po", WELSH, ids=_app)
def test_each_catalogue_compiles_with_welsh_plurals(po: Path) -> None:
    header = read(po)[0]
    assert header.msgid == "" and "nplurals=4; plural=(n==1) ? 0 : (n==2) ? 1 : (n != 8 && n != 11) ? 2 : 3;" in header.msgstr[0]
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("po", [p for p in WELSH if _app(p) in COMPLETE_APPS | set(PROMISED)], ids=_app)
def test_promised_messages_have_welsh(po: Path) -> None:
    app = _app(po)
    missing = [e.msgid for e in read(po)[1:] if _promised(app, e) and not e.translated]
    assert not missing, f"{po}: no Welsh (empty or fuzzy) for {missing}"


_MAKEMESSAGES = """
import os, sys, django
django.setup()
from django.core.management import call_command
for folder in sys.argv[1:]:
    os.chdir(folder)
    call_command("makemessages", locale=["cy"], verbosity=0)
"""


Keys = set[tuple[str | None, str, str | None]]


def fresh_messages(app_dirs: list[Path], tmp_path: Path) -> dict[str, Keys]:
    """The messages makemessages finds today in a copy of each app (the committed catalogues are untouched;
    the copies start with no catalogue, so this is xgettext alone, without msgmerge), in one process."""
    copies = []
    for app_dir in app_dirs:
        copy = tmp_path / app_dir.name
        shutil.copytree(app_dir, copy, ignore=shutil.ignore_patterns("__pycache__", "static", "LC_MESSAGES"))
        copies.append(copy)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "accord.settings"}  # makemessages reads no database
    result = subprocess.run([sys.executable, "-P", "-c", _MAKEMESSAGES, *map(str, copies)], cwd=tmp_path,
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    return {c.name: {e.key for e in read(c / "locale" / "cy" / "LC_MESSAGES" / "django.po")[1:]} for c in copies}


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Keys]:
    # and an app of one new sentence, for the check of the check (below)
    demo = tmp_path_factory.mktemp("src") / "demoapp"
    (demo / "locale").mkdir(parents=True)
    (demo / "words.py").write_text('from django.utils.translation import gettext as _\n_("A brand new sentence")\n')
    return fresh_messages([po.parents[3] for po in WELSH] + [demo], tmp_path_factory.mktemp("makemessages"))


@ONCE_ONLY
@pytest.mark.parametrize("po", WELSH, ids=_app)
def test_catalogue_matches_the_code(po: Path, fresh: dict[str, Keys]) -> None:
    app_dir = po.parents[3]
    committed = {e.key for e in read(po)[1:]}
    found = fresh[app_dir.name]
    assert not found - committed, (f"marked in the code but not in {po} (run `accord makemessages -l cy` in "
                                   f"{app_dir}, then translate): {sorted(found - committed)}")
    assert not committed - found, f"in {po} but no longer in the code: {sorted(committed - found)}"


@ONCE_ONLY
def test_the_stale_check_sees_a_new_message(fresh: dict[str, Keys]) -> None:
    """The check itself: a newly marked string in a copy of an app is found by makemessages."""
    assert fresh["demoapp"] == {(None, "A brand new sentence", None)}


@pytest.mark.parametrize("po", WELSH, ids=_app)
def test_the_compiler_gives_what_msgfmt_gives(po: Path, tmp_path: Path) -> None:
    """`make` compiles in plain Python (running Accord needs no gettext tools): the same messages as msgfmt."""
    ours, theirs = tmp_path / "ours.mo", tmp_path / "theirs.mo"
    compile_po(po, ours)
    subprocess.run(["msgfmt", "-o", str(theirs), str(po)], check=True)
    a, b = (gettext.GNUTranslations(path.open("rb"))._catalog for path in (ours, theirs))  # type: ignore[attr-defined]
    assert {k: v for k, v in a.items() if k} == {k: v for k, v in b.items() if k}
