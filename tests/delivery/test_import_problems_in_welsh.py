"""A 360Giving file's problems, found in the background and kept, and its preview's reasons and warnings,
read in the reader's language (page and API), whichever language was active when the file was checked."""

from __future__ import annotations

import copy
import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from accord.delivery import giving
from accord.delivery.models import PendingImport
from accord.lib import stored_text

from .conftest import REAL

ENGLISH = "an amount must be more than zero"
WELSH = "rhaid i swm fod yn fwy na sero"
HEAD_ENGLISH = "1 of 2 grants is not valid, so nothing was imported"
HEAD_WELSH = "Nid yw 1 o 2 grant yn ddilys"


def _broken(grants) -> bytes:
    two = copy.deepcopy(grants[:2])
    two[0]["amountAwarded"] = -500
    return json.dumps({"grants": two}).encode()


def test_problems_found_in_welsh_read_in_english_and_the_other_way(world, partners, grants):
    with translation.override("cy"):
        pending = giving.start(
            actor=world.users["manager"],
            partnership=world.partnership,
            filename="bad.json",
            data=_broken(grants),
        )
    assert pending.state == PendingImport.State.FAILED
    assert HEAD_ENGLISH in stored_text.english(pending.problems[0])
    url = f"/p/{world.partnership.pk}/delivery/funding/import/{pending.pk}/"
    client = world.client("manager")
    english = client.get(url + "?lang=en").content.decode()
    assert HEAD_ENGLISH in english and ENGLISH in english and WELSH not in english
    welsh = client.get(url + "?lang=cy").content.decode()
    assert HEAD_WELSH in welsh and WELSH in welsh and ENGLISH not in welsh
    api = f"/api/partnerships/{world.partnership.pk}/funding-imports/{pending.pk}"
    assert any(
        WELSH in p for p in world.client("manager").get(api, HTTP_ACCEPT_LANGUAGE="cy").json()["problems"]
    )
    assert any(
        ENGLISH in p for p in world.client("manager").get(api, HTTP_ACCEPT_LANGUAGE="en").json()["problems"]
    )


def test_the_upload_page_and_the_api_refuse_in_the_readers_language(world, partners, grants):
    client = world.client("manager")
    page = client.post(
        f"/p/{world.partnership.pk}/delivery/funding/import/?lang=cy",
        {"file": SimpleUploadedFile("bad.json", _broken(grants))},
    ).content.decode()
    assert WELSH in page and ENGLISH not in page
    base = f"/api/partnerships/{world.partnership.pk}/funding-imports"
    refused = world.client("manager").post(
        base, {"file": SimpleUploadedFile("bad.json", _broken(grants))}, HTTP_ACCEPT_LANGUAGE="cy"
    )
    assert refused.status_code == 422 and WELSH in str(refused.json()) and ENGLISH not in str(refused.json())
    not_json = world.client("manager").post(
        base, {"file": SimpleUploadedFile("x.json", b"{not json")}, HTTP_ACCEPT_LANGUAGE="cy"
    )
    assert "Nid yw’r ffeil yn JSON dilys" in str(not_json.json()) and "not valid JSON" not in str(
        not_json.json()
    )


def test_the_preview_made_in_english_reads_in_welsh(world, partners):
    with translation.override("en"):
        pending = giving.start(
            actor=world.users["manager"],
            partnership=world.partnership,
            filename="g.json",
            data=REAL.read_bytes(),
        )
    url = f"/p/{world.partnership.pk}/delivery/funding/import/{pending.pk}/"
    welsh = world.client("manager").get(url + "?lang=cy").content.decode()
    assert "nid yw’r derbynnydd yn bartner" in welsh and "the recipient is not a partner" not in welsh
    assert "Caiff grantiau eu paru yn ôl yr id" in welsh and "Grants are matched by the id" not in welsh
    english = world.client("manager").get(url + "?lang=en").content.decode()
    assert "the recipient is not a partner" in english and "Grants are matched by the id" in english
    api = (
        world.client("manager")
        .post(
            f"/api/partnerships/{world.partnership.pk}/funding-imports",
            {"file": SimpleUploadedFile("g.json", REAL.read_bytes())},
            HTTP_ACCEPT_LANGUAGE="cy",
        )
        .json()
    )
    assert {r["reason"] for r in api["skipped"]} == {"nid yw’r derbynnydd yn bartner"}
