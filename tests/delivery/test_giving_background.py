"""A large 360Giving file is checked in the background: the page and the API show how far it has got,
and the same checks run from the command line (`accord import-360giving`)."""

import json
import re

import pytest
from bench.delivery import multiply
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from accord.delivery import giving
from accord.delivery.models import FundingStream, PendingImport

from .conftest import REAL


@pytest.fixture
def big():
    """The real file's 475 grants multiplied to 1,200 with new ids (bench/delivery.py makes 17,000)."""
    return multiply(json.loads(REAL.read_text())["grants"], 1200)


def test_a_file_is_checked_in_the_background_and_its_progress_is_recorded(world, partners, big, monkeypatch):
    seen = []
    real_read = giving.read

    def watching(data, partnership, progress=None):
        def spy(done, total):
            progress(done, total)
            seen.append((PendingImport.objects.get().state, PendingImport.objects.get().processed, total))
        return real_read(data, partnership, progress=spy)

    monkeypatch.setattr(giving, "read", watching)
    pending = giving.start(actor=world.users["manager"], partnership=world.partnership, filename="big.json",
                           data=big)
    assert seen[:2] == [("reading", 250, 1200), ("reading", 500, 1200)] and len(seen) == 4
    assert (pending.state, pending.processed, pending.total) == ("ready", 1200, 1200)
    ours = {o.org_id for o in partners}
    expected = sum(g["recipientOrganization"][0]["id"] in ours for g in json.loads(big)["grants"])
    assert len(pending.preview["streams"]) == expected == 49 and pending.upload is None


def test_the_page_shows_progress_and_reloads_itself_without_script(world, partners):
    pending = PendingImport.objects.create(partnership=world.partnership, filename="big.json", state="reading",
                                           processed=5250, total=17000, upload=b"{}")
    url = f"/p/{world.partnership.pk}/delivery/funding/import/{pending.pk}/"
    page = world.client("manager").get(url).content.decode()
    assert "Checked 5,250 of 17,000 grants (30%)" in page
    assert re.search(r'<meta http-equiv="refresh" content="\d+">', page)
    assert "<script" not in page
    # confirming before the check is done is refused, nothing imported
    response = world.client("manager").post(url, follow=True).content.decode()
    assert "still being checked" in response and not FundingStream.objects.exists()
    assert world.client("leader_a").get(url).status_code == 403


def test_a_file_with_problems_found_in_the_background_shows_every_one(world, partners):
    pending = PendingImport.objects.create(partnership=world.partnership, filename="bad.json", state="failed",
                                           processed=10, total=10, problems=["1 of 10 grants are not valid", "g1: x"])
    page = world.client("manager").get(f"/p/{world.partnership.pk}/delivery/funding/import/{pending.pk}/")
    text = page.content.decode()
    assert "bad.json cannot be imported" in text and "g1: x" in text and "http-equiv" not in text


def test_the_api_reports_progress(world, partners, big):
    client = world.client("manager")
    base = f"/api/partnerships/{world.partnership.pk}/funding-imports"
    reading = PendingImport.objects.create(partnership=world.partnership, filename="big.json", state="reading",
                                           processed=250, total=17000, upload=b"{}")
    status = client.get(f"{base}/{reading.pk}").json()
    assert (status["state"], status["processed"], status["total"]) == ("reading", 250, 17000)
    assert client.post(f"{base}/{reading.pk}/confirm").status_code == 422
    made = client.post(base, {"file": SimpleUploadedFile("big.json", big)})
    assert made.status_code == 201  # huey runs at once in tests: the check has finished
    status = client.get(f"{base}/{made.json()['id']}").json()
    assert (status["state"], status["processed"], status["total"]) == ("ready", 1200, 1200)
    assert status["to_import"] == len(made.json()["to_import"]) and status["problems"] == []
    assert any("GB-CHC-1151662" in w for w in status["warnings"])
    assert world.client("leader_a").get(f"{base}/{reading.pk}").status_code == 403
    assert client.get(f"{base}/999999").status_code == 404


def test_the_api_answers_202_while_a_file_is_still_being_checked(world, partners, monkeypatch):
    from accord.delivery import giving

    monkeypatch.setattr(giving, "check_import", lambda pk: None)  # as if the worker has not begun
    made = world.client("manager").post(f"/api/partnerships/{world.partnership.pk}/funding-imports",
                                        {"file": SimpleUploadedFile("g.json", REAL.read_bytes())})
    assert made.status_code == 202
    assert (made.json()["state"], made.json()["processed"], made.json()["total"]) == ("reading", 0, 475)


def test_openapi_names_the_status_schema(world):
    schema = world.client("manager").get("/api/openapi.json").json()
    assert "GivingImportStatusOut" in schema["components"]["schemas"]


def test_the_command_previews_then_imports_with_confirm(world, partners, capsys):
    call_command("import_360giving", str(REAL), partnership=world.partnership.pk)
    out = capsys.readouterr()
    assert "Read 475 grants, all valid. 24 grants will become funding streams; 451 grants are left out." in out.out
    assert "Nothing was imported" in out.out and "Checked 250 of 475 grants" in out.err
    assert "GB-CHC-1151662 is named" in out.out
    assert not FundingStream.objects.exists() and not PendingImport.objects.exists()
    call_command("import_360giving", str(REAL), partnership=world.partnership.pk, confirm=True,
                 user=world.users["manager"].email)
    assert "Imported 24 funding streams" in capsys.readouterr().out and FundingStream.objects.count() == 24


def test_the_command_lists_every_problem_and_imports_nothing(world, partners, tmp_path):
    grants = json.loads(REAL.read_text())["grants"][:3]
    grants[1]["amountAwarded"] = -1
    grants[2]["recipientOrganization"][0]["id"] = "GB-CHX-1"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"grants": grants}))
    with pytest.raises(CommandError) as exc:
        call_command("import_360giving", str(path), partnership=world.partnership.pk, confirm=True)
    text = str(exc.value)
    assert text.startswith("2 of 3 grants are not valid")
    assert f"{grants[1]['id']}: amountAwarded is -1" in text and f"{grants[2]['id']}: recipientOrganization" in text
    assert not FundingStream.objects.exists() and not PendingImport.objects.exists()
    with pytest.raises(CommandError, match="No partnership"):
        call_command("import_360giving", str(path), partnership=999999)
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_360giving", str(tmp_path / "missing.json"), partnership=world.partnership.pk)
