"""Invitees answer a meeting (going, not going, sending a named colleague) from its page, from the signed
link in the e-mail (no sign-in, cannot be forged, changeable until the meeting starts) and from their
calendar program's METHOD:REPLY; the manager sees who has not replied; the register starts from the
replies; non-repliers get one reminder notice."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accord.governance import ical, services
from accord.governance.models import Attendance
from accord.governance.services import replies
from accord.notices.models import Notice
from accord.partners.models import Person


@pytest.fixture
def coming(series):
    return series.meetings.filter(start__gt=timezone.now()).order_by("start").first()


def _row(meeting, world, persona):
    return meeting.attendance.get(person=world.people[persona])


def _colleague(world, org_key="org_a", name="Deputy A"):
    return Person.objects.create(partnership=world.partnership, organisation=getattr(world, org_key), name=name,
                                 email=f"{name.lower().replace(' ', '.')}@example.org", start_date=dt.date(2024, 1, 1))


def test_an_invitee_replies_from_the_meeting_page_and_can_change_it(world, coming):
    client = world.client("leader_a")
    url = f"/p/{world.partnership.pk}/meetings/{coming.pk}/"
    page = client.get(url).content.decode()
    assert 'id="reply"' in page and "You have not replied yet" in page
    client.post(url + "reply/", {"reply": "going"})
    assert _row(coming, world, "leader_a").reply == "going"
    client.post(url + "reply/", {"reply": "not_going"})
    row = _row(coming, world, "leader_a")
    assert row.reply == "not_going" and row.reply_via == "page"


def test_a_delegate_must_be_a_named_colleague_of_the_same_organisation_in_this_partnership(world, coming):
    deputy = _colleague(world)
    row = _row(coming, world, "leader_a")
    with pytest.raises(ValidationError, match="Choose the colleague"):
        replies.reply_set(actor=world.users["leader_a"], row=row, reply="delegate")
    # someone of another organisation, or another partnership's record, names nobody
    elsewhere = world.people["outsider"]
    for wrong in (world.people["staff_b"], elsewhere, 999999):
        with pytest.raises(ValidationError, match="colleague of Alpha Charity"):
            replies.reply_set(actor=world.users["leader_a"], row=row, reply="delegate", delegate=wrong)
    done = replies.reply_set(actor=world.users["leader_a"], row=row, reply="delegate", delegate=deputy.pk)
    assert done.reply_delegate == deputy


def test_replies_close_when_the_meeting_starts(world, coming):
    row = _row(coming, world, "leader_a")
    with pytest.raises(ValidationError, match="already started"):
        replies.reply_set(actor=None, row=row, reply="going", now=coming.start + dt.timedelta(minutes=1))


def test_the_emailed_link_works_without_signing_in_and_cannot_be_forged(world, coming, client):
    row = _row(coming, world, "leader_b")
    token = replies.reply_token(row)
    page = client.get(f"/meetings/reply/{token}/")
    assert page.status_code == 200 and "Leader B" in page.content.decode()
    client.post(f"/meetings/reply/{token}/", {"reply": "not_going"})
    row.refresh_from_db()
    assert row.reply == "not_going" and row.reply_via == "e-mail link"
    # a changed token is refused, and cannot be turned into another person's
    forged = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    assert client.post(f"/meetings/reply/{forged}/", {"reply": "going"}).status_code == 400
    other = _row(coming, world, "leader_a")
    from accord.lib import tokens
    wrong = tokens.make("governance.reply.other", {"a": other.pk, "p": other.person_id})
    assert client.post(f"/meetings/reply/{wrong}/", {"reply": "going"}).status_code == 400
    other.refresh_from_db()
    assert other.reply == ""


def test_the_invitation_carries_rsvp_and_a_reply_link(world, series, smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.series_update(actor=world.users["manager"], series=series, title="Leaders' meeting")
    [message] = smtp.to("leader_a@example.org")
    body = smtp.text(message)
    assert "/meetings/reply/" in body
    part = next(p for p in message.iter_attachments() if p.get_content_type() == "text/calendar")
    cal = icalendar.Calendar.from_ical(part.get_payload(decode=True))
    event = cal.walk("VEVENT")[0]
    assert "ORGANIZER" in event
    attendees = event["ATTENDEE"] if isinstance(event["ATTENDEE"], list) else [event["ATTENDEE"]]
    assert all(a.params["RSVP"] == "TRUE" for a in attendees)
    # the link in the e-mail answers for that person
    link = body.split("/meetings/reply/", 1)[1].split()[0]
    from django.test import Client
    Client().post("/meetings/reply/" + link, {"reply": "going"})
    upcoming = series.meetings.filter(start__gt=timezone.now()).order_by("start").first()
    assert _row(upcoming, world, "leader_a").reply == "going"


def _reply_ics(meeting, address, partstat, **params):
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Test//EN")
    cal.add("version", "2.0")
    cal.add("method", "REPLY")
    event = icalendar.Event()
    event.add("uid", meeting.series.uid)
    event.add("dtstamp", timezone.now())
    event.add("recurrence-id", ical._local(meeting.original_start, meeting.tz))
    event.add("attendee", icalendar.vCalAddress(f"mailto:{address}"), parameters={"PARTSTAT": partstat, **params})
    cal.add_component(event)
    return cal.to_ical()


def test_a_calendar_reply_is_matched_by_address_within_that_meeting_only(world, series, coming):
    deputy = _colleague(world, "org_b", "Deputy B")
    later = series.meetings.filter(start__gt=coming.start).order_by("start").first()
    data = _reply_ics(coming, "LEADER_B@example.org", "DELEGATED", **{"DELEGATED-TO": f"mailto:{deputy.email}"})
    [row] = replies.replies_from_ical(actor=world.users["manager"], meeting=coming, data=data)
    assert row.reply == "delegate" and row.reply_delegate == deputy and row.reply_via == "calendar"
    assert _row(later, world, "leader_b").reply == ""  # never another meeting
    # a reply about another date is refused when uploaded to this meeting
    with pytest.raises(ValidationError, match="another date"):
        replies.replies_from_ical(actor=None, meeting=coming, data=_reply_ics(later, "leader_a@example.org", "ACCEPTED"))
    # an address not on this meeting's list (another partnership's person) matches nobody
    with pytest.raises(ValidationError, match="not on the list"):
        replies.replies_from_ical(actor=None, meeting=coming, data=_reply_ics(coming, "outsider@example.org",
                                                                              "ACCEPTED"))
    with pytest.raises(ValidationError, match="not a reply"):
        replies.replies_from_ical(actor=None, meeting=coming, data=ical.meeting_message(coming, method="REQUEST"))
    with pytest.raises(ValidationError, match="cannot be read|not a calendar"):
        replies.replies_from_ical(actor=None, meeting=coming, data=b"hello")


def test_the_manager_uploads_a_calendar_reply(world, coming):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("reply.ics", _reply_ics(coming, "leader_a@example.org", "ACCEPTED"), "text/calendar")
    url = f"/p/{world.partnership.pk}/meetings/{coming.pk}/replies/calendar/"
    assert world.client("leader_a").post(url, {"file": upload}).status_code == 403
    upload.seek(0)
    response = world.client("manager").post(url, {"file": upload})
    assert response.status_code == 302
    assert _row(coming, world, "leader_a").reply == "going"


def test_the_manager_sees_who_has_not_replied_and_the_register_starts_from_replies(world, coming):
    replies.reply_set(actor=None, row=_row(coming, world, "leader_a"), reply="not_going")
    page = world.client("manager").get(f"/p/{world.partnership.pk}/meetings/{coming.pk}/").content.decode()
    section = page.split('id="noreply-h"', 1)[1].split("</section>", 1)[0]
    assert "Leader B" in section and "Leader A" not in section
    register = world.client("manager").get(f"/p/{world.partnership.pk}/meetings/{coming.pk}/attendance/")
    row = next(r for r in register.context["rows"] if r.person == world.people["leader_a"])
    assert row.status == Attendance.Status.APOLOGIES
    assert Attendance.objects.get(pk=row.pk).status == ""  # suggested, not saved


def test_one_reminder_goes_to_those_who_have_not_replied(world, coming, settings):
    replies.reply_set(actor=None, row=_row(coming, world, "leader_a"), reply="going")
    before = coming.start - dt.timedelta(hours=settings.GOVERNANCE_REPLY_REMINDER_HOURS - 1)
    assert replies.send_reminders(now=before) == 1
    assert replies.send_reminders(now=before + dt.timedelta(hours=1)) == 0  # once only
    [notice] = Notice.objects.filter(kind=replies.REMINDER_KIND)
    assert notice.person == world.people["leader_b"] and str(coming.pk) in notice.url
    too_early = coming.start - dt.timedelta(hours=settings.GOVERNANCE_REPLY_REMINDER_HOURS + 5)
    Notice.objects.all().delete()
    assert replies.send_reminders(now=too_early) == 0


def test_invitations_are_recorded_as_notices_once(world, smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        series = services.series_create(actor=world.users["manager"], partnership=world.partnership, title="Leaders",
                                        rrule="FREQ=MONTHLY;BYDAY=1TU", starts_on=dt.date(2024, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        services.series_update(actor=world.users["manager"], series=series, title="Leaders' meeting")
    invited = Notice.objects.filter(kind=replies.INVITED_KIND)
    assert sorted(n.person.name for n in invited) == ["Leader A", "Leader B"]
