"""From sign-in to the first thing each persona must do, on a 390 px phone, in at most two taps.

Each test counts the taps (clicks on links or buttons) after the sign-in form, and prints where the
partnership's state starts on the home page (figures for the report)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accord.charter import services as charter
from accord.core.policy import access_for
from accord.governance import services as governance
from accord.library import services as library
from accord.trust import services as trust
from tests.conftest import PASSWORD
from tests.demo.snapshot import load_demo

from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(60_000)  # a loaded machine: generous waits (nothing here is timed)
    page.set_default_navigation_timeout(60_000)
    yield page
    context.close()


class Taps:
    def __init__(self, page):
        self.page, self.count = page, 0

    def link(self, name: str) -> None:
        self.count += 1
        self.page.get_by_role("link", name=name).first.click()

    def button(self, name: str) -> None:
        self.count += 1
        self.page.get_by_role("button", name=name).first.click()


def _in_first_screen(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] < 844 * 1.5


def test_a_leader_signs_the_charter_in_two_taps(phone, world):
    charter.version_create(actor=world.users["manager"], partnership=world.partnership, mission="We keep our word.")
    sign_in(phone, "leader_a@example.org", PASSWORD)
    taps = Taps(phone)
    assert _in_first_screen(phone, phone.get_by_role("link", name="Sign the charter, version 1"))
    taps.link("Sign the charter, version 1")
    assert phone.get_by_text("We keep our word.").is_visible()  # the text being signed, beside the button
    taps.button("Sign off version 1 for Alpha Charity")
    phone.get_by_text("You signed version 1 for Alpha Charity.").wait_for()
    assert taps.count <= 2


def test_staff_answer_the_survey_in_one_tap(phone, world):
    trust.wave_open(actor=world.users["manager"], partnership=world.partnership, name="Spring survey",
                    closes_on=dt.date.today() + dt.timedelta(days=10), instruments=["relationships"],
                    confidentiality="named", invite="everyone", send=False)
    sign_in(phone, "staff_b@example.org", PASSWORD)
    taps = Taps(phone)
    taps.link("Answer the survey “Spring survey”")
    phone.wait_for_url("**/survey/**")
    assert phone.get_by_role("heading").first.is_visible()
    assert taps.count <= 2


def test_the_manager_answers_a_library_request_in_two_taps(phone, world, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    from accord.partners.models import Membership, Organisation

    third = Organisation.objects.create(name="Third Org", kind="charity")
    Membership.objects.create(partnership=world.partnership, organisation=third, joined=dt.date(2024, 1, 1))
    a = access_for(world.users["manager"], world.partnership)
    item = library.item_create(actor=world.users["manager"], access=a, kind="note", title="Risk list", body="x",
                               terms={"audience": "named", "named_orgs": [third.pk]})
    library.request_create(actor=world.users["leader_b"], access=access_for(world.users["leader_b"], world.partnership),
                           item=item, reason="We need it for the audit.")
    sign_in(phone, "manager@example.org", PASSWORD)
    taps = Taps(phone)
    taps.link("Answer Beta Trust's request for “Risk list”")
    assert phone.get_by_text("We need it for the audit.").first.is_visible()
    assert taps.count <= 2


def test_a_leader_replies_to_the_next_meeting_in_two_taps(phone, world):
    series = governance.series_create(actor=world.users["manager"], partnership=world.partnership, title="Leaders",
                                      rrule="FREQ=MONTHLY;BYDAY=1TU", starts_on=dt.date(2024, 1, 1), notify=False)
    coming = series.meetings.filter(start__gt=timezone.now()).order_by("start").first()
    sign_in(phone, "leader_b@example.org", PASSWORD)
    taps = Taps(phone)
    taps.link(f"Reply to the invitation: {coming}")
    phone.get_by_label("Not going").check()
    taps.button("Save my reply")
    phone.get_by_text("your reply is saved").wait_for()
    assert coming.attendance.get(person=world.people["leader_b"]).reply == "not_going"
    assert taps.count <= 2


def test_a_funder_reaches_the_partnerships_state_in_one_tap(phone, world):
    sign_in(phone, "funder@example.org", PASSWORD)
    assert phone.get_by_text("Nothing waits for you right now.").is_visible()
    taps = Taps(phone)
    taps.link("Test partnership")
    state = phone.get_by_role("heading", name="How the partnership is doing")
    box = state.bounding_box()
    print(f"needsme: funder home, state heading at {box['y']:.0f} px on a 390 px phone")
    assert _in_first_screen(phone, state)
    assert taps.count <= 2


def test_on_the_partnership_home_the_state_comes_before_the_partners(phone, world):
    charter.version_create(actor=world.users["manager"], partnership=world.partnership, mission="We keep our word.")
    sign_in(phone, "leader_a@example.org", PASSWORD)
    phone.goto(f"/p/{world.partnership.pk}/")
    state = phone.get_by_role("heading", name="How the partnership is doing").bounding_box()
    partners = phone.get_by_role("heading", name="Partners", exact=True).bounding_box()
    print(f"needsme: leader home, state at {state['y']:.0f} px, partners at {partners['y']:.0f} px")
    assert state["y"] < partners["y"] and state["y"] < 844 * 1.5


def test_in_the_demo_the_health_index_is_near_the_top_of_the_home(phone):
    """Reported: eight partner cards came first (about 1,500 px on a phone) and the health index was about
    6,500 px down. Now what needs you comes first, then the state, with health at its head."""

    from accord.demo import partnership as demo
    from accord.partners.models import Partnership

    load_demo()
    p = Partnership.objects.get(name=demo.NAME)
    sign_in(phone, "manager@compass.example", demo.PASSWORD)
    phone.goto(f"/p/{p.pk}/")
    health = phone.get_by_role("heading", name="Partnership health").bounding_box()
    partners = phone.get_by_role("heading", name="Partners", exact=True).bounding_box()
    height = phone.evaluate("document.documentElement.scrollHeight")
    print(f"needsme: demo home on a 390 px phone: health at {health['y']:.0f} px, partners at "
          f"{partners['y']:.0f} px, page {height} px")
    assert health["y"] < 844 * 2 and health["y"] < partners["y"]
