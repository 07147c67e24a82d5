import json

import pytest
from django.core.exceptions import ValidationError

from accord.partners.orgid import known_lists, validate_org_id
from tests.conftest import shared_dir

SHARED = shared_dir() / "data" / "org-id" / "gb"


@pytest.mark.parametrize("given,expected", [
    ("GB-CHC-1164883", "GB-CHC-1164883"),
    ("gb-chc-279417", "GB-CHC-279417"),
    (" GB-COH-09506232 ", "GB-COH-09506232"),
    ("GB-COH-SC123456", "GB-COH-SC123456"),
    ("GB-SC-SC042386", "GB-SC-SC042386"),
    ("GB-LAE-WOT", "GB-LAE-WOT"),
    ("GB-NIC-100019", "GB-NIC-100019"),
])
def test_it_accepts_and_normalises_valid_identifiers(given, expected):
    assert validate_org_id(given) == expected


@pytest.mark.parametrize("given,code,phrase", [
    ("GB-XYZ-1234", "unknown_prefix", "not a known org-id list prefix"),
    ("1164883", "malformed", "not an org-id identifier"),
    ("GB-CHC", "malformed", "not an org-id identifier"),
    ("GB-CHC-12AB", "bad_number", "Charity Commission number"),
    ("GB-CHC-0123456", "bad_number", "6 or 7 digits"),
    ("GB-COH-123", "bad_number", "8 characters"),
    ("GB-GOVUK-abc", "deprecated", "no longer used"),
])
def test_it_rejects_bad_identifiers_saying_why(given, code, phrase):
    with pytest.raises(ValidationError) as exc:
        validate_org_id(given)
    assert exc.value.code == code
    assert phrase in exc.value.messages[0]


def test_the_packaged_prefixes_are_the_registers_lists():
    codes = {json.loads(f.read_text())["code"] for f in SHARED.glob("*.json")}
    assert set(known_lists()) == codes
