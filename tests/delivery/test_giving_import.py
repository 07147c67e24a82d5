"""The 360Giving import: the real published file (475 grants) and broken files we make. Checked offline
against the schema, matched by org-id, previewed, then all-or-nothing on confirm."""

import copy
import json

import pytest
from django.core.exceptions import ValidationError

from accord.delivery import giving
from accord.delivery.models import FundingStream, PendingImport
from accord.partners.models import Membership, Organisation
from tests.conftest import shared_dir

REAL = shared_dir() / "data" / "360giving" / "alwf-grants-a003W000001B7PzQAK.json"
FUNDER_ID = "GB-CHC-1015648"


@pytest.fixture
def grants():
    return json.loads(REAL.read_text())["grants"]


@pytest.fixture
def partners(world):
    """Two of the file's recipients are members of the test partnership (24 of the grants are theirs)."""
    out = []
    for org_id, name in [("GB-EDU-133843", "Royal Northern College of Music"),
                         ("GB-COH-00203645", "Royal Central School of Speech & Drama")]:
        org = Organisation.objects.create(name=name, kind="other", org_id=org_id)
        Membership.objects.create(partnership=world.partnership, organisation=org, joined=world.partnership.start_date)
        out.append(org)
    return out


def _file(grants):
    return json.dumps({"grants": grants}).encode()


def test_the_real_file_is_read_whole_previewed_then_imported(world, partners):
    manager = world.users["manager"]
    pending = giving.preview_create(actor=manager, partnership=world.partnership, filename=REAL.name,
                                    data=REAL.read_bytes())
    p = pending.preview
    assert p["read"] == 475
    assert len(p["streams"]) == 24 and len(p["skipped"]) == 451
    assert {r["reason"] for r in p["skipped"]} == {"the recipient is not a partner"}
    assert not FundingStream.objects.exists()  # nothing until confirmed

    created = giving.confirm(actor=manager, pending=pending)
    assert len(created) == FundingStream.objects.count() == 24
    funder = Organisation.objects.get(org_id=FUNDER_ID)
    assert funder.name == "Andrew Lloyd Webber Foundation" and funder.kind == "funder"
    s = FundingStream.objects.get(grant_id="360G-ALWF-1978")
    assert (s.amount, s.currency, str(s.start), str(s.end)) == (15000, "GBP", "2020-11-03", "2023-11-03")
    assert list(s.partners.all()) == [partners[0]] and s.funder == funder
    with pytest.raises(ValidationError, match="already confirmed"):
        giving.confirm(actor=manager, pending=pending)
    # uploading the same file again finds every grant already imported
    again = giving.read(REAL.read_bytes(), world.partnership)
    assert again["streams"] == [] and sum(r["reason"] == "already imported" for r in again["skipped"]) == 24


def test_a_file_that_is_not_json_is_refused(world):
    with pytest.raises(ValidationError, match="not valid JSON"):
        giving.preview_create(actor=world.users["manager"], partnership=world.partnership, filename="x.json",
                              data=b"id,title\n1,Grant")
    with pytest.raises(ValidationError, match="needs a top-level object"):
        giving.read(b'[{"id": 1}]', world.partnership)
    assert not PendingImport.objects.exists()


def test_every_invalid_grant_is_reported_with_its_id_and_reason_and_nothing_is_kept(world, partners, grants):
    broken = copy.deepcopy(grants)
    del broken[0]["title"]                       # required field missing
    broken[1]["amountAwarded"] = "lots"          # wrong type
    broken[2]["amountAwarded"] = -500            # negative amount
    broken[3]["awardDate"] = "3rd of May"        # not a date
    broken[4]["currency"] = "pounds"             # schema: three letters
    broken[5]["id"] = broken[6]["id"]            # the same id twice
    with pytest.raises(ValidationError) as exc:
        giving.preview_create(actor=world.users["manager"], partnership=world.partnership, filename="b.json",
                              data=_file(broken))
    messages = exc.value.messages
    assert messages[0].startswith("6 of 475 grants are not valid, so nothing was imported")
    text = "\n".join(messages)
    assert f"{grants[0]['id']}: the grant: 'title' is a required property" in text
    assert f"{grants[1]['id']}: amountAwarded: 'lots' is not of type 'number'" in text
    assert f"{grants[2]['id']}: amountAwarded is -500: an amount must be more than zero" in text
    assert f"{grants[3]['id']}: awardDate:" in text
    assert f"{grants[4]['id']}: currency:" in text
    assert "the same grant id appears twice" in text
    assert not PendingImport.objects.exists() and not FundingStream.objects.exists()


def test_the_import_through_the_pages_previews_before_it_confirms(world, partners, grants):
    client = world.client("manager")
    url = f"/p/{world.partnership.pk}/delivery/funding/import/"
    bad = copy.deepcopy(grants[:3])
    bad[1]["amountAwarded"] = -1
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = client.post(url, {"file": SimpleUploadedFile("bad.json", _file(bad))}).content.decode()
    assert "The file cannot be imported" in page and f"{bad[1]['id']}: amountAwarded is -1" in page
    response = client.post(url, {"file": SimpleUploadedFile("grants.json", REAL.read_bytes())})
    assert response.status_code == 302
    preview = client.get(response["Location"]).content.decode()
    assert "Read 475 grants, all valid. 24 will become funding streams; 451 are left out." in preview
    assert not FundingStream.objects.exists()
    done = client.post(response["Location"], follow=True).content.decode()
    assert "Imported 24 funding streams" in done and FundingStream.objects.count() == 24


def test_the_import_through_the_api(world, partners):
    client = world.client("manager")
    from django.core.files.uploadedfile import SimpleUploadedFile

    base = f"/api/partnerships/{world.partnership.pk}/funding-imports"
    bad = client.post(base, {"file": SimpleUploadedFile("x.json", b"{not json")})
    assert bad.status_code == 422 and "not valid JSON" in str(bad.json()["detail"])
    made = client.post(base, {"file": SimpleUploadedFile("g.json", REAL.read_bytes())})
    assert made.status_code == 201 and made.json()["read"] == 475 and len(made.json()["to_import"]) == 24
    assert world.client("leader_a").post(f"{base}/{made.json()['id']}/confirm").status_code == 403
    confirmed = client.post(f"{base}/{made.json()['id']}/confirm")
    assert confirmed.status_code == 200 and len(confirmed.json()) == 24
