"""Import grants from a 360Giving JSON file, offline and all-or-nothing.

Reading checks the whole file and every grant against the 360Giving grant schema shipped in
`data/` (Draft 2020-12; no reference is fetched from the internet: the package schema's `$ref` is a
URL, so we check the package shape here and each grant against the local grant schema). Funders and
recipients are matched by org-id. Grants to organisations that are not partners are listed as
skipped; any invalid grant stops the whole import, with its id and the reason.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker

from accord.core.audit import log_action
from accord.partners.models import Organisation, Partnership

from .models import FundingStream, PendingImport

SCHEMA_PATH = Path(__file__).parent / "data" / "360-giving-schema.json"
MAX_ERRORS_SHOWN = 200
# RFC 3339 date-time, as the schema's "format": "date-time" means it
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


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


@cache
def grant_validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    checker = FormatChecker()
    # The schema tells a date from a date-time by format; assert it ourselves rather than depend on an
    # optional package (without it, "2017-11-07" would match both and fail the schema's oneOf).
    checker.checks("date-time")(_is_date_time)
    return Draft202012Validator(schema, format_checker=checker)


class ImportProblem(ValidationError):
    """Every reason the file cannot be imported, one message per line."""


def _reason(error: Any) -> str:
    where = ".".join(str(p) for p in error.absolute_path) or "the grant"
    if error.validator == "oneOf" and error.context:
        best = min(error.context, key=lambda e: len(list(e.absolute_path)))
        return f"{where}: {best.message}"
    return f"{where}: {error.message}"


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _dates(grant: dict) -> tuple[dt.date | None, dt.date | None, str]:
    planned = (grant.get("plannedDates") or [{}])[0]
    start = _date(planned.get("startDate")) or _date(grant.get("awardDate"))
    end = _date(planned.get("endDate"))
    note = ""
    if end is None and start is not None:
        months = planned.get("duration")
        if isinstance(months, int | float) and months > 0:
            end = start + relativedelta(months=int(months))
        else:
            end, note = start + relativedelta(months=12), "no end date or duration: taken as 12 months"
    return start, end, note


def read(data: bytes, partnership: Partnership) -> dict[str, Any]:
    """Read and check a whole file; return the preview, or raise ImportProblem listing every problem."""
    try:
        package = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ImportProblem("The file is not text in UTF-8, so it cannot be a 360Giving JSON file.") from None
    except json.JSONDecodeError as exc:
        raise ImportProblem(f"The file is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}). "
                            "Export the grants again as 360Giving JSON.") from None
    if not isinstance(package, dict) or not isinstance(package.get("grants"), list):
        raise ImportProblem("This JSON is not a 360Giving package: it needs a top-level object with a "
                            "“grants” list.")
    grants = package["grants"]
    if not grants:
        raise ImportProblem("The file has no grants in its “grants” list.")

    members = {o.org_id.upper(): o for o in partnership.member_organisations() if o.org_id}
    known = {o.org_id.upper(): o for o in Organisation.objects.exclude(org_id="")}
    imported = set(partnership.funding_streams.exclude(grant_id="").values_list("grant_id", flat=True))
    validator = grant_validator()
    errors: list[dict[str, str]] = []
    streams: list[dict[str, Any]] = []
    skipped: list[dict[str, str]] = []
    seen: set[str] = set()
    for index, grant in enumerate(grants, start=1):
        gid = str(grant.get("id") or f"(grant {index}, no id)") if isinstance(grant, dict) else f"(grant {index})"
        problems = [_reason(e) for e in sorted(validator.iter_errors(grant), key=lambda e: list(e.absolute_path))]
        if isinstance(grant, dict) and not problems:
            if gid in seen:
                problems.append("the same grant id appears twice in the file")
            try:
                amount = Decimal(str(grant["amountAwarded"]))
            except (InvalidOperation, KeyError):
                amount = Decimal(0)
            if amount <= 0:
                problems.append(f"amountAwarded is {grant.get('amountAwarded')}: an amount must be more than zero")
            start, end, note = _dates(grant)
            if start and end and end <= start:
                problems.append(f"the end date {end} is not after the start date {start}")
            if not re.fullmatch(r"[A-Z]{3}", str(grant.get("currency", ""))):
                problems.append("currency must be a three-letter code such as GBP")
        seen.add(gid)
        if problems:
            errors.append({"grant_id": gid, "reason": "; ".join(problems[:3])})
            continue
        funder = grant["fundingOrganization"][0]
        recipient = (grant.get("recipientOrganization") or [{}])[0]
        rid = str(recipient.get("id", "")).upper()
        row = {"grant_id": gid, "title": str(grant.get("title", ""))[:300], "amount": str(amount),
               "currency": grant["currency"], "start": start.isoformat(), "end": end.isoformat(), "note": note,
               "funder_org_id": str(funder.get("id", "")), "funder_name": str(funder.get("name", ""))[:200],
               "funder_pk": getattr(known.get(str(funder.get("id", "")).upper()), "pk", None),
               "recipient_org_id": rid, "recipient_name": str(recipient.get("name", "an individual"))[:200]}
        if gid in imported:
            skipped.append({**row, "reason": "already imported"})
        elif rid not in members:
            skipped.append({**row, "reason": "the recipient is not a partner"})
        else:
            streams.append({**row, "recipient_pk": members[rid].pk, "recipient_name": members[rid].name})
    if errors:
        lines = [f"{e['grant_id']}: {e['reason']}" for e in errors[:MAX_ERRORS_SHOWN]]
        if len(errors) > MAX_ERRORS_SHOWN:
            lines.append(f"… and {len(errors) - MAX_ERRORS_SHOWN} more invalid grants.")
        raise ImportProblem([f"{len(errors)} of {len(grants)} grants are not valid, so nothing was imported. "
                             "Fix these and upload the file again:"] + lines)
    return {"read": len(grants), "streams": streams, "skipped": skipped}


@transaction.atomic
def preview_create(*, actor: Any, partnership: Partnership, filename: str, data: bytes) -> PendingImport:
    """Check the file and keep its preview; nothing reaches funding until `confirm`."""
    preview = read(data, partnership)
    pending = PendingImport.objects.create(partnership=partnership, filename=filename[:255], preview=preview,
                                           uploaded_by=actor if getattr(actor, "is_authenticated", False) else None)
    log_action(actor, "delivery.funding.import_previewed", pending,
               {"file": filename, "read": preview["read"], "to_import": len(preview["streams"])},
               partnership=partnership)
    return pending


@transaction.atomic
def confirm(*, actor: Any, pending: PendingImport) -> list[FundingStream]:
    """Create every previewed stream, or none: funders unknown to Accord are added by their org-id."""
    pending = PendingImport.objects.select_for_update().get(pk=pending.pk)
    if pending.confirmed_at is not None:
        raise ValidationError("This import was already confirmed; upload the file again to import it anew.")
    partnership = pending.partnership
    imported = set(partnership.funding_streams.exclude(grant_id="").values_list("grant_id", flat=True))
    rows = pending.preview["streams"]
    clash = [r["grant_id"] for r in rows if r["grant_id"] in imported]
    if clash:
        raise ValidationError(f"Some grants were imported since the preview ({', '.join(clash[:5])}); "
                              "upload the file again.")
    funders: dict[str, Organisation] = {}
    created = []
    for row in rows:
        key = row["funder_org_id"].upper()
        funder = funders.get(key) or Organisation.objects.filter(org_id__iexact=key).first()
        if funder is None:
            funder = Organisation(name=row["funder_name"] or key, kind=Organisation.Kind.FUNDER, org_id=key)
            try:
                funder.full_clean()
            except ValidationError as exc:
                raise ValidationError(f"{row['grant_id']}: the funder's org-id {key} is not valid "
                                      f"({'; '.join(exc.messages)}).") from None
            funder.save()
        funders[key] = funder
        stream = FundingStream(partnership=partnership, title=row["title"], funder=funder,
                               amount=Decimal(row["amount"]), currency=row["currency"],
                               start=dt.date.fromisoformat(row["start"]), end=dt.date.fromisoformat(row["end"]),
                               grant_id=row["grant_id"])
        try:
            stream.full_clean()
        except ValidationError as exc:
            raise ValidationError(f"{row['grant_id']}: {'; '.join(exc.messages)}") from None
        stream.save()
        stream.partners.set([row["recipient_pk"]])
        created.append(stream)
    pending.confirmed_at = timezone.now()
    pending.save(update_fields=["confirmed_at"])
    log_action(actor, "delivery.funding.imported", pending, {"file": pending.filename, "streams": len(created)},
               partnership=partnership)
    return created
