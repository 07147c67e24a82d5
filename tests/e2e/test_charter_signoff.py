"""A charter draft is signed by each partner's senior leader, on a phone-sized browser, and becomes agreed."""

import pytest

from accord.charter import services
from tests.conftest import PASSWORD

from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_each_partners_leader_signs_and_the_draft_becomes_agreed(page, world):
    services.version_create(actor=world.users["manager"], partnership=world.partnership,
                            vision="Every family safe.", mission="Stop abuse **at source**.",
                            principles="- We keep our word")
    for persona, org, last in [("leader_a", "Alpha Charity", False), ("leader_b", "Beta Trust", True)]:
        sign_in(page, f"{persona}@example.org", PASSWORD)
        page.goto(f"/p/{world.partnership.pk}/")
        page.get_by_role("link", name="Charter", exact=True).click()
        page.get_by_role("heading", name="Version 1 is waiting for sign-off").wait_for()
        row = page.get_by_role("row", name=org)
        assert "Not yet signed" in row.inner_text()
        page.get_by_role("button", name=f"Sign off version 1 for {org}").click()
        page.get_by_text(f"You signed version 1 for {org}.").wait_for()
        if not last:
            assert page.get_by_role("button", name="Sign off version 1").count() == 0
            assert "Not yet signed" in page.get_by_role("row", name="Beta Trust").inner_text()
            page.get_by_role("button", name="Sign out").click()
    page.get_by_text("Every partner has now signed: this version is agreed.").wait_for()
    assert page.get_by_role("heading", name="The agreed charter: version 1").is_visible()
    assert page.locator("strong", has_text="at source").count() == 1
    page.goto(f"/p/{world.partnership.pk}/")
    assert "Version 1 agreed on" in page.get_by_role("region", name="Our charter").inner_text()
