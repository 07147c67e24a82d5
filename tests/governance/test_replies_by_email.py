"""Calendar replies that arrive by e-mail (Accept/Decline pressed in Outlook, Gmail, Apple Calendar): read
from a mail server's pipe (`accord receive_mail`) or an inbound-mail webhook, recorded through the same
code as an uploaded .ics reply, only for the sender's own address, once, and never a 500."""

from __future__ import annotations

import base64
import datetime as dt
import io
from email.message import EmailMessage
from email.utils import make_msgid

import icalendar
import pytest
from django.core.management import call_command
from django.db import DatabaseError
from django.utils import timezone

from accord.core.models import AuditEntry
from accord.governance import ical, services
from accord.governance.services import inbound

URL = "/meetings/replies/mail/"
SECRET = "s3cret-webhook-value"


@pytest.fixture
def coming(series):
    return series.meetings.filter(start__gt=timezone.now()).order_by("start").first()


def _reply(series, address, partstat, *, meeting=None, method="REPLY", uid=None, stamp=None):
    """The iTIP REPLY a calendar program sends: METHOD, the event's UID, RECURRENCE-ID for one meeting, and
    the one ATTENDEE (the person replying) with their PARTSTAT."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN")
    cal.add("version", "2.0")
    cal.add("method", method)
    event = icalendar.Event()
    event.add("uid", uid or series.uid)
    event.add("dtstamp", stamp or timezone.now())
    if meeting is not None:
        event.add("recurrence-id", ical._local(meeting.original_start, meeting.tz))
    event.add("organizer", icalendar.vCalAddress("mailto:replies@accord.example"))
    event.add("attendee", icalendar.vCalAddress(f"mailto:{address}"), parameters={"PARTSTAT": partstat})
    cal.add_component(event)
    return cal.to_ical()


def _outlook(sender, ics, method="REPLY"):
    """Outlook: multipart/alternative, text/plain and text/calendar; method=REPLY in base64."""
    msg = EmailMessage()
    msg["From"] = f"Someone <{sender}>"
    msg["To"] = "Accord <replies@accord.example>"
    msg["Subject"] = "Accepted: Leaders' meeting"
    msg["Message-ID"] = make_msgid()
    msg.set_content("Accepted.\n")
    msg.add_alternative(ics, maintype="text", subtype="calendar", cte="base64", params={"method": method})
    return msg.as_bytes()


def _google(sender, ics):
    """Gmail: multipart/mixed holding a multipart/alternative (plain, HTML, text/calendar in
    quoted-printable) and the same reply again as an invite.ics attachment (application/ics, base64)."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "replies@accord.example"
    msg["Subject"] = "Declined: Leaders' meeting"
    msg["Message-ID"] = make_msgid()
    msg.set_content("Someone has declined this invitation.\n")
    msg.add_alternative("<p>Someone has declined this invitation.</p>", subtype="html")
    msg.add_alternative(ics, maintype="text", subtype="calendar", cte="quoted-printable", params={"method": "REPLY"})
    msg.make_mixed()
    msg.add_attachment(ics, maintype="application", subtype="ics", filename="invite.ics")
    return msg.as_bytes()


def _pipe(raw):
    out = io.StringIO()
    call_command("receive_mail", stdin=io.BytesIO(raw), stdout=out)
    return out.getvalue()


def _row(meeting, world, persona):
    return meeting.attendance.get(person=world.people[persona])


def _basic(secret=SECRET):
    return "Basic " + base64.b64encode(f"accord:{secret}".encode()).decode()


def test_an_outlook_accept_through_the_pipe_is_recorded_once(world, series, coming):
    raw = _outlook("Leader_B@example.org", _reply(series, "leader_b@example.org", "ACCEPTED", meeting=coming))
    assert "1 reply recorded" in _pipe(raw)
    row = _row(coming, world, "leader_b")
    assert row.reply == "going" and row.reply_via == "calendar e-mail"
    first = row.replied_at
    # the same message again (a mail server's retry) records nothing more
    assert "0 replies recorded" in _pipe(raw)
    row.refresh_from_db()
    assert row.replied_at == first
    assert AuditEntry.objects.filter(action="governance.reply.recorded").count() == 1
    # a later message changes it; an older one (delivered late) never undoes it
    later = _reply(series, "leader_b@example.org", "DECLINED", meeting=coming, stamp=first + dt.timedelta(seconds=2))
    old = _reply(series, "leader_b@example.org", "ACCEPTED", meeting=coming, stamp=first - dt.timedelta(hours=1))
    _pipe(_outlook("leader_b@example.org", later))
    _pipe(_outlook("leader_b@example.org", old))
    row.refresh_from_db()
    assert row.reply == "not_going"


def test_a_gmail_decline_of_the_whole_series_through_the_webhook(world, series, coming, client, settings):
    settings.ACCORD_INBOUND_MAIL_SECRET = SECRET
    raw = _google("leader_b@example.org", _reply(series, "leader_b@example.org", "DECLINED"))
    answer = client.post(URL, raw, content_type="message/rfc822", HTTP_AUTHORIZATION=_basic())
    assert answer.status_code == 200
    coming_meetings = list(series.meetings.filter(start__gt=timezone.now()))
    assert answer.json()["recorded"] == len(coming_meetings) > 1  # the inline part and the attachment: once
    assert {_row(m, world, "leader_b").reply for m in coming_meetings} == {"not_going"}
    past = series.meetings.filter(start__lt=timezone.now()).order_by("-start").first()
    assert _row(past, world, "leader_b").reply == ""


def test_what_is_ignored_is_said_and_changes_nothing(world, series, coming):
    other = services.series_create(
        actor=world.users["manager"], partnership=world.partnership, title="Other", rrule="FREQ=MONTHLY;BYDAY=2WE",
        starts_on=dt.date(2024, 1, 1), start_time=dt.time(10, 0), time_zone="Europe/London", duration_minutes=60,
        place="", notify=False)
    cancelled = other.meetings.filter(start__gt=timezone.now()).order_by("start").first()
    services.meeting_cancel(actor=world.users["manager"], meeting=cancelled, notify=False)
    cases = {
        # a forged From cannot answer for someone else: the attendee must be the sender
        "may only answer for its sender": _outlook("leader_a@example.org",
                                                   _reply(series, "leader_b@example.org", "DECLINED", meeting=coming)),
        # another partnership's person is not on this meeting's list
        "is not on the list": _outlook("outsider@example.org",
                                       _reply(series, "outsider@example.org", "ACCEPTED", meeting=coming)),
        "no meeting series has the UID": _outlook("leader_b@example.org",
                                                  _reply(series, "leader_b@example.org", "ACCEPTED", uid="x@y")),
        "is cancelled": _outlook("leader_b@example.org",
                                 _reply(other, "leader_b@example.org", "ACCEPTED", meeting=cancelled)),
        "not a reply": _outlook("leader_b@example.org", ical.meeting_message(coming, method="REQUEST"), "REQUEST"),
        "no calendar": b"From: leader_b@example.org\r\nSubject: hello\r\n\r\nJust text.\r\n",
        "cannot be read": b"From: leader_b@example.org\r\nContent-Type: text/calendar\r\n\r\nBEGIN:VCALENDAR\r\n",
    }
    for reason, raw in cases.items():
        assert reason in _pipe(raw), reason
    assert inbound.receive(b"\x00\xff garbage", channel="test").ignored  # no exception
    assert not coming.attendance.exclude(reply="").exists()
    assert not cancelled.attendance.exclude(reply="").exists()
    # those that name a meeting are in that partnership's trail, with the reason
    ignored = AuditEntry.objects.filter(action="governance.reply.mail_ignored", partnership=world.partnership)
    assert ignored.count() == 3


def test_the_webhook_is_off_until_configured_then_needs_the_secret(world, series, coming, client, settings):
    raw = _outlook("leader_a@example.org", _reply(series, "leader_a@example.org", "ACCEPTED", meeting=coming))
    settings.ACCORD_INBOUND_MAIL_SECRET = ""
    assert client.post(URL, raw, content_type="message/rfc822").status_code == 404
    settings.ACCORD_INBOUND_MAIL_SECRET = SECRET
    assert client.get(URL).status_code == 405
    for wrong in ({}, {"HTTP_AUTHORIZATION": _basic("guess")}, {"HTTP_AUTHORIZATION": "Bearer " + SECRET[:-1]},
                  {"HTTP_AUTHORIZATION": "Basic !!notbase64"}):
        assert client.post(URL, raw, content_type="message/rfc822", **wrong).status_code == 403
    assert _row(coming, world, "leader_a").reply == ""
    assert client.post(URL, b"", content_type="message/rfc822",
                       HTTP_AUTHORIZATION="Bearer " + SECRET).status_code == 400
    settings.ACCORD_INBOUND_MAIL_MAX_BYTES = 100
    assert client.post(URL, raw, content_type="message/rfc822", HTTP_AUTHORIZATION=_basic()).status_code == 413
    settings.ACCORD_INBOUND_MAIL_MAX_BYTES = 2_000_000
    # SendGrid's "raw" inbound parse: a form whose field `email` holds the message
    answer = client.post(URL, {"email": raw.decode()}, HTTP_AUTHORIZATION="Bearer " + SECRET)
    assert answer.status_code == 200 and answer.json()["recorded"] == 1
    assert _row(coming, world, "leader_a").reply == "going"


def test_the_webhook_is_rate_limited_and_never_a_500(world, client, settings, monkeypatch):
    settings.ACCORD_INBOUND_MAIL_SECRET = SECRET
    settings.ACCORD_INBOUND_MAIL_PER_MINUTE = 2
    post = lambda: client.post(URL, b"From: a@b.example\r\n\r\nhi", content_type="message/rfc822",  # noqa: E731
                               HTTP_AUTHORIZATION=_basic())
    assert [post().status_code for _ in range(3)] == [200, 200, 429]
    settings.ACCORD_INBOUND_MAIL_PER_MINUTE = 100

    def down(*args, **kwargs):
        raise DatabaseError("gone")

    monkeypatch.setattr(inbound, "receive", down)
    assert post().status_code == 503
    with pytest.raises(SystemExit) as exit_:
        _pipe(b"From: a@b.example\r\n\r\nhi")
    assert exit_.value.code == 75  # the mail server keeps the message and tries again
    monkeypatch.undo()
    settings.ACCORD_INBOUND_MAIL_MAX_BYTES = 10
    assert "larger than" in _pipe(b"From: a@b.example\r\n\r\nhi")


def test_the_invitation_names_the_replies_address_when_set(world, series, coming, settings):
    def organiser():
        event = icalendar.Calendar.from_ical(ical.meeting_message(coming, method="REQUEST")).walk("VEVENT")[0]
        return str(event["ORGANIZER"])

    settings.DEFAULT_FROM_EMAIL = "Accord <accord@charity.example>"
    settings.ACCORD_REPLIES_ADDRESS = ""
    assert organiser() == "mailto:accord@charity.example"
    settings.ACCORD_REPLIES_ADDRESS = "accord-replies@charity.example"
    assert organiser() == "mailto:accord-replies@charity.example"


def test_with_an_authserv_id_only_a_dmarc_pass_from_our_own_server_counts(world, series, coming, settings):
    settings.ACCORD_INBOUND_MAIL_AUTHSERV_ID = "mx.charity.example"
    ics = _reply(series, "leader_b@example.org", "DECLINED", meeting=coming)

    def with_results(*headers):
        raw = _outlook("leader_b@example.org", ics)
        return b"".join(f"Authentication-Results: {h}\r\n".encode() for h in headers) + raw

    forged = "mx.charity.example; dmarc=pass header.from=example.org"
    for raw, why in (
        (_outlook("leader_b@example.org", ics), "no Authentication-Results of mx.charity.example"),
        # the sender's own header sits below the one our server added on top: it is never read
        (with_results("mx.charity.example; spf=fail; dmarc=fail header.from=example.org", forged), "dmarc=fail"),
        (with_results("mx.elsewhere.example; dmarc=pass", forged), "no Authentication-Results"),
        (with_results("mx.charity.example; dmarc=pass header.from=other.example"), "not the From address"),
    ):
        assert why in _pipe(raw), why
    assert _row(coming, world, "leader_b").reply == ""
    assert "1 reply recorded" in _pipe(with_results("mx.charity.example 1; dkim=pass header.d=example.org;\r\n"
                                                    "\tdmarc=pass (p=reject) header.from=example.org"))
    assert _row(coming, world, "leader_b").reply == "not_going"
