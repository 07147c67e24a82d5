"""A small reader of gettext .po files for the catalogue tests (no extra dependency)."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)  # "templates/trust/survey_start.html" (no line)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self) -> tuple[str, str | None]:
        return (self.msgid, self.msgid_plural)

    @property
    def translated(self) -> bool:
        return "fuzzy" not in self.flags and bool(self.msgstr) and all(s.strip() for s in self.msgstr)


def read(path: Path) -> list[Entry]:
    """The entries of a catalogue, without its header; obsolete (#~) entries are marked, not read."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: str | None = None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if current is not None and (current.msgid or current.obsolete):
                entries.append(current)
            current, target = None, None
            continue
        if current is None:
            current = Entry()
        if line.startswith("#~"):
            current.obsolete = True
        elif line.startswith("#:"):
            current.locations += [loc.rsplit(":", 1)[0] for loc in line[2:].split()]
        elif line.startswith("#,"):
            current.flags |= {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        else:
            match = re.match(r'(msgid_plural|msgid|msgstr(?:\[\d\])?)\s+(".*")$', line)
            if match:
                target, value = match.group(1), ast.literal_eval(match.group(2))
                if target.startswith("msgstr"):
                    current.msgstr.append(value)
                else:
                    setattr(current, target, value)
            elif target is not None:
                value = ast.literal_eval(line)
                if target.startswith("msgstr"):
                    current.msgstr[-1] += value
                elif target == "msgid_plural":
                    current.msgid_plural = (current.msgid_plural or "") + value
                else:
                    current.msgid += value
    return [e for e in entries if not e.obsolete]


def header(path: Path) -> str:
    """The catalogue's header (the msgstr of the empty msgid)."""
    text = path.read_text(encoding="utf-8")
    match = re.search(r'msgid ""\nmsgstr ""\n((?:".*"\n)+)', text)
    return "".join(ast.literal_eval(line) for line in match.group(1).splitlines()) if match else ""
