"""A notice reads in its reader's language, whatever language the page of the person who caused it was in:
on the notices page, in its e-mail (and digest), and from the API. A notice made before titles were stored
as messages still shows its English."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_noop

from accord.charter import services as charter
from accord.discussions import services as discussions
from accord.governance import services as governance
from accord.governance.models import Attendance
from accord.governance.services import replies
from accord.lib import stored_text
from accord.library import services as library
from accord.notices import sending
from accord.notices.models import Notice
from accord.partners.models import Membership, Organisation
from accord.trust import services as trust
from tests.discussions.conftest import access_of as discussion_access
from tests.library.conftest import access_of, share

from .conftest import QUIET, emit

WELSH_READERS = ("leader_b", "staff_b")


@pytest.fixture
def readers(world: Any) -> Any:
    """Leader B and Staff B read Welsh (their account's choice); everyone else reads English."""
    for name in WELSH_READERS:
        user = world.users[name]
        user.language = "cy"
        user.save(update_fields=["language"])
    return world


def _page(world: Any, persona: str) -> str:
    return html.unescape(world.client(persona).get("/notices/").content.decode())


def _reads(world: Any, persona: str, shown: str, not_shown: str) -> None:
    page = _page(world, persona)
    assert shown in page, f"{persona} should read {shown!r}"
    assert not_shown not in page, f"{persona} should not read {not_shown!r}"


def _mail(smtp: Any, persona: str) -> Any:
    sending.sweep()
    found = smtp.to(f"{persona}@example.org")
    assert len(found) == 1, f"one e-mail to {persona}, not {len(found)}"
    return found[0]


def _mailed(smtp: Any, persona: str, shown: str, not_shown: str) -> None:
    message = _mail(smtp, persona)
    assert " ".join(str(message["Subject"]).split()) == shown  # as a mail program shows it (folded header)
    for part in (smtp.text(message), html.unescape(smtp.html(message))):
        assert shown in part and not_shown not in part


def _welsh_date(day: dt.date) -> str:
    with translation.override("cy"):
        return date_format(day, "j F Y")


def _series(world: Any) -> Any:
    return governance.series_create(
        actor=world.users["manager"],
        partnership=world.partnership,
        title="Leaders' meeting",
        rrule="FREQ=MONTHLY;BYDAY=1TU",
        starts_on=dt.date(2024, 1, 1),
        start_time=dt.time(10, 0),
        time_zone="Europe/London",
        duration_minutes=120,
        notify=False,
    )


def test_a_charter_notice_made_from_a_welsh_page_reads_in_each_readers_language(readers, smtp):
    world = readers
    with translation.override("cy"):
        charter.version_create(
            actor=world.users["manager"], partnership=world.partnership, mission="Work together."
        )
    english = "Please sign version 1 of the Test partnership charter"
    welsh = "Llofnodwch fersiwn 1 o siarter Test partnership, os gwelwch yn dda"
    assert Notice.objects.filter(kind="charter.sign_requested").first().title == english  # search, admin
    _reads(world, "leader_a", english, welsh)
    _reads(world, "leader_b", welsh, english)
    _mailed(smtp, "leader_a", english, welsh)
    _mailed(smtp, "leader_b", welsh, english)


def test_a_partnership_writing_both_languages_sends_both_welsh_first(readers, smtp):
    world = readers
    world.partnership.email_languages = "both"
    world.partnership.save(update_fields=["email_languages"])
    with translation.override("cy"):
        charter.version_create(
            actor=world.users["manager"], partnership=world.partnership, mission="Work together."
        )
    message = _mail(smtp, "leader_a")
    welsh, english = (
        "Llofnodwch fersiwn 1 o siarter Test partnership, os gwelwch yn dda",
        "Please sign version 1 of the Test partnership charter",
    )
    assert " ".join(str(message["Subject"]).split()) == f"{welsh} / {english}"
    text = smtp.text(message)
    assert welsh in text and english in text and text.index(welsh) < text.index(english)


def test_a_survey_notice_reads_in_each_readers_language_with_their_month_names(readers):
    world = readers
    closes = dt.date.today() + dt.timedelta(days=14)
    with translation.override("cy"):
        trust.wave_open(
            actor=world.users["manager"],
            partnership=world.partnership,
            name="Spring",
            closes_on=closes,
            instruments=["relationships"],
            confidentiality="named",
            invite="leaders",
            send=False,
        )
    english = f"Please answer the survey “Spring” by {date_format(closes, 'j F Y')}"
    welsh = f"Atebwch yr arolwg “Spring” erbyn {_welsh_date(closes)}"
    _reads(world, "leader_a", english, welsh)
    _reads(world, "leader_b", welsh, english)


def test_library_notices_read_in_each_readers_language_both_ways(readers, smtp):
    world = readers
    org_c = Organisation.objects.create(name="Charlie Council", kind="public_body")
    Membership.objects.create(
        partnership=world.partnership, organisation=org_c, joined=world.partnership.start_date
    )
    item = share(world, title="Only for Charlie", audience="named", named=[org_c.pk])
    with translation.override("cy"):  # Staff B asks from a Welsh page: Alpha Charity's people read English
        req = library.request_create(
            actor=world.users["staff_b"],
            access=access_of(world, "staff_b"),
            item=item,
            reason="We run the same service.",
        )
    english, welsh = (
        "Beta Trust asks to read “Only for Charlie”",
        "Mae Beta Trust yn gofyn am gael darllen “Only for Charlie”",
    )
    _reads(world, "leader_a", english, welsh)
    _mailed(smtp, "leader_a", english, welsh)
    until = timezone.localdate() + dt.timedelta(days=30)
    with translation.override("en"):  # Leader A answers from an English page: Staff B reads Welsh
        library.request_decide(
            actor=world.users["leader_a"],
            access=access_of(world, "leader_a"),
            request=req,
            grant=True,
            until=until,
        )
    english = f"Your request to read “Only for Charlie” was granted until {date_format(until, 'j F Y')}"
    welsh = f"Caniatawyd eich cais i ddarllen “Only for Charlie” tan {_welsh_date(until)}"
    _reads(world, "staff_b", welsh, english)
    _mailed(smtp, "staff_b", welsh, english)
    assert Notice.objects.get(kind="library.access_answered").title == english


def test_a_library_decline_is_its_own_sentence(readers):
    world = readers
    org_c = Organisation.objects.create(name="Charlie Council", kind="public_body")
    Membership.objects.create(
        partnership=world.partnership, organisation=org_c, joined=world.partnership.start_date
    )
    item = share(world, title="Only for Charlie", audience="named", named=[org_c.pk])
    req = library.request_create(
        actor=world.users["staff_b"],
        access=access_of(world, "staff_b"),
        item=item,
        reason="We run the same service.",
    )
    library.request_decide(
        actor=world.users["leader_a"], access=access_of(world, "leader_a"), request=req, grant=False
    )
    _reads(world, "staff_b", "Gwrthodwyd eich cais i ddarllen “Only for Charlie”", "declined")


def test_discussion_notices_read_in_each_readers_language(readers, smtp):
    world = readers
    with translation.override("cy"):
        thread = discussions.thread_start(
            actor=world.users["manager"],
            access=discussion_access(world, "manager"),
            title="Sharing referral data",
            body="Shall we?",
        )
        discussions.comment_add(
            actor=world.users["manager"],
            access=discussion_access(world, "manager"),
            thread=thread,
            body="Over to @Leader A and @Leader B.",
        )
    english = "Manager mentioned you in “Sharing referral data”"
    welsh = "Soniodd Manager amdanoch yn “Sharing referral data”"
    _reads(world, "leader_a", english, welsh)
    _reads(world, "leader_b", welsh, english)
    _mailed(smtp, "leader_a", english, welsh)
    _mailed(smtp, "leader_b", welsh, english)


def test_a_proposals_closing_time_reads_in_each_readers_words(readers):
    world = readers
    thread = discussions.thread_start(
        actor=world.users["manager"],
        access=discussion_access(world, "manager"),
        title="Sharing referral data",
        body="Shall we?",
    )
    closes = timezone.now() + dt.timedelta(days=7)
    with translation.override("cy"):
        discussions.proposal_open(
            actor=world.users["manager"],
            access=discussion_access(world, "manager"),
            thread=thread,
            kind="consent",
            title="Share monthly",
            closes_at=closes,
        )
    day = timezone.localtime(closes)
    _reads(world, "leader_a", "Your answer is asked: Share monthly", "Gofynnir am eich ateb")
    assert f"It closes on {date_format(day, 'j F Y, H:i')}." in _page(world, "leader_a")
    with translation.override("cy"):
        welsh_when = date_format(day, "j F Y, H:i")
    _reads(world, "leader_b", "Gofynnir am eich ateb: Share monthly", "Your answer is asked")
    assert f"Mae’n cau ar {welsh_when}." in _page(world, "leader_b")


def test_governance_notices_read_in_each_readers_language(readers, smtp):
    world = readers
    meeting = _series(world).meetings.get(original_start__date=dt.date(2024, 2, 6))
    with translation.override("cy"):
        governance.decision_add(actor=world.users["manager"], meeting=meeting, proposal="Pool the budgets")
        governance.action_add(
            actor=world.users["manager"],
            meeting=meeting,
            title="Share the data",
            owner=world.people["staff_b"],
            due=dt.date(2024, 3, 1),
        )
    english, welsh = (
        "Your organisation's position is needed: Pool the budgets",
        "Mae angen safbwynt eich sefydliad: Pool the budgets",
    )
    _reads(world, "leader_a", english, welsh)
    _reads(world, "leader_b", welsh, english)
    _mailed(smtp, "leader_a", english, welsh)
    action_welsh = "Cam gweithredu i chi, erbyn 1 Mawrth 2024: Share the data"
    _reads(world, "staff_b", action_welsh, "An action for you")
    assert (
        "An action for you, due 1 March 2024: Share the data"
        == Notice.objects.get(kind="governance.action").title
    )


def test_a_meeting_invitation_notice_names_the_day_in_the_readers_words(readers):
    world = readers
    meeting = _series(world).meetings.get(original_start__date=dt.date(2024, 2, 6))
    for persona in ("leader_a", "leader_b"):
        Attendance.objects.get_or_create(meeting=meeting, person=world.people[persona])
    with translation.override("cy"):
        assert replies.invite_notices(meeting) >= 2
    _reads(world, "leader_a", "You are invited to Leaders' meeting, 6 February 2024", "Fe’ch gwahoddir")
    _reads(world, "leader_b", "Fe’ch gwahoddir i Leaders' meeting, 6 Chwefror 2024", "You are invited")
    assert "Dywedwch a ydych yn mynd" in _page(world, "leader_b")
    assert "Say whether you are going" in _page(world, "leader_a")


def test_a_digest_lists_each_notice_in_its_recipients_language(readers, smtp):
    world = readers
    with translation.override("en"):
        emit(
            world,
            ["leader_a", "leader_b"],
            kind=QUIET,
            title=stored_text.message(gettext_noop("Decided: %(title)s"), title="Pool the budgets"),
        )
    later = timezone.now() + dt.timedelta(days=2)
    sending.sweep(now=later)
    assert "Penderfynwyd: Pool the budgets" in smtp.text(smtp.to("leader_b@example.org")[0])
    assert "Decided: Pool the budgets" in smtp.text(smtp.to("leader_a@example.org")[0])


def test_a_notice_stored_before_messages_still_shows_its_english(readers, smtp):
    world = readers
    Notice.objects.create(
        partnership=world.partnership,
        person=world.people["leader_b"],
        kind="charter.sign_requested",
        event_key="old:1",
        title="Written before the change",
        body="Its old body",
        url="/notices/",
        delivery="immediate",
        email="leader_b@example.org",
        state="pending",
    )
    page = _page(world, "leader_b")
    assert "Written before the change" in page and "Its old body" in page
    api = world.client("leader_b").get("/api/me/notices").json()
    assert api[0]["title"] == "Written before the change" and api[0]["body"] == "Its old body"
    message = _mail(smtp, "leader_b")
    assert " ".join(
        str(message["Subject"]).split()
    ) == "Written before the change" and "Its old body" in smtp.text(message)


def test_the_api_answers_in_the_language_asked(world):
    charter.version_create(
        actor=world.users["manager"],
        partnership=world.partnership,
        mission="Work together.",
        change_note="First draft",
    )
    client = world.client("leader_a")
    welsh = client.get("/api/me/notices", HTTP_ACCEPT_LANGUAGE="cy").json()
    assert welsh[0]["title"] == "Llofnodwch fersiwn 1 o siarter Test partnership, os gwelwch yn dda"
    assert welsh[0]["body"] == "First draft"  # the manager's own words stay as written
    english = client.get("/api/me/notices", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english[0]["title"] == "Please sign version 1 of the Test partnership charter"


def test_erasing_a_person_scrubs_their_name_from_the_stored_message_too(readers):
    from types import SimpleNamespace

    from accord.notices import personal_data
    from accord.privacy.engine import ERASED, scrub

    world = readers
    thread = discussions.thread_start(
        actor=world.users["manager"],
        access=discussion_access(world, "manager"),
        title="Sharing referral data",
        body="Shall we?",
    )
    discussions.comment_add(
        actor=world.users["manager"],
        access=discussion_access(world, "manager"),
        thread=thread,
        body="@Leader B?",
    )
    gone = world.people["manager"]
    ctx = SimpleNamespace(person_ids=[gone.pk], scrub=lambda value: scrub(value, ["Manager"]))
    personal_data._erase(Notice.objects.filter(kind="discussions.mentioned"), ctx)
    notice = Notice.objects.get(kind="discussions.mentioned")
    assert "Manager" not in notice.title and "Manager" not in str(notice.title_text)
    assert f"Soniodd {ERASED} amdanoch" in _page(world, "leader_b")
