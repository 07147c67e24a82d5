"""The audit trail names each action in the reader's language ("Meeting moved", "Symudwyd cyfarfod") and keeps the
stored code beside it (the filter and the API read the code); every code the source records has a name."""

from __future__ import annotations

import ast
import html
from pathlib import Path

from django.utils import translation

from accord.core.audit import log_action
from accord.core.audit_words import ACTION_LABELS, action_label

SRC = Path(__file__).resolve().parents[2] / "src" / "accord"


def _recorded_codes() -> set[str]:
    """The codes given to log_action as text in the source (both sides of `a if c else b`)."""
    codes = set()
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None)) == "log_action"
                and len(node.args) >= 2
            ):
                arg = node.args[1]
                for choice in [arg.body, arg.orelse] if isinstance(arg, ast.IfExp) else [arg]:
                    if isinstance(choice, ast.Constant) and isinstance(choice.value, str):
                        codes.add(choice.value)
    return codes


def test_every_recorded_action_has_a_readable_name():
    codes = _recorded_codes()
    assert len(codes) > 100  # the scan finds the calls
    assert not codes - set(ACTION_LABELS), sorted(codes - set(ACTION_LABELS))
    # the codes made from parts
    assert {
        "charter.commitment.created",
        "charter.commitment.status",
        "charter.commitment.changed",
        "library.access.granted",
        "library.access.declined",
    } <= set(ACTION_LABELS)


def test_the_audit_trail_names_actions_in_welsh_and_keeps_the_code(world):
    log_action(world.users["manager"], "governance.meeting.moved", world.partnership)
    log_action(world.users["manager"], "admin.person.changed", world.partnership)
    log_action(world.users["manager"], "someapp.thing.unnamed", world.partnership)
    client = world.client("manager")
    url = f"/p/{world.partnership.pk}/audit/"
    welsh = html.unescape(client.get(url, {"lang": "cy"}).content.decode())
    assert "Symudwyd cyfarfod" in welsh and "Newidiwyd yng ngweinyddiaeth y safle: person" in welsh
    assert "Meeting moved" not in welsh and "governance.meeting.moved" in welsh
    assert "someapp.thing.unnamed" in welsh  # a code without a name shows as it is
    english = html.unescape(client.get(url, {"lang": "en"}).content.decode())
    assert "Meeting moved" in english and "Changed in the site administration: person" in english
    assert "governance.meeting.moved" in english and "Symudwyd" not in english
    # the filter still reads the stored code
    filtered = html.unescape(client.get(url, {"lang": "en", "action": "governance."}).content.decode())
    assert "Meeting moved" in filtered and "Changed in the site administration" not in filtered


def test_every_name_has_welsh():
    with translation.override("cy"):
        untranslated = [code for code, english in ACTION_LABELS.items() if action_label(code) == english]
    assert not untranslated, untranslated
