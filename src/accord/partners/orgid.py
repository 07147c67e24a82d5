"""Official organisation identifiers in the org-id scheme (GB-CHC-1164883): a list prefix from the
org-id register, then the number on that list. The prefixes come from the register's UK lists
(partners/data/org_id_gb.json, ODbL); the number formats below are the registers' own rules."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Number formats for the lists partnerships meet most; other lists accept any plain code.
FORMATS: dict[str, tuple[str, Promise]] = {
    "GB-CHC": (r"[1-9]\d{5,6}", _("a Charity Commission number of 6 or 7 digits, such as 1164883")),
    "GB-COH": (r"(\d{8}|[A-Z]{2}\d{6})", _("a Companies House number of 8 characters, such as 09506232 or SC123456")),
    "GB-SC": (r"SC\d{6}", _("a Scottish charity number such as SC042386")),
    "GB-NIC": (r"\d{5,6}", _("a Northern Ireland charity number such as 100019")),
    "GB-EDU": (r"\d{6}", _("a 6-digit school URN such as 125554")),
    "GB-UKPRN": (r"1\d{7}", _("an 8-digit UK provider reference number such as 10000346")),
    "GB-LAE": (r"[A-Z]{3}", _("a 3-letter local authority code such as WOT")),
    "GB-LAS": (r"[A-Z]{3}", _("a 3-letter local authority code such as ZET")),
    "GB-LANI": (r"[A-Z]{3}", _("a 3-letter local authority code such as BFS")),
    "GB-PLA": (r"[A-Z]{3}", _("a 3-letter police authority code such as AGY")),
    "GB-NHS": (r"[A-Z0-9]{3,5}", _("an NHS organisation code such as RAX")),
    "GB-GOR": (r"[A-Z]{1,2}\d{3,4}", _("a government organisation register code such as OT1211")),
}
GENERIC = (r"[A-Za-z0-9][A-Za-z0-9./-]{0,63}", _("the number or code on that list"))


@dataclass(frozen=True)
class OrgIdList:
    code: str
    name: str
    deprecated: bool


@cache
def known_lists() -> dict[str, OrgIdList]:
    data = json.loads((Path(__file__).parent / "data" / "org_id_gb.json").read_text())
    return {
        code: OrgIdList(code=code, name=entry["name"], deprecated=entry["deprecated"])
        for code, entry in data["lists"].items()
    }


def normalise(identifier: str) -> str:
    return re.sub(r"\s+", "", identifier or "").upper()


def split(identifier: str) -> tuple[str, str]:
    """GB-CHC-1164883 -> ("GB-CHC", "1164883"). The list code is always two parts."""
    parts = normalise(identifier).split("-", 2)
    if len(parts) < 3 or not all(parts):
        raise ValidationError(
            _("“%(identifier)s” is not an org-id identifier. Write the list prefix and the number, "
              "for example GB-CHC-1164883 for a registered charity or GB-COH-09506232 for a company."),
            code="malformed", params={"identifier": identifier},
        )
    return f"{parts[0]}-{parts[1]}", parts[2]


def validate_org_id(identifier: str) -> str:
    """Return the normalised identifier, or raise ValidationError saying what to fix."""
    prefix, number = split(identifier)
    lists = known_lists()
    if prefix not in lists:
        raise ValidationError(
            _("“%(prefix)s” is not a known org-id list prefix. Use one of the UK lists such as "
              "GB-CHC (charities in England and Wales), GB-SC (Scotland), GB-NIC (Northern Ireland), "
              "GB-COH (companies) or GB-LAE (English local authorities)."),
            code="unknown_prefix", params={"prefix": prefix},
        )
    if lists[prefix].deprecated:
        raise ValidationError(_("The org-id list %(prefix)s is no longer used; choose its successor."),
                              code="deprecated", params={"prefix": prefix})
    pattern, described = FORMATS.get(prefix, GENERIC)
    if not re.fullmatch(pattern, number):
        raise ValidationError(
            _("“%(number)s” is not a valid number for %(prefix)s (%(list)s): expected %(described)s."),
            code="bad_number", params={"number": number, "prefix": prefix, "list": lists[prefix].name,
                                       "described": described},
        )
    return f"{prefix}-{number}"
