"""The 360Giving import: the real published file (475 grants) and broken files we make. Checked offline
against the schema, matched by org-id, previewed, then all-or-nothing on confirm."""

import copy
import json

import pytest
from django.core.exceptions import ValidationError

from accord.delivery import giving
from accord.delivery.models import FundingStream, PendingImport
from accord.lib.stored_text import english
from accord.partners.models import Organisation

from .conftest import FUNDER_ID, REAL


def _file(grants):
    return json.dumps({"grants": grants}).encode()


def test_the_real_file_is_read_whole_previewed_then_imported(world, partners):
    manager = world.users["manager"]
    pending = giving.preview_create(actor=manager, partnership=world.partnership, filename=REAL.name,
                                    data=REAL.read_bytes())
    p = pending.preview
    assert p["read"] == 475
    assert len(p["streams"]) == 24 and len(p["skipped"]) == 451
    assert {english(r["reason"]) for r in p["skipped"]} == {"the recipient is not a partner"}
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
    assert again["streams"] == [] and sum(english(r["reason"]) == "already imported" for r in again["skipped"]) == 24


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
    assert messages[0].startswith("7 of 475 grants are not valid, so nothing was imported")  # both with one id
    text = "\n".join(messages)
    assert f"{grants[0]['id']}: the grant: 'title' is a required property" in text
    assert f"{grants[1]['id']}: amountAwarded: 'lots' is not of type 'number'" in text
    assert f"{grants[2]['id']}: amountAwarded is -500: an amount must be more than zero" in text
    assert f"{grants[3]['id']}: awardDate:" in text
    assert f"{grants[4]['id']}: currency:" in text
    assert f"{grants[6]['id']}: the grant id {grants[6]['id']} is used by grants 6 and 7 of the file" in text
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
    assert "Read 475 grants, all valid. 24 grants will become funding streams. 451 grants are left out." in preview
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


def _problems(world, grants):
    with pytest.raises(ValidationError) as exc:
        giving.read(_file(grants), world.partnership)
    return "\n".join(exc.value.messages)


def test_org_id_prefixes_are_checked_against_the_lists_accord_ships(world, partners, grants):
    broken = copy.deepcopy(grants[:6])
    broken[0]["recipientOrganization"][0]["id"] = "GB-CHX-1164883"    # no such UK list
    broken[1]["recipientOrganization"][0]["id"] = "GB-CHC-12"         # a known list, a number it never issues
    broken[2]["fundingOrganization"][0]["id"] = "GB-FUND-1015648"     # the funder's id, unknown list
    text = _problems(world, broken)
    assert text.startswith("3 of 6 grants are not valid")
    assert f"{broken[0]['id']}: recipientOrganization.0.id: “GB-CHX” is not a known org-id list prefix" in text
    assert f"{broken[1]['id']}: recipientOrganization.0.id: “12” is not a valid number for GB-CHC" in text
    assert f"{broken[2]['id']}: fundingOrganization.0.id: “GB-FUND” is not a known org-id list prefix" in text


def test_a_funder_id_that_confirm_would_refuse_is_refused_by_the_preview(world, partners, grants):
    """The funder is added to Accord by its org-id on confirm, so the preview checks it as confirm would."""
    mine = [g for g in grants if g["recipientOrganization"][0]["id"] == "GB-EDU-133843"][:2]
    mine[0]["fundingOrganization"][0]["id"] = "360G-ALWF"   # 360Giving's own prefix: fine for a recipient only
    text = _problems(world, mine)
    assert text.startswith("1 of 2 grants is not valid")
    assert f"{mine[0]['id']}: fundingOrganization.0.id: “360G-ALWF” cannot be recorded as a funder" in text
    assert not Organisation.objects.filter(org_id__icontains="360G").exists()


def test_a_funder_already_in_accord_is_matched_whatever_its_id(world, partners, grants):
    mine = [g for g in grants if g["recipientOrganization"][0]["id"] == "GB-EDU-133843"][:2]
    funder = Organisation.objects.create(name="ALWF", kind="funder", org_id=FUNDER_ID)
    for g in mine:
        g["fundingOrganization"][0]["id"] = FUNDER_ID.lower()
    pending = giving.preview_create(actor=world.users["manager"], partnership=world.partnership, filename="g.json",
                                    data=_file(mine))
    assert {r["funder_pk"] for r in pending.preview["streams"]} == {funder.pk}
    assert {s.funder for s in giving.confirm(actor=world.users["manager"], pending=pending)} == {funder}


def test_every_reason_a_grant_is_invalid_is_reported(world, partners, grants):
    broken = copy.deepcopy(grants[:2])
    g = broken[0]
    del g["title"]
    g["amountAwarded"] = -5
    g["currency"] = "gbp"
    g["plannedDates"] = [{"startDate": "2021-05-01", "endDate": "2021-01-01"}]
    g["recipientOrganization"][0]["id"] = "GB-CHX-1"
    g["fundingOrganization"][0]["id"] = "GB-NOPE-1"
    text = _problems(world, broken)
    line = next(t for t in text.splitlines() if t.startswith(g["id"]))
    for reason in ["'title' is a required property", "amountAwarded is -5", "currency", "the end date 2021-01-01",
                   "“GB-CHX” is not a known", "“GB-NOPE” is not a known"]:
        assert reason in line, reason


def test_amounts_and_ids_that_funding_cannot_hold_are_refused_by_the_preview(world, partners, grants):
    mine = [g for g in grants if g["recipientOrganization"][0]["id"] == "GB-EDU-133843"][:3]
    mine[0]["amountAwarded"] = 10.005                      # funding keeps pence, not fractions of them
    mine[1]["id"] = "360G-ALWF-" + "9" * 200               # longer than a grant id can be stored
    text = _problems(world, mine)
    assert text.startswith("2 of 3 grants are not valid")
    assert f"{mine[0]['id']}: amountAwarded:" in text and "decimal places" in text
    assert "360G-ALWF-999" in text and "at most 200 characters" in text


def test_duplicate_grant_ids_are_named_with_where_they_are(world, partners, grants):
    broken = copy.deepcopy(grants[:5])
    broken[3]["id"] = broken[1]["id"]
    text = _problems(world, broken)
    assert text.startswith("2 of 5 grants are not valid")
    assert f"{broken[1]['id']}: the grant id {broken[1]['id']} is used by grants 2 and 4 of the file" in text


def test_identifiers_are_kept_exactly_as_written(world, partners, grants):
    p = giving.read(REAL.read_bytes(), world.partnership)
    written = {g["recipientOrganization"][0]["id"] for g in grants}
    shown = {r["recipient_org_id"] for r in p["skipped"]} | {r["recipient_org_id"] for r in p["streams"]}
    assert "360G-ALWF-ORG:The_Willow_Primary_School_and_Broadwater's_Children's_Centre" in shown
    assert shown <= written
    # matching a partner ignores case; what is shown keeps the file's spelling
    lower = copy.deepcopy([g for g in grants if g["recipientOrganization"][0]["id"] == "GB-EDU-133843"][:1])
    lower[0]["recipientOrganization"][0]["id"] = "gb-edu-133843"
    row = giving.read(_file(lower), world.partnership)["streams"][0]
    assert row["recipient_org_id"] == "gb-edu-133843" and row["recipient_pk"] == partners[0].pk


def test_one_recipient_id_with_different_names_is_warned_about(world, partners):
    p = giving.read(REAL.read_bytes(), world.partnership)
    p["warnings"] = [english(w) for w in p["warnings"]]
    assert any("GB-CHC-1151662" in w and "Music in Secondary Schools Trust" in w
               and "“Music in Secondary Schools”" in w for w in p["warnings"])
    assert len([w for w in p["warnings"] if "is named" in w]) == 1
    # lists Accord does not ship are said to be unchecked, not passed silently
    assert any("US-EIN" in w and "not checked" in w for w in p["warnings"])


def test_the_preview_page_shows_the_warnings(world, partners):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = world.client("manager")
    response = client.post(f"/p/{world.partnership.pk}/delivery/funding/import/",
                           {"file": SimpleUploadedFile("grants.json", REAL.read_bytes())}, follow=True)
    page = response.content.decode()
    assert "Check before you import" in page
    assert "GB-CHC-1151662 is named" in page and "Music in Secondary Schools Trust" in page


def test_a_code_not_on_a_long_code_list_is_named_without_printing_the_list(world, partners, grants):
    broken = copy.deepcopy(grants[:1])
    broken[0]["currency"] = "XYZ"
    text = _problems(world, broken)
    assert f"{broken[0]['id']}: currency: 'XYZ' is not one of the" in text and "codes the 360Giving standard lists" in text
    assert "'AED'" not in text


def test_the_unchecked_list_warning_counts_grants_not_ids(world, partners, grants):
    us = next(g for g in grants if g["recipientOrganization"][0]["id"].startswith("US-EIN"))
    twice = [copy.deepcopy(us), {**copy.deepcopy(us), "id": us["id"] + "-b"}]
    warnings = [english(w) for w in giving.read(_file(twice), world.partnership)["warnings"]]
    assert any(w.startswith("2 grants name recipients on org-id lists outside the UK (US-EIN)") for w in warnings)
