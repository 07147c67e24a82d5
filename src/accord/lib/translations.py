"""The translation catalogues: reading a .po file, and compiling it to the .mo that gettext reads.

Each app keeps `locale/<lang>/LC_MESSAGES/django.po` (the source, committed); the .mo beside it is built,
not committed. `make` builds the stale ones before `make run` and `make test` (`python -m
accord.lib.translations`), and the test suite does too (tests/conftest.py), so a bare `pytest` after
editing a .po sees the new words. The compiler is plain Python, so running Accord needs no gettext tools
(writing catalogues does: `makemessages` calls xgettext). docs/translating.md says how to translate."""

from __future__ import annotations

import ast
import os
import re
import struct
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent


@dataclass
class Entry:
    """One message of a catalogue."""

    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: list[str] = field(default_factory=list)  # one, or one per plural form
    locations: list[str] = field(default_factory=list)  # "templates/trust/survey_start.html" (no line)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    @property
    def translated(self) -> bool:
        """Has a Welsh (or other) text for every form, and no translator marked it as a guess."""
        return "fuzzy" not in self.flags and bool(self.msgstr) and all(s.strip() for s in self.msgstr)


def read(path: Path) -> list[Entry]:
    """Every entry of a .po file, the header first (msgid ""); obsolete (#~) entries are left out."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: str | None = None

    def close() -> None:
        if current is not None and not current.obsolete and (current.msgstr or current.msgid):
            entries.append(current)

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            continue
        starts_entry = line.startswith("#") or line.startswith(("msgctxt", "msgid ")) and target not in (None, "msgctxt")
        if current is None or (starts_entry and target is not None and target.startswith("msgstr")):
            close()
            current, target = Entry(), None
        if line.startswith("#~"):
            current.obsolete = True
        elif line.startswith("#:"):
            current.locations += [loc.rsplit(":", 1)[0] for loc in line[2:].split()]
        elif line.startswith("#,"):
            current.flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
        elif line.startswith("#"):
            continue
        else:
            match = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$', line)
            if match:
                target, value = match.group(1), ast.literal_eval(match.group(2))
                if target.startswith("msgstr"):
                    current.msgstr.append(value)
                else:
                    setattr(current, target, value)
            elif target is not None:  # a continued string
                value = ast.literal_eval(line)
                if target.startswith("msgstr"):
                    current.msgstr[-1] += value
                else:
                    setattr(current, target, (getattr(current, target) or "") + value)
    close()
    return entries


def compile_po(po: Path, mo: Path) -> None:
    """Write the GNU .mo of a .po, as msgfmt does: the header and every translated entry (empty and fuzzy
    ones are left out, so gettext falls back to the English or to the next catalogue)."""
    pairs: dict[bytes, bytes] = {}
    for e in read(po):
        if e.msgid and not e.translated:
            continue
        key = e.msgid if e.msgid_plural is None else f"{e.msgid}\0{e.msgid_plural}"
        if e.msgctxt is not None:
            key = f"{e.msgctxt}\x04{key}"
        pairs[key.encode()] = "\0".join(e.msgstr).encode()
    keys = sorted(pairs)
    ids, strs = b"", b""
    offsets = []
    for k in keys:
        offsets.append((len(ids), len(k), len(strs), len(pairs[k])))
        ids += k + b"\0"
        strs += pairs[k] + b"\0"
    start = 7 * 4 + 16 * len(keys)
    table = []
    for id_off, id_len, str_off, str_len in offsets:
        table.append((id_len, start + id_off, str_len, start + len(ids) + str_off))
    out = struct.pack("Iiiiiii", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + 8 * len(keys), 0, 0)
    out += b"".join(struct.pack("ii", n, o) for n, o, _, _ in table)
    out += b"".join(struct.pack("ii", n, o) for _, _, n, o in table)
    out += ids + strs
    fd, tmp = tempfile.mkstemp(dir=mo.parent, suffix=".mo.tmp")
    with os.fdopen(fd, "wb") as f:
        f.write(out)
    os.replace(tmp, mo)  # parallel test workers never read half a file


def catalogues() -> list[Path]:
    """Every .po file of Accord: one per app and language (src/accord/<app>/locale/<lang>/LC_MESSAGES)."""
    return sorted(SRC.glob("*/locale/*/LC_MESSAGES/django.po"))


def compile_stale() -> list[Path]:
    """Compile each .po whose .mo is missing or older; returns the .po files compiled."""
    done = []
    for po in catalogues():
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            compile_po(po, mo)
            done.append(po)
    return done


if __name__ == "__main__":
    for compiled in compile_stale():
        print(f"compiled {compiled.relative_to(SRC.parent.parent)}")
