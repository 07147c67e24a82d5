"""docs/privacy.md, written from the register (regenerate with `accord privacy_register --write`)."""

from __future__ import annotations

from pathlib import Path

from accord.core.personal import BASES, EXEMPT, Erase, declarations, retention_rules

DOC = Path(__file__).resolve().parents[3] / "docs" / "privacy.md"
COMMAND = "accord privacy_register --write"

ACTIONS = {
    Erase.KEEP: "kept",
    Erase.PSEUDONYMISE: "pseudonymised",
    Erase.BLANK: "emptied",
    Erase.UNLINK: "unlinked",
    Erase.SCRUB: "names and addresses in it replaced with [erased]",
}


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def render() -> str:
    lines = [
        "# Personal data in Accord: the record of processing",
        "",
        f"Generated from the register (`accord.core.personal`, filled by each app's `personal_data.py`) by "
        f"`{COMMAND}`; a test fails when this file is stale. Do not edit by hand.",
        "",
        "A model holds personal data when it has an e-mail or IP address field, a link to an account or to a "
        "partners.Person, or a field named like a person's name (`accord.core.personal.PERSONAL_NAMES`). "
        "Every such model is declared below; a test fails when one is not.",
        "",
        "## Lawful bases",
        "",
    ]
    lines += [f"- **{k}**: {v}" for k, v in BASES.items()]
    lines += ["", "## What is held", "",
              "| Record | Personal fields (on erasure) | Why | Lawful basis | Who sees it | How long | Erasure |",
              "|---|---|---|---|---|---|---|"]
    for d in declarations():
        fields = ", ".join(f"`{f}` ({ACTIONS[a]})" for f, a in d.fields.items())
        how = d.on_erase if isinstance(d.on_erase, str) else "its app's own erasure"
        how = {"fields": "row kept, fields as listed", "delete": "row deleted"}.get(how, how)
        lines.append("| " + " | ".join(_cell(x) for x in (
            f"`{d.model}`", fields, d.purpose, d.basis, d.who, d.retention, how)) + " |")
    lines += ["", "## Retention periods", "",
              "Enforced by the periodic task `privacy.tasks.enforce_retention` (daily, 03:40), which logs how many "
              "rows of each kind it removed, never what they held.", "",
              "| Setting | Default | What happens |", "|---|---|---|"]
    for r in retention_rules():
        unit = "hours after the file is ready" if r.key == "subject-access" else "days"
        default = "72" if r.key == "subject-access" else str(r.default_days)
        lines.append(f"| `{r.setting}` | {default} {unit} | {_cell(r.describe)} |")
    lines += ["", "## Fields the rule flags that are not personal", ""]
    for model, exempted in sorted(EXEMPT.items()):
        for f, why in sorted(exempted.items()):
            lines.append(f"- `{model}.{f}`: {why}")
    lines += ["", "## How erasure keeps the record honest", "",
              "- One transaction, every app, found through the register before anything changes.",
              "- A Person row is pseudonymised (\"Former member E<n>\"), not deleted: what points at it (sign-offs, "
              "attendance, actions, survey invitations) still counts, so figures are unchanged.",
              "- Survey ratings are by organisation and are not touched; invitations and imported answers lose "
              "the person's address and name. A manager's copy and erasure leave out answers to a confidential "
              "survey (whether someone answered is nobody's to know by person); the person's own copy holds them.",
              "- The library's access record seals each entry's reader through a salted fingerprint; erasure removes "
              "the reader and the salt, keeps the fingerprint, and the chain and its signed checkpoints still verify.",
              "- Audit entries are never deleted: the person's names and addresses are redacted from them.",
              "- Each erasure is recorded (reference, who, why with names removed, rows changed per kind).",
              "- Free text is searched for the person's full name and addresses; a first name alone, or a "
              "nickname, is not found. Another person with exactly the same full name in the same scope would "
              "have that name redacted from free text too.", ""]
    return "\n".join(lines)
