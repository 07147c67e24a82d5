"""What is wrong with an official identifier is said in the reader's language, the expected format too; the English
stays as it was."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from accord.partners.orgid import validate_org_id


def _refusal(identifier: str) -> str:
    with pytest.raises(ValidationError) as exc:
        validate_org_id(identifier)
    return exc.value.messages[0]


@pytest.mark.parametrize(
    ("given", "english", "welsh"),
    [
        ("1164883", "“1164883” is not an org-id identifier.", "Nid yw “1164883” yn ddynodydd org-id."),
        (
            "GB-XYZ-1234",
            "“GB-XYZ” is not a known org-id list prefix.",
            "Nid yw “GB-XYZ” yn rhagddodiad rhestr org-id hysbys.",
        ),
        (
            "GB-GOVUK-abc",
            "The org-id list GB-GOVUK is no longer used",
            "Nid yw'r rhestr org-id GB-GOVUK yn cael ei defnyddio",
        ),
        (
            "GB-CHC-12AB",
            "expected a Charity Commission number of 6 or 7 digits, such as 1164883.",
            "y disgwyl yw rhif Comisiwn Elusennau o 6 neu 7 digid, fel 1164883.",
        ),
        (
            "GB-LAE-12",
            "expected a 3-letter local authority code such as WOT.",
            "y disgwyl yw cod awdurdod lleol 3 llythyren fel WOT.",
        ),
    ],
)
def test_a_bad_identifier_is_refused_in_english_and_in_welsh(given, english, welsh):
    with translation.override("en"):
        assert english in _refusal(given)
    with translation.override("cy"):
        text = _refusal(given)
    assert welsh in text and english not in text


def test_the_member_form_says_it_in_welsh(world):
    page = (
        world.client("manager")
        .post(
            f"/p/{world.partnership.pk}/members/add/?lang=cy",
            {
                "org-name": "New Org",
                "org-kind": "charity",
                "org-org_id": "GB-CHC-12AB",
                "m-joined": "2024-01-01",
            },
        )
        .content.decode()
    )
    assert "y disgwyl yw rhif Comisiwn Elusennau" in page and "is not a valid number" not in page
