"""The register of personal data: every model that holds it says so here, from its app's `ready()`.

Each app keeps its declarations in `<app>/personal_data.py` and registers them in `AppConfig.ready()`
with `register(...)`. The privacy engine (`accord.privacy`) reads only this register: it finds a
person's rows, exports them and erases them without importing any domain by name.

A declaration names, for one model:
- `fields`: each field that holds personal data, and what erasure does to it (an `Erase` value);
- `subject`: the lookups that find a person's rows (`Find.PERSON` paths reach a partners.Person,
  `Find.USER` paths an account, `Find.EMAIL` and `Find.NAME` paths a text column);
- `partnership`: the lookup from the model to its partnership ("" for rows of the whole site, such as
  accounts), so a manager's request reaches only that partnership's rows; several lookups joined by "|"
  when a row reaches its partnership by one of them (a decision taken in a meeting or between meetings);
- `purpose`, `basis` (the UK GDPR Article 6 lawful basis), `who` (who can see it), `retention` (in
  words; a `Retention` rule enforces it where the data is not kept for the partnership's life);
- `confidential`: a filter for rows a partnership's manager never sees by person (an answer to a confidential
  survey: whether someone answered is not theirs to know); a manager's subject access and erasure leave them
  out (they hold nothing personal once the rows they point to are erased), the person's own copy and a site
  administrator's include them;
- `made_from_records`: the rows are files made from the partnership's records (a report), which may name
  anyone in it: an erasure deletes every such row of the person's partnerships, whoever asked for it
  (their own copy and a manager's still list only the person's own);
- `on_erase`: "fields" (apply each field's action, keep the row), "delete" (delete the row), or a
  hook `erase(rows, subject)` that the app provides when it must erase its own way (the mailing
  list's suppression list, the library's sealed access record).

The detection rule (tests/privacy/test_register.py): a model holds personal data when it has an
EmailField, a GenericIPAddressField, a foreign key or many-to-many to the user model or to
partners.Person, or a field whose name is one of PERSONAL_NAMES. Every such model must be declared;
a field the rule flags that is not personal is listed in the declaration's `not_personal`, with why.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# Field names that hold a person's name, words about a person, or a trace of them.
PERSONAL_NAMES = frozenset({
    "name", "full_name", "person_name", "user_label", "actor_label", "delegate_name", "respondent", "email",
    "ip", "ip_address", "user_agent", "author_name", "signed_by_name",
})


class Erase(enum.StrEnum):
    KEEP = "keep"  # kept as it is (it identifies nobody once the rows it points to are pseudonymised)
    PSEUDONYMISE = "pseudonymise"  # replaced with "Former member E<n>" (n: the erasure) (or an address that goes nowhere)
    BLANK = "blank"  # emptied ("" or NULL)
    UNLINK = "unlink"  # a foreign key set to NULL
    SCRUB = "scrub"  # free text: the person's names and addresses replaced with "[erased]"


class Find(enum.StrEnum):
    PERSON = "person"
    USER = "user"
    EMAIL = "email"
    NAME = "name"


@dataclass(frozen=True)
class Retention:
    """A retention rule: rows older than the setting's days are removed or pseudonymised by the periodic
    task. `due(partnership_or_None, cutoff)` returns the queryset of rows past the period; `apply(qs)`
    removes them and returns how many rows it changed."""

    key: str
    setting: str
    default_days: int
    describe: str
    due: Callable[[Any, Any], Any]
    apply: Callable[[Any], int] | None  # None: the rows are Person rows, erased everywhere by the engine


@dataclass(frozen=True)
class Declaration:
    model: str  # "app_label.ModelName"
    fields: dict[str, Erase]
    purpose: str
    basis: str
    who: str
    retention: str
    subject: dict[str, Find]
    partnership: str = "partnership"
    on_erase: str | Callable[[Any, Any], int] = "fields"
    not_personal: dict[str, str] = field(default_factory=dict)
    retention_rules: tuple[Retention, ...] = ()
    confidential: dict[str, Any] = field(default_factory=dict)
    made_from_records: bool = False

    @property
    def app_label(self) -> str:
        return self.model.split(".", 1)[0]

    def model_class(self) -> Any:
        from django.apps import apps

        return apps.get_model(self.model)


REGISTER: dict[str, Declaration] = {}

BASES = {
    "legitimate interests": "Legitimate interests (Article 6(1)(f)): running the partnership the organisations "
                            "agreed to.",
    "contract": "Contract (Article 6(1)(b)): the person's own account and what they asked for.",
    "consent": "Consent (Article 6(1)(a)): given, recorded and withdrawable.",
    "legal obligation": "Legal obligation (Article 6(1)(c)): records the law requires us to keep.",
}


def register(*declarations: Declaration) -> None:
    for d in declarations:
        if d.basis not in BASES:
            raise ValueError(f"{d.model}: lawful basis {d.basis!r} is not one of {sorted(BASES)}")
        REGISTER[d.model.lower()] = d


# Models the detection rule flags that hold no personal data: label -> {field: why not}.
EXEMPT: dict[str, dict[str, str]] = {}


def exempt(model: str, **fields: str) -> None:
    EXEMPT.setdefault(model.lower(), {}).update(fields)


def declarations() -> list[Declaration]:
    return sorted(REGISTER.values(), key=lambda d: d.model.lower())


def declared(model: Any) -> Declaration | None:
    return REGISTER.get(model._meta.label_lower)


def retention_rules() -> list[Retention]:
    return [r for d in declarations() for r in d.retention_rules]
