"""One partner shares a document on terms; another partner opens it and sees the terms first."""

import re

import pytest

from accord.demo import partnership as demo
from accord.library.models import AccessEntry, KnowledgeItem
from accord.partners.models import Partnership
from tests.demo.snapshot import load_demo
from tests.library.conftest import pdf_bytes

from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_partner_shares_a_document_on_terms_and_another_opens_it_after_the_terms(page, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    load_demo()
    pk = Partnership.objects.get(name=demo.NAME).pk

    sign_in(page, "leah@compass.example", demo.PASSWORD)  # Change Path
    page.goto(f"/p/{pk}/library/share/")
    page.get_by_label("File", exact=True).check()
    page.get_by_label("Title", exact=True).fill("Risk review checklist")
    page.get_by_label(re.compile(r"^Summary")).fill("The questions we ask at every risk review.")
    page.get_by_label("The file").set_input_files(
        files=[{"name": "risk-review.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes("Risk review")}])
    page.get_by_label("Named partner organisations", exact=True).check()
    page.get_by_label("Safer Homes Together").check()
    page.get_by_label("Learning inside the partnership").check()
    page.get_by_label("Attribution line").fill("© Change Path 2026")
    page.get_by_role("button", name="Share it").click()
    page.get_by_role("heading", name="Risk review checklist").wait_for()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "sam@compass.example", demo.PASSWORD)  # Safer Homes Together
    page.goto(f"/p/{pk}/library/")
    page.get_by_role("link", name="Risk review checklist").click()
    page.get_by_role("heading", name=re.compile("Before you open")).wait_for()
    assert page.get_by_text("Only these partners: Safer Homes Together").count() == 1
    assert page.get_by_text("© Change Path 2026").count() == 1
    assert page.get_by_role("link", name=re.compile("Download")).count() == 0
    item = KnowledgeItem.objects.get(title="Risk review checklist")
    sams = AccessEntry.objects.filter(item=item, user__email="sam@compass.example")
    assert not sams.exists()  # the terms page is not an opening

    page.get_by_role("button", name="I accept these terms").click()
    page.get_by_role("heading", name="Risk review checklist").wait_for()
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("Download")).click()
    assert "terms v1" in info.value.suggested_filename and info.value.suggested_filename.endswith(".pdf")
    assert list(sams.order_by("seq").values_list("action", flat=True)) == ["view", "download"]
    assert set(sams.values_list("organisation__name", flat=True)) == {"Safer Homes Together"}


def test_a_leader_keeps_a_checkpoint_and_checks_the_record_against_it(page, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    load_demo()
    pk = Partnership.objects.get(name=demo.NAME).pk

    sign_in(page, "tom@compass.example", demo.PASSWORD)  # a senior leader, not the manager
    page.goto(f"/p/{pk}/library/record/")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download checkpoint").click()
    kept = tmp_path / "checkpoint.json"
    info.value.save_as(kept)
    page.get_by_role("link", name="Check the access record").first.click()
    page.get_by_role("heading", name="Check the access record").wait_for()
    assert page.get_by_text("The access record is whole").count() == 1
    page.get_by_label("Checkpoint file").set_input_files(str(kept))
    page.get_by_role("button", name="Check against this checkpoint").click()
    assert page.get_by_text(re.compile(r"including yours of")).count() == 1


def test_withdrawing_an_item_asks_first(page, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    load_demo()
    item = KnowledgeItem.objects.filter(withdrawn_at__isnull=True, author__isnull=False).select_related("author").first()
    assert item is not None
    from accord.partners.models import Role

    owner = Role.objects.filter(partnership=item.partnership, organisation=item.owner_org,
                                role__in=["leader", "staff"]).select_related("user").first()
    sign_in(page, owner.user.email, demo.PASSWORD)
    page.goto(item.get_absolute_url())
    page.get_by_role("link", name=re.compile("Withdraw this item")).click()
    page.get_by_role("heading", name=re.compile("^Withdraw")).wait_for()
    page.get_by_role("button", name="Withdraw the item").click()
    page.get_by_text("Tick the box to confirm").first.wait_for()
    item.refresh_from_db()
    assert not item.is_withdrawn
    page.get_by_label("Yes, withdraw this item").check()
    page.get_by_role("button", name="Withdraw the item").click()
    page.get_by_text(re.compile("The item is withdrawn")).wait_for()
    item.refresh_from_db()
    assert item.is_withdrawn
