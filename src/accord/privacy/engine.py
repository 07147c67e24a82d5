"""Finding, exporting and erasing one person's rows across every app, by the register alone.

The engine never imports a domain: it reads `accord.core.personal.REGISTER`, where each app declared
its models. A `Subject` is everything that names the person within a scope (one partnership, or the
whole site): their e-mail addresses, their account, their Person rows and their names.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q, TextField
from django.db.models.fields.files import FieldFile
from django.db.models.functions import Cast

from accord.core.personal import Declaration, Erase, Find, declarations
from accord.partners.models import Person

ERASED = "[erased]"
MIN_NAME = 3  # shorter names are not searched for in free text (too many false matches)


@dataclass
class Subject:
    """One person, as found within a scope (partnership_id None: the whole site)."""

    partnership_id: int | None
    emails: set[str] = field(default_factory=set)
    user_ids: set[int] = field(default_factory=set)
    person_ids: set[int] = field(default_factory=set)
    names: set[str] = field(default_factory=set)

    @property
    def found(self) -> bool:
        return bool(self.user_ids or self.person_ids or self.emails)

    @property
    def strings(self) -> list[str]:
        """What must not survive an erasure: names and addresses, longest first."""
        found = {s for s in self.emails | self.names if len(s) >= MIN_NAME}
        return sorted(found, key=lambda s: (-len(s), s))


def find(*, email: str = "", user: Any = None, partnership_id: int | None = None,
         person_ids: Iterable[int] = ()) -> Subject:
    """The person with this address or account (and these Person rows), within the scope."""
    subject = Subject(partnership_id=partnership_id)
    if email:
        subject.emails.add(email.strip().lower())
    User = get_user_model()
    if user is not None:
        subject.user_ids.add(user.pk)
        subject.emails.add(user.email.lower())
    # an address finds the account and the Person rows; a Person row finds its account (their work address and
    # the one they sign in with may differ), and an account its Person rows: until nothing new turns up
    size = -1
    while size != len(subject.emails) + len(subject.user_ids) + len(subject.person_ids):
        size = len(subject.emails) + len(subject.user_ids) + len(subject.person_ids)
        for e in subject.emails:
            subject.user_ids.update(User.objects.filter(email__iexact=e).values_list("pk", flat=True))
        match = Q(pk__in=list(person_ids) + list(subject.person_ids)) | Q(user_id__in=subject.user_ids)
        for e in subject.emails:
            match |= Q(email__iexact=e)
        people = Person.objects.filter(match)
        if partnership_id is not None:
            people = people.filter(partnership_id=partnership_id)
        for p in people:
            subject.person_ids.add(p.pk)
            if p.user_id:
                subject.user_ids.add(p.user_id)
            if p.email:
                subject.emails.add(p.email.lower())
            if p.name:
                subject.names.add(p.name)
    for u in User.objects.filter(pk__in=subject.user_ids):
        subject.emails.add(u.email.lower())
    for u in User.objects.filter(pk__in=subject.user_ids):
        if u.full_name:
            subject.names.add(u.full_name)
    return subject


def _in(decl: Declaration, partnership_ids: Iterable[int]) -> Q:
    # a row reached by one of several paths ("meeting__series__partnership|partnership": a decision taken
    # in a meeting, or between meetings) is in scope by any of them
    scope = Q()
    for path in decl.partnership.split("|"):
        scope |= Q(**{f"{path}__in": list(partnership_ids)})
    return scope


def made_from_records(decl: Declaration, subject: Subject) -> models.QuerySet[Any]:
    """Files made from the records of the subject's partnerships (in scope), which may name them wherever
    they appear: erased with them, whoever asked for the file."""
    model = decl.model_class()
    if subject.partnership_id is not None:
        partnership_ids = {subject.partnership_id}
    else:
        partnership_ids = set(Person.objects.filter(pk__in=subject.person_ids).values_list("partnership_id", flat=True))
    if not (decl.made_from_records and decl.partnership and partnership_ids):
        return model._default_manager.none()
    return model._default_manager.filter(_in(decl, partnership_ids))


def rows(decl: Declaration, subject: Subject) -> models.QuerySet[Any]:
    """The declaration's rows that name the subject, within the subject's scope."""
    model = decl.model_class()
    qs = model._default_manager.all()
    if subject.partnership_id is not None:
        if not decl.partnership:
            return qs.none()  # rows of the whole site: a site administrator's to export and erase
        qs = qs.filter(_in(decl, [subject.partnership_id]))
        if decl.confidential:
            qs = qs.exclude(**decl.confidential)  # not the manager's to know, by person (see Declaration)
    q = Q()
    texts = subject.strings
    for path, kind in decl.subject.items():
        if kind == Find.PERSON and subject.person_ids:
            q |= Q(**{f"{path}__in": subject.person_ids})
        elif kind == Find.USER and subject.user_ids:
            q |= Q(**{f"{path}__in": subject.user_ids})
        elif kind == Find.EMAIL and subject.emails:
            for e in subject.emails:
                q |= Q(**{f"{path}__iexact": e})
        elif kind == Find.NAME and subject.names:
            for n in subject.names:
                q |= Q(**{f"{path}__iexact": n})
    for name in _scrub_fields(decl):
        f = model._meta.get_field(name)
        if isinstance(f, models.JSONField):
            alias = f"_privacy_{name}"
            qs = qs.annotate(**{alias: Cast(name, TextField())})
            for s in texts:
                q |= Q(**{f"{alias}__icontains": s}) | Q(**{f"{alias}__icontains": json.dumps(s)[1:-1]})
        else:
            for s in texts:
                q |= Q(**{f"{name}__icontains": s})
    if not q:
        return qs.none()
    return qs.filter(q).distinct()


def _scrub_fields(decl: Declaration) -> list[str]:
    return [name for name, action in decl.fields.items() if action == Erase.SCRUB]


# --- export ---------------------------------------------------------------------------------------


def plain(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        return f"({len(value)} bytes)"
    if isinstance(value, FieldFile):
        return value.name or ""
    return value


def row_dict(obj: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if f.name in {"password", "token_hash", "code_hash", "nonce", "key", "upload", "secret_key"}:
            continue  # secrets are not the person's data and would only weaken them
        value = getattr(obj, f.attname)
        out[f.attname] = plain(value)
    return out


@dataclass
class Export:
    sections: list[tuple[Declaration, list[dict[str, Any]]]]

    @property
    def total(self) -> int:
        return sum(len(r) for _, r in self.sections)


def collect(subject: Subject, progress: Any = None) -> Export:
    """Every declared row about the subject, model by model (progress(done, total) after each)."""
    decls = declarations()
    sections = []
    for n, decl in enumerate(decls, start=1):
        found = [row_dict(o) for o in rows(decl, subject).order_by("pk")]
        if found:
            sections.append((decl, found))
        if progress:
            progress(n, len(decls))
    return Export(sections=sections)


# --- erasure --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """What an app's erase hook needs: who erases, the pseudonym to use, the strings to scrub."""

    actor: Any
    label: str
    strings: tuple[str, ...]
    reference: str
    person_ids: frozenset[int] = frozenset()
    user_ids: frozenset[int] = frozenset()

    def scrub(self, value: Any) -> Any:
        return scrub(value, self.strings)


def scrub(value: Any, strings: Iterable[str]) -> Any:
    """The value with each string (case-insensitive) replaced by [erased], inside JSON too."""
    if isinstance(value, str):
        for s in strings:
            value = re.sub(re.escape(s), ERASED, value, flags=re.IGNORECASE)
        return value
    if isinstance(value, list):
        return [scrub(v, strings) for v in value]
    if isinstance(value, dict):
        return {scrub(k, strings): scrub(v, strings) for k, v in value.items()}
    return value


def _field_update(obj: Any, name: str, action: Erase, ctx: Context) -> tuple[str, Any] | None:
    f = obj._meta.get_field(name)
    if action == Erase.KEEP:
        return None
    if action == Erase.UNLINK or (f.is_relation and action in (Erase.BLANK, Erase.PSEUDONYMISE)):
        return f.attname, None
    if action == Erase.SCRUB:
        return f.attname, scrub(getattr(obj, f.attname), ctx.strings)
    if action == Erase.PSEUDONYMISE:
        if isinstance(f, models.EmailField):
            return f.attname, f"erased-{ctx.reference}-{obj.pk}@erased.invalid"
        if isinstance(f, models.GenericIPAddressField):
            return f.attname, None
        return f.attname, ctx.label[: f.max_length or None]
    # BLANK
    if isinstance(f, models.JSONField):
        return f.attname, {} if isinstance(getattr(obj, f.attname), dict) else []
    return f.attname, None if f.null else ""


def erase(subject: Subject, ctx: Context) -> dict[str, int]:
    """Erase the subject everywhere in scope (inside the caller's transaction). Returns rows changed per
    model. Every row is found before anything changes, so one app's erasure cannot hide another's rows."""
    plan = [(d, sorted(set(rows(d, subject).values_list("pk", flat=True))
                       | set(made_from_records(d, subject).values_list("pk", flat=True)))) for d in declarations()]
    counts: dict[str, int] = {}
    # hooks and field updates first; whole-row deletions last (they may cascade or set links to NULL)
    order = sorted(plan, key=lambda p: (p[0].on_erase == "delete", p[0].model))
    for decl, pks in order:
        if not pks:
            continue
        model = decl.model_class()
        qs = model._default_manager.filter(pk__in=pks)
        if callable(decl.on_erase):
            counts[decl.model] = decl.on_erase(qs, ctx)
        elif decl.on_erase == "delete":
            counts[decl.model] = len(pks)
            for obj in qs:
                obj.delete()
        else:
            n = 0
            for obj in qs:
                changes = dict(filter(None, (_field_update(obj, name, action, ctx)
                                             for name, action in decl.fields.items())))
                if changes:
                    model._default_manager.filter(pk=obj.pk).update(**changes)
                    n += 1
            counts[decl.model] = n
    return {k: v for k, v in counts.items() if v}
