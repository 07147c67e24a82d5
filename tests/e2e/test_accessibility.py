"""Every page of Accord passes axe-core's WCAG 2.2 A and AA rules, for every role (manager, leader, staff,
funder, and the public signed out), on a desktop screen (1280 px) and a phone (390 px), and no page scrolls
sideways on the narrowest phone (320 px): a wide table scrolls inside its own labelled, focusable region.

The pages come from the URL patterns (tests/e2e/crawl.py) over the demo partnership, so a new page is checked
as soon as it exists, or this test names it as one it cannot reach. To stay affordable, a browser opens each
distinct page once (a page that two roles see alike is checked once), runs axe at both widths on it, then
measures it at 320 px; the pages are shared between two tests, which the two test processes run side by side.
axe is the copy bundled with axe-playwright-python, injected into the page: nothing is fetched."""

from __future__ import annotations

import json

import pytest
from axe_playwright_python.sync_playwright import Axe

from accord.demo import partnership as demo
from tests.demo.snapshot import load_demo

from . import crawl
from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
WIDTHS = (1280, 390)
AXE = Axe()


OPTIONS = json.dumps({"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations"]})


def problems(page) -> list[str]:
    """Every axe violation of the WCAG 2.2 A/AA rules on the page as it is now, whatever its impact
    (axe must be in the page: see check)."""
    results = page.evaluate(f"axe.run(document, {OPTIONS}).then(r => r.violations)")
    return [f"{v['id']} ({len(v['nodes'])}×: {v['nodes'][0]['target']}): {v['help']}" for v in results]


def check(page, path: str) -> list[str]:
    """axe at each width on one load of the page (axe is put into the page once)."""
    page.evaluate(AXE.axe_script)
    found = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        found += [f"{path} at {width} px: {p}" for p in problems(page)]
    return found


SHARES = 2  # the sweep is cut in two, every other page each, so that both test processes share it


@crawl.ONCE_ONLY
@pytest.mark.parametrize("share", range(SHARES), ids=lambda n: f"share {n + 1} of {SHARES}")
def test_every_page_for_every_role_passes_axe_and_fits_a_320_px_screen(page, share):
    ids = crawl.demo_ids()
    found = crawl.crawl(ids, list(crawl.ROLES))
    print({role: len(p) for role, p in found.pages.items()}, flush=True)
    failures = [f"cannot fill the parameters of {route}: add them to crawl.demo_ids" for route in found.unfillable]
    failures += [f"no role reaches {route} as a page: give crawl.demo_ids a record it shows, or list it in "
                 f"crawl.NOT_PAGES" for route, roles in found.reached.items() if not roles]
    for role, email in crawl.ROLES.items():
        mine = found.pages[role][share::SHARES]
        if not mine:
            continue
        page.context.clear_cookies()
        if email:
            sign_in(page, email, demo.PASSWORD)
        for path in mine:
            print(f"axe [{role}] {path}", flush=True)
            response = page.goto(path)
            assert response is not None and response.status == 200, (role, path)
            found_here = [f"[{role}] {p}" for p in check(page, path)]
            page.set_viewport_size({"width": 320, "height": 800})
            wide = page.evaluate(crawl.WIDE_THINGS)
            if wide["scroll"] > 320:
                found_here.append(f"[{role}] {path} at 320 px: {wide['scroll']} px wide, because of {wide['wide']}")
            print("\n".join(found_here), flush=True) if found_here else None
            failures += found_here
    assert sum(len(p) for p in found.pages.values()) > 100
    assert not failures, "\n".join(failures)


def test_a_failed_form_describes_each_field_by_its_error_and_hint_and_moves_focus_to_the_summary(page):
    """A screen reader reads a field's hint and its own error with the field, and after a failed submission
    focus is on the list of problems (the test reads Chromium's accessibility tree, as a screen reader does)."""
    crawl.demo_ids()
    sign_in(page, crawl.ROLES["manager"], demo.PASSWORD)
    from accord.partners.models import Partnership

    p = Partnership.objects.get(name=demo.NAME)
    page.goto(f"/p/{p.pk}/meetings/series/new/")
    page.get_by_label("Title").fill("Steering group")
    page.get_by_label("How often").fill("FREQ=FORTNIGHTLY")
    page.get_by_label("First date").fill("2027-01-05")
    page.get_by_role("button", name="Create").click()
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    field = page.get_by_label("How often")
    assert field.get_attribute("aria-invalid") == "true"
    session = page.context.new_cdp_session(page)
    node_id = session.send("DOM.describeNode", {"objectId": session.send(
        "Runtime.evaluate", {"expression": "document.getElementById('id_rrule')"})["result"]["objectId"]})
    tree = session.send("Accessibility.getPartialAXTree", {"backendNodeId": node_id["node"]["backendNodeId"],
                                                           "fetchRelatives": False})
    description = next(n for n in tree["nodes"] if n.get("role", {}).get("value") == "textbox")["description"]["value"]
    assert "FREQ=DAILY, WEEKLY, MONTHLY or YEARLY" in description  # its own error
    assert "first Tuesday of every month" in description  # its hint


def test_the_notice_unsubscribe_page_is_accessible_without_signing_in(page):
    from accord.accounts.models import User
    from accord.notices import services

    user = User.objects.create_user("reader@example.org", "a long enough password 1", full_name="Reader")
    token = services.unsubscribe_token(user=user, email="", period="daily")
    page.goto(f"/notices/unsubscribe/{token}/")
    assert check(page, "unsubscribe") == []
    page.get_by_role("button", name="Stop these e-mails").click()
    assert "E-mails stopped" in page.content()
    assert check(page, "unsubscribe") == []


def test_the_discussion_pages_are_accessible(page):
    """Discussions (#16): the list, a closed thread, a decided proposal, a date poll, an open proposal with
    its answer form (as a leader), and the forms to start a discussion, make a proposal and name a delegate."""
    import datetime as dt

    from django.utils import timezone

    from accord.core import policy
    from accord.discussions import services
    from accord.discussions.models import Proposal, Thread
    from accord.partners.models import Partnership

    load_demo()
    p = Partnership.objects.get(name=demo.NAME)
    thread = Thread.objects.filter(partnership=p, status="open").first()
    manager = thread.author
    open_one = services.proposal_open(actor=manager, access=policy.check(manager, p), thread=thread,
                                      kind="ranked", title="Who chairs the review?", options=["Ann", "Bea", "Cy"],
                                      closes_at=timezone.now() + dt.timedelta(days=5))
    pages = [f"/p/{p.pk}/discussions/", f"/p/{p.pk}/discussions/new/", f"/p/{p.pk}/discussions/delegates/",
             f"/p/{p.pk}/discussions/{thread.pk}/proposals/new/"]
    pages += [t.get_absolute_url() for t in Thread.objects.filter(partnership=p)]
    pages += [x.get_absolute_url() for x in Proposal.objects.filter(thread__partnership=p)]
    sign_in(page, "helen@compass.example", demo.PASSWORD)
    for path in [*pages, open_one.get_absolute_url()]:
        page.goto(path)
        assert check(page, path) == []
