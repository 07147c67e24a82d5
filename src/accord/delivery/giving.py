"""Import grants from a 360Giving JSON file, offline and all-or-nothing.

Reading checks the whole file and every grant against the 360Giving grant schema shipped in
`data/` (Draft 2020-12; no reference is fetched from the internet: the package schema's `$ref` is a
URL, so we check the package shape here and each grant against the local grant schema). Funders and
recipients are matched by org-id. Grants to organisations that are not partners are listed as
skipped; any invalid grant stops the whole import, with its id and every reason. The rules are
written out in docs/delivery.md.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop
from jsonschema import Draft202012Validator, FormatChecker, validators
from jsonschema.exceptions import ValidationError as SchemaError

from accord.core.audit import log_action
from accord.lib import queue, stored_text
from accord.lib.stored_text import Stored
from accord.partners import orgid
from accord.partners.models import Organisation, Partnership

from .models import FundingStream, PendingImport

SCHEMA_PATH = Path(__file__).parent / "data" / "360-giving-schema.json"
MAX_ERRORS_SHOWN = 200
PROGRESS_EVERY = 250  # grants between two progress marks of a background import
# RFC 3339 date-time, as the schema's "format": "date-time" means it
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


# The background check; delivery.apps binds it to delivery.tasks.check_import (tasks imports this module).
check_import: queue.Later[[int]] = queue.Later("delivery.check_import")


def _is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True  # formats apply to strings only
    if not DATE_TIME.match(value):
        return False
    try:
        dt.datetime.fromisoformat(value.replace("z", "Z").replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


ANNOTATIONS = {"title", "description", "$comment"}


def _inline_refs(node: Any, defs: dict[str, Any]) -> Any:
    """The schema with each local `$ref` replaced by what it names. Resolving references is about half
    of the checking time of a large file; the grant schema's references are plain (not recursive, with
    only titles beside them), so inlining them once checks exactly the same rules."""
    if isinstance(node, list):
        return [_inline_refs(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/") and set(node) - {"$ref"} <= ANNOTATIONS:
        return _inline_refs(defs[ref.removeprefix("#/$defs/")], defs)
    return {key: _inline_refs(value, defs) for key, value in node.items()}


@cache
def _string_set(enums: tuple) -> frozenset[str]:
    return frozenset(enums)


def _enum(validator: Any, enums: list, instance: Any, schema: dict) -> Any:
    """The schema's code lists (currencies, countries) hold hundreds of strings: look a string up in a
    set instead of comparing it with each one (the same answer, a sixth of the checking time)."""
    if isinstance(instance, str) and all(isinstance(e, str) for e in enums):
        if instance not in _string_set(tuple(enums)):
            allowed = repr(enums) if len(enums) <= 10 else f"the {len(enums)} codes the 360Giving standard lists"
            yield SchemaError(f"{instance!r} is not one of {allowed}")
        return
    yield from Draft202012Validator.VALIDATORS["enum"](validator, enums, instance, schema)


GrantValidator = validators.extend(Draft202012Validator, {"enum": _enum})


@cache
def grant_validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    schema = _inline_refs(schema, schema.get("$defs", {}))
    checker = FormatChecker()
    # The schema tells a date from a date-time by format; assert it ourselves rather than depend on an
    # optional package (without it, "2017-11-07" would match both and fail the schema's oneOf).
    checker.checks("date-time")(_is_date_time)
    return GrantValidator(schema, format_checker=checker)


msg = stored_text.message


class ImportProblem(ValidationError):
    """Every reason the file cannot be imported, one message per line. `stored` keeps them as messages
    with their values (a failed import keeps these, to show in its reader's language); `messages` are
    they in the language active when raised."""

    def __init__(self, problems: Stored | str | Sequence[Stored | str]):
        self.stored: list[Stored | str] = [problems] if isinstance(problems, (str, dict)) else list(problems)
        super().__init__([stored_text.render(p) for p in self.stored])


def _where(path: Stored | str, problem: Any) -> Stored:
    """A problem at a place in the grant (the schema's own words stay as jsonschema writes them)."""
    return msg(gettext_noop("%(where)s: %(problem)s"), where=path or msg(gettext_noop("the grant")), problem=problem)


def _reason(error: Any) -> Stored:
    where = ".".join(str(p) for p in error.absolute_path)
    if error.validator == "oneOf" and error.context:
        best = min(error.context, key=lambda e: len(list(e.absolute_path)))
        return _where(where, best.message)
    return _where(where, error.message)


def _field_error(error: ValidationError) -> Stored | str:
    """A field's validation message as its message and values, so Django's own translation of it is
    found when it is shown (it is looked up untranslated: the check may run in anyone's language)."""
    params = error.params or {}
    with translation.override(None):
        text = str(error.message)
        whole = str(error.message % params) if params else text
    if (text and "%(" in text) or not params:
        return msg(text, **params)
    return whole  # a message with a plural (Django's number of digits): as written, in English


def _and(items: Sequence[str], *, more: bool = False) -> Any:
    """"a, b and c" (or "a, b, c and more"), in the reader's language; one item as it is."""
    if more:
        return msg(gettext_noop("%(items)s and more"), items=", ".join(items))
    if len(items) == 1:
        return items[0]
    return msg(gettext_noop("%(items)s and %(last)s"), items=", ".join(items[:-1]), last=items[-1])


def _joined(parts: Sequence[Stored | str]) -> Any:
    """Several problems of one grant as one value, "a; b; c" (each part read in the reader's language)."""
    if len(parts) == 1:
        return parts[0]
    return msg("%(first)s; %(rest)s", first=parts[0], rest=_joined(parts[1:]))


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _dates(grant: dict) -> tuple[dt.date | None, dt.date | None, Stored | str]:
    planned = (grant.get("plannedDates") or [{}])[0]
    start = _date(planned.get("startDate")) or _date(grant.get("awardDate"))
    end = _date(planned.get("endDate"))
    note: Stored | str = ""
    if end is None and start is not None:
        months = planned.get("duration")
        if isinstance(months, int | float) and months > 0:
            end = start + relativedelta(months=int(months))
        else:
            end, note = start + relativedelta(months=12), msg(gettext_noop("no end date or duration: taken as 12 "
                                                                           "months"))
    return start, end, note


def parse(data: bytes) -> list:
    """The file's grants, or ImportProblem when it is not a 360Giving package at all (cheap: no grant
    is checked yet, so a page or the API can say so at once)."""
    try:
        package = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ImportProblem(msg(gettext_noop("The file is not text in UTF-8, so it cannot be a 360Giving JSON "
                                             "file."))) from None
    except json.JSONDecodeError as exc:
        raise ImportProblem(msg(gettext_noop("The file is not valid JSON (line %(line)s, column %(column)s: "
                                             "%(problem)s). Export the grants again as 360Giving JSON."),
                                line=exc.lineno, column=exc.colno, problem=exc.msg)) from None
    if not isinstance(package, dict) or not isinstance(package.get("grants"), list):
        raise ImportProblem(msg(gettext_noop("This JSON is not a 360Giving package: it needs a top-level object "
                                             "with a “grants” list.")))
    if not package["grants"]:
        raise ImportProblem(msg(gettext_noop("The file has no grants in its “grants” list.")))
    return package["grants"]


def _positions(numbers: list[int]) -> Any:
    return _and([str(n) for n in numbers[:5]], more=len(numbers) > 5)


def _amount(grant: dict) -> Decimal | None:
    value = grant.get("amountAwarded")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None  # the schema says what is wrong with it
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return None
    pence = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    # 41133.770000000004 is 41133.77 written through a binary float by the publisher's software
    return pence if amount != pence and abs(amount - pence) < Decimal("0.000001") else amount


class _Reader:
    """Checks one grant at a time against everything `confirm` would refuse, so the preview shows
    every problem. Org-ids are matched ignoring case and spaces; rows keep them as written."""

    def __init__(self, partnership: Partnership, grants: list):
        self.members = {orgid.normalise(o.org_id): o for o in partnership.member_organisations() if o.org_id}
        self.known = {orgid.normalise(o.org_id): o for o in Organisation.objects.exclude(org_id="")}
        self.imported = set(partnership.funding_streams.exclude(grant_id="").values_list("grant_id", flat=True))
        self.validator = grant_validator()
        self.where: dict[str, list[int]] = defaultdict(list)
        for index, grant in enumerate(grants, start=1):
            if isinstance(grant, dict) and grant.get("id") not in (None, ""):
                self.where[str(grant["id"])].append(index)
        # recipient id -> folded name -> (id, name) as first written
        self.names: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
        self.unchecked: Counter[str] = Counter()  # org-id lists outside the UK: grants naming one
        self._ids: dict[tuple[str, bool], tuple[Stored | str | None, str]] = {}

    def org_id_problem(self, identifier: Any, *, funder: bool) -> Stored | str | None:
        """Why this funder or recipient id cannot be used, or None. Cached: a file repeats its ids."""
        if not isinstance(identifier, str) or not identifier.strip():
            return None  # the schema reports a missing or wrong-typed id
        key = (identifier, funder)
        if key not in self._ids:
            self._ids[key] = self._org_id_problem(identifier, funder=funder)
        problem, unchecked_list = self._ids[key]
        if unchecked_list:
            self.unchecked[unchecked_list] += 1
        return problem

    def _org_id_problem(self, identifier: str, *, funder: bool) -> tuple[Stored | str | None, str]:
        """(the problem or None, the org-id list when it is one Accord cannot check)."""
        written = orgid.normalise(identifier)
        if funder and written in self.known:
            return None, ""
        if written.startswith("GB-") or funder:
            try:
                orgid.validate_org_id(identifier)
            except ValidationError as exc:
                if written.startswith("GB-"):
                    return exc.messages[0], ""
                return msg(gettext_noop("“%(id)s” cannot be recorded as a funder: no organisation in Accord has "
                                        "it, and it is not an org-id on the UK lists Accord ships. Add the funder "
                                        "to Accord first."), id=identifier), ""
            return None, ""
        if written.startswith("360G-"):
            return None, ""  # 360Giving's own prefix for an organisation without an official identifier
        try:
            prefix, _ = orgid.split(identifier)
        except ValidationError as exc:
            return exc.messages[0], ""
        return None, prefix

    def check(self, index: int, grant: Any) -> tuple[Stored | str, list[Stored | str], dict[str, Any] | None]:
        """(grant id, or which grant it is when it has none; every problem; the preview row when there is
        none). Problems are stored messages with their values, read in the reader's language."""
        if not isinstance(grant, dict):
            return (msg(gettext_noop("(grant %(index)s)"), index=index),
                    [msg(gettext_noop("a grant must be an object with the grant's fields"))], None)
        gid = str(grant.get("id") or "")
        shown: Stored | str = gid or msg(gettext_noop("(grant %(index)s, no id)"), index=index)
        errors = sorted(self.validator.iter_errors(grant), key=lambda e: list(e.absolute_path))
        problems: list[Stored | str] = [_reason(e) for e in errors]
        flagged = {str(e.absolute_path[0]) for e in errors if e.absolute_path}
        if len(self.where.get(gid, ())) > 1:
            problems.append(msg(gettext_noop("the grant id %(id)s is used by grants %(positions)s of the file"),
                                id=gid, positions=_positions(self.where[gid])))
        amount = _amount(grant)
        if amount is not None and amount <= 0:
            problems.append(msg(gettext_noop("amountAwarded is %(amount)s: an amount must be more than zero"),
                                amount=str(grant.get("amountAwarded"))))
        start, end, note = _dates(grant)
        if start and end and end <= start:  # as the file writes them, to find them there
            problems.append(msg(gettext_noop("the end date %(end)s is not after the start date %(start)s"),
                                end=end.isoformat(), start=start.isoformat()))
        if "currency" not in flagged and not re.fullmatch(r"[A-Z]{3}", str(grant.get("currency", ""))):
            problems.append(msg(gettext_noop("currency must be a three-letter code such as GBP")))
        funder = _first(grant.get("fundingOrganization"))
        recipient = _first(grant.get("recipientOrganization"))
        for path, org, is_funder in [("fundingOrganization.0.id", funder, True),
                                     ("recipientOrganization.0.id", recipient, False)]:
            problem = self.org_id_problem(org.get("id"), funder=is_funder)
            if problem:
                problems.append(_where(path, problem))
        rid = str(recipient.get("id", ""))
        title = str(grant.get("title", ""))[:300]
        if not problems:
            problems += _unstorable(gid, title, amount, start, end)
        if rid and isinstance(recipient.get("name"), str):
            self.names[orgid.normalise(rid)].setdefault(" ".join(recipient["name"].split()).casefold(),
                                                         (rid, recipient["name"]))
        if problems:
            return shown, problems, None
        assert start is not None and end is not None  # else _dates gave a problem above
        return gid, [], {
            "grant_id": gid, "title": title, "amount": str(amount), "currency": grant["currency"],
            "start": start.isoformat(), "end": end.isoformat(), "note": note,
            "funder_org_id": str(funder.get("id", "")), "funder_name": str(funder.get("name", ""))[:200],
            "funder_pk": getattr(self.known.get(orgid.normalise(str(funder.get("id", "")))), "pk", None),
            "recipient_org_id": rid, "recipient_name": str(recipient.get("name", "an individual"))[:200],
        }

    def place(self, row: dict[str, Any], streams: list, skipped: list) -> None:
        partner = self.members.get(orgid.normalise(row["recipient_org_id"]))
        if row["grant_id"] in self.imported:
            skipped.append({**row, "reason": msg(gettext_noop("already imported"))})
        elif partner is None:
            skipped.append({**row, "reason": msg(gettext_noop("the recipient is not a partner"))})
        else:
            streams.append({**row, "recipient_pk": partner.pk, "recipient_name": partner.name})

    def warnings(self) -> list[Stored]:
        """What is valid but worth a look before confirming (stored messages with their values)."""
        out = []
        for spellings in self.names.values():
            if len(spellings) > 1:
                rid = next(iter(spellings.values()))[0]
                out.append(msg(gettext_noop("%(id)s is named %(names)s in the file. Grants are matched by the id, so "
                                            "check that these are one organisation."),
                               id=rid, names=_and([f"“{name}”" for _, name in spellings.values()])))
        if self.unchecked:
            out.append(stored_text.plural(
                "%(count)s grant names a recipient on an org-id list outside the UK (%(lists)s). Accord ships only "
                "the UK lists, so these prefixes were not checked; such a recipient cannot be a partner here.",
                "%(count)s grants name recipients on org-id lists outside the UK (%(lists)s). Accord ships only the "
                "UK lists, so these prefixes were not checked; such a recipient cannot be a partner here.",
                "count", count=sum(self.unchecked.values()), lists=", ".join(sorted(self.unchecked))))
        return out


def _first(value: Any) -> dict:
    return value[0] if isinstance(value, list) and value and isinstance(value[0], dict) else {}


FIELD_PATHS = {"amount": "amountAwarded", "grant_id": "id", "title": "title", "start": "plannedDates",
               "end": "plannedDates"}


def _unstorable(gid: str, title: str, amount: Decimal | None, start: dt.date | None,
                end: dt.date | None) -> list[Stored | str]:
    """What a funding stream could not hold (too many decimal places, an over-long id): the same
    field checks `confirm` runs, without touching the database."""
    stream = FundingStream(title=title, amount=amount, currency="GBP", start=start, end=end, grant_id=gid)  # type: ignore[misc]  # None: full_clean names it
    try:
        stream.clean_fields(exclude=["partnership", "funder", "currency"])
    except ValidationError as exc:
        return [_where(FIELD_PATHS.get(field, field), _field_error(error))
                for field, errors in exc.error_dict.items() for error in errors]
    return []


def read(data: bytes, partnership: Partnership, *,
         progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Read and check a whole file; return the preview, or raise ImportProblem listing every problem.
    `progress(done, total)` is called every PROGRESS_EVERY grants, for a background import's page."""
    grants = parse(data)
    reader = _Reader(partnership, grants)
    errors: list[Stored] = []
    streams: list[dict[str, Any]] = []
    skipped: list[dict[str, Any]] = []
    for index, grant in enumerate(grants, start=1):
        gid, problems, row = reader.check(index, grant)
        if problems:
            errors.append(_where(gid, _joined(problems)))
        elif row is not None:
            reader.place(row, streams, skipped)
        if progress is not None and index % PROGRESS_EVERY == 0:
            progress(index, len(grants))
    if errors:
        lines: list[Stored | str] = list(errors[:MAX_ERRORS_SHOWN])
        if len(errors) > MAX_ERRORS_SHOWN:
            lines.append(stored_text.plural("… and %(count)s more invalid grant.",
                                            "… and %(count)s more invalid grants.",
                                            "count", count=len(errors) - MAX_ERRORS_SHOWN))
        raise ImportProblem([stored_text.plural(
            "%(count)s of %(total)s grants is not valid, so nothing was imported. Fix it and upload the file again:",
            "%(count)s of %(total)s grants are not valid, so nothing was imported. Fix these and upload the file "
            "again:",
            "count", count=len(errors), total=len(grants)), *lines])
    return {"read": len(grants), "streams": streams, "skipped": skipped, "warnings": reader.warnings()}


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def preview_create(*, actor: Any, partnership: Partnership, filename: str, data: bytes,
                   progress: Callable[[int, int], None] | None = None) -> PendingImport:
    """Check the file now and keep its preview; nothing reaches funding until `confirm`. For the
    command line; pages and the API use `start`, which checks in the background."""
    preview = read(data, partnership, progress=progress)
    pending = PendingImport.objects.create(partnership=partnership, filename=filename[:255], preview=preview,
                                           state=PendingImport.State.READY, total=preview["read"],
                                           processed=preview["read"], uploaded_by=_user(actor))
    log_action(actor, "delivery.funding.import_previewed", pending,
               {"file": filename, "read": preview["read"], "to_import": len(preview["streams"])},
               partnership=partnership)
    return pending


def start(*, actor: Any, partnership: Partnership, filename: str, data: bytes) -> PendingImport:
    """Keep the file and check its grants in the background (a file of 17,000 grants takes several
    seconds), so the page can show progress. A file that is not a 360Giving package at all is
    refused at once with ImportProblem. In tests (huey immediate) the check has finished on return."""
    grants = parse(data)
    with transaction.atomic():
        pending = PendingImport.objects.create(partnership=partnership, filename=filename[:255], upload=data,
                                               state=PendingImport.State.READING, total=len(grants),
                                               uploaded_by=_user(actor))
        log_action(actor, "delivery.funding.import_started", pending, {"file": filename, "grants": len(grants)},
                   partnership=partnership)
    check_import(pending.pk)
    pending.refresh_from_db()
    return pending


FAILED_UNEXPECTEDLY = gettext_noop("Something went wrong while checking the file, so nothing was imported. Upload it "
                                   "again; if it happens again, tell the site's administrator.")


def check_pending(pending_pk: int) -> None:
    """The background check of a started import: store its preview, or every problem found."""
    reading = PendingImport.objects.filter(pk=pending_pk, state=PendingImport.State.READING)
    pending = reading.select_related("partnership", "uploaded_by").first()
    if pending is None:
        return  # already checked (a task run twice)

    def progress(done: int, total: int) -> None:
        reading.update(processed=done)

    try:
        preview = read(bytes(pending.upload or b""), pending.partnership, progress=progress)
    except ImportProblem as exc:
        _finish(pending, state=PendingImport.State.FAILED, problems=exc.stored)
    except Exception:
        _finish(pending, state=PendingImport.State.FAILED, problems=[msg(FAILED_UNEXPECTEDLY)])
        raise
    else:
        _finish(pending, state=PendingImport.State.READY, preview=preview)


@transaction.atomic
def _finish(pending: PendingImport, *, state: str, preview: dict | None = None,
            problems: Sequence[Stored | str] = ()) -> None:
    PendingImport.objects.filter(pk=pending.pk).update(state=state, preview=preview or {}, problems=list(problems),
                                                      processed=pending.total, upload=None)
    if state == PendingImport.State.READY:
        assert preview is not None  # a ready import has its preview
        log_action(pending.uploaded_by, "delivery.funding.import_previewed", pending,
                   {"file": pending.filename, "read": preview["read"], "to_import": len(preview["streams"])},
                   partnership=pending.partnership)
    else:
        log_action(pending.uploaded_by, "delivery.funding.import_refused", pending,
                   {"file": pending.filename, "problems": len(problems)}, partnership=pending.partnership)


@transaction.atomic
def confirm(*, actor: Any, pending: PendingImport) -> list[FundingStream]:
    """Create every previewed stream, or none: funders unknown to Accord are added by their org-id."""
    pending = PendingImport.objects.select_for_update().get(pk=pending.pk)
    if pending.confirmed_at is not None:
        raise ValidationError(gettext("This import was already confirmed; upload the file again to import it anew."))
    if pending.state == PendingImport.State.READING:
        raise ValidationError(gettext("The file is still being checked; confirm once its preview is ready."))
    if pending.state == PendingImport.State.FAILED:
        raise ValidationError(gettext("This file cannot be imported (see its problems); fix them and upload it again."))
    partnership = pending.partnership
    imported = set(partnership.funding_streams.exclude(grant_id="").values_list("grant_id", flat=True))
    rows = pending.preview["streams"]
    clash = [r["grant_id"] for r in rows if r["grant_id"] in imported]
    if clash:
        raise ValidationError(gettext("Some grants were imported since the preview (%(ids)s); upload the file again.")
                              % {"ids": ", ".join(clash[:5])})
    funders: dict[str, Organisation] = {}
    created = []
    for row in rows:
        key = orgid.normalise(row["funder_org_id"])
        funder = funders.get(key) or Organisation.objects.filter(org_id__iexact=key).first()
        if funder is None:
            funder = Organisation(name=row["funder_name"] or key, kind=Organisation.Kind.FUNDER, org_id=key)
            try:
                funder.full_clean()
            except ValidationError as exc:
                raise ValidationError(gettext("%(grant)s: the funder's org-id %(org_id)s is not valid (%(why)s).")
                                      % {"grant": row["grant_id"], "org_id": key, "why": "; ".join(exc.messages)}) from None
            funder.save()
        funders[key] = funder
        stream = FundingStream(partnership=partnership, title=row["title"], funder=funder,
                               amount=Decimal(row["amount"]), currency=row["currency"],
                               start=dt.date.fromisoformat(row["start"]), end=dt.date.fromisoformat(row["end"]),
                               grant_id=row["grant_id"])
        try:
            # the field rules, without a query per stream: grant ids were checked against this
            # partnership's above, and the database's constraints still hold the rest
            stream.clean_fields()
            stream.clean()
        except ValidationError as exc:
            raise ValidationError(gettext("%(grant)s: %(why)s")
                                  % {"grant": row["grant_id"], "why": "; ".join(exc.messages)}) from None
        created.append(stream)
    FundingStream.objects.bulk_create(created, batch_size=500)
    link = FundingStream.partners.through
    link.objects.bulk_create([link(fundingstream_id=stream.pk, organisation_id=row["recipient_pk"])
                              for stream, row in zip(created, rows, strict=True)], batch_size=500)
    pending.confirmed_at = timezone.now()
    pending.save(update_fields=["confirmed_at"])
    log_action(actor, "delivery.funding.imported", pending, {"file": pending.filename, "streams": len(created)},
               partnership=partnership)
    return created
