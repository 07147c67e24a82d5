"""Someone added to one meeting (a guest) is invited to that meeting alone: the series' invitation and
its updates, with the rule, every meeting and everyone's address, go only to the people the series
expects (senior leaders in post and its extra attendees). Real SMTP on loopback."""

import datetime as dt

import icalendar

from accord.governance import services

GUEST = "staff_b@example.org"
EXPECTED = ["leader_a@example.org", "leader_b@example.org"]


def _ics(message):
    parts = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1, "one calendar attachment"
    return icalendar.Calendar.from_ical(parts[0].get_payload(decode=True))


def _attendees(event):
    found = event.get("ATTENDEE", [])
    return sorted(str(a) for a in (found if isinstance(found, list) else [found]))


def _series_and_guest(world, django_capture_on_commit_callbacks, smtp):
    series = services.series_create(actor=world.users["manager"], partnership=world.partnership,
                                    title="Leaders' meeting", rrule="FREQ=MONTHLY;BYDAY=1TU",
                                    starts_on=dt.date(2024, 1, 1), place="Alpha's office", notify=False)
    meeting = series.meetings.filter(start__gte=dt.datetime.now(dt.UTC)).order_by("start")[2]
    with django_capture_on_commit_callbacks(execute=True):
        services.attendee_add(actor=world.users["manager"], meeting=meeting, person=world.people["staff_b"])
    return series, meeting


def _assert_one_meeting(message, meeting, method="REQUEST"):
    cal = _ics(message)
    assert str(cal["METHOD"]) == method
    [event] = cal.walk("VEVENT")
    assert "RRULE" not in event and "EXDATE" not in event
    assert str(event["UID"]) == meeting.series.uid
    assert event["RECURRENCE-ID"].dt == meeting.original_start
    # Only that meeting's attendees: the leaders expected at it and the guest.
    assert _attendees(event) == sorted(f"mailto:{a}" for a in [*EXPECTED, GUEST])
    return event


def test_a_guest_gets_one_invitation_to_their_meeting_and_none_to_the_series(
        world, smtp, django_capture_on_commit_callbacks):
    series, meeting = _series_and_guest(world, django_capture_on_commit_callbacks, smtp)
    assert [str(m["To"]) for m in smtp.messages] == [GUEST]
    message = smtp.messages[0]
    assert str(message["Subject"]) == f"Invitation: {meeting}"
    assert "Invitation: Leaders' meeting (" not in str(message["Subject"])
    _assert_one_meeting(message, meeting)
    assert "You are invited to one meeting" in smtp.text(message)


def test_a_series_update_invites_only_the_expected_and_tells_a_guest_about_their_meeting_alone(
        world, smtp, django_capture_on_commit_callbacks):
    series, meeting = _series_and_guest(world, django_capture_on_commit_callbacks, smtp)
    smtp.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.series_update(actor=world.users["manager"], series=series, video_link="https://video.example/x")
    series_mails = [m for m in smtp.messages if str(m["Subject"]).startswith("Invitation: Leaders' meeting (")]
    assert sorted(str(m["To"]) for m in series_mails) == EXPECTED
    for message in series_mails:
        [master] = [e for e in _ics(message).walk("VEVENT") if "RRULE" in e]
        assert _attendees(master) == sorted(f"mailto:{a}" for a in EXPECTED)
    [update] = smtp.to(GUEST)
    assert str(update["Subject"]) == f"Updated: {meeting}"
    event = _assert_one_meeting(update, meeting)
    assert "https://video.example/x" in str(event["DESCRIPTION"])
    assert int(event["SEQUENCE"]) == series.sequence  # newer than the invitation they had
    assert len(smtp.messages) == 3


def test_a_guest_is_told_when_their_meeting_is_cancelled(world, smtp, django_capture_on_commit_callbacks):
    series, meeting = _series_and_guest(world, django_capture_on_commit_callbacks, smtp)
    smtp.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(actor=world.users["manager"], meeting=meeting)
    [cancel] = smtp.to(GUEST)
    _assert_one_meeting(cancel, meeting, method="CANCEL")
    assert "The other meetings" not in smtp.text(cancel)  # they were invited to this one alone
    assert "The other meetings of the series are unchanged." in smtp.text(smtp.to(EXPECTED[0])[0])


def test_a_guest_of_a_past_or_cancelled_meeting_is_not_mailed(world, smtp, django_capture_on_commit_callbacks):
    series = services.series_create(actor=world.users["manager"], partnership=world.partnership,
                                    title="Leaders' meeting", rrule="FREQ=MONTHLY;BYDAY=1TU",
                                    starts_on=dt.date(2024, 1, 1), notify=False)
    past = series.meetings.filter(start__lt=dt.datetime.now(dt.UTC)).last()
    with django_capture_on_commit_callbacks(execute=True):
        services.attendee_add(actor=world.users["manager"], meeting=past, person=world.people["staff_b"])
    assert smtp.messages == []


def test_a_guest_is_told_when_the_series_now_ends_before_their_meeting(
        world, smtp, django_capture_on_commit_callbacks):
    series, meeting = _series_and_guest(world, django_capture_on_commit_callbacks, smtp)
    smtp.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.series_update(actor=world.users["manager"], series=series,
                               ends_on=meeting.local_start.date() - dt.timedelta(days=1))
    assert not series.meetings.filter(pk=meeting.pk).exists()
    [cancel] = smtp.to(GUEST)
    assert str(cancel["Subject"]).startswith("Cancelled: Leaders' meeting, ")
    assert "The other meetings" not in smtp.text(cancel)
    event = _assert_one_meeting(cancel, meeting, method="CANCEL")
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) > series.sequence - 1
    assert sorted(str(m["To"]) for m in smtp.messages if m not in [cancel]) == EXPECTED  # the series' update
