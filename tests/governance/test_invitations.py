"""Invitations and updates go by e-mail (real SMTP on loopback) with an .ics attachment:
METHOD:REQUEST for a new series or a moved meeting, METHOD:CANCEL for a cancelled one."""

import datetime as dt

import icalendar

from accord.governance import services

from .conftest import LONDON


def _ics(message):
    parts = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1, "one calendar attachment"
    return icalendar.Calendar.from_ical(parts[0].get_payload(decode=True))


def _create(world):
    return services.series_create(actor=world.users["manager"], partnership=world.partnership,
                                  title="Leaders' meeting", rrule="FREQ=MONTHLY;BYDAY=1TU",
                                  starts_on=dt.date(2024, 1, 1), place="Alpha's office")


def test_a_new_series_invites_each_expected_leader(world, smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        series = _create(world)
    assert sorted(str(m["To"]) for m in smtp.messages) == ["leader_a@example.org", "leader_b@example.org"]
    message = smtp.to("leader_b@example.org")[0]
    assert "Invitation: Leaders' meeting" in str(message["Subject"])
    assert f"http://testserver/p/{world.partnership.pk}/meetings/series/{series.pk}/" in smtp.text(message)
    cal = _ics(message)
    assert str(cal["METHOD"]) == "REQUEST"
    event = cal.walk("VEVENT")[0]
    assert str(event["UID"]) == series.uid
    assert event["RRULE"].to_ical() == b"FREQ=MONTHLY;BYDAY=1TU"
    assert event["DTSTART"].dt == dt.datetime(2024, 1, 2, 10, tzinfo=LONDON)
    assert str(event["ORGANIZER"]).startswith("mailto:")
    assert sorted(str(a) for a in event["ATTENDEE"]) == ["mailto:leader_a@example.org", "mailto:leader_b@example.org"]


def test_moving_a_meeting_sends_an_update_for_that_occurrence(world, smtp, django_capture_on_commit_callbacks):
    series = _create(world)  # outside the capture: no invitation mail
    meeting = series.meetings.filter(start__gte=dt.datetime.now(dt.UTC)).first()
    new_start = meeting.local_start + dt.timedelta(days=1, hours=3)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_move(actor=world.users["manager"], meeting=meeting, start=new_start,
                              end=new_start + dt.timedelta(hours=1))
    assert len(smtp.messages) == 2
    cal = _ics(smtp.messages[0])
    assert str(cal["METHOD"]) == "REQUEST"
    event = cal.walk("VEVENT")[0]
    assert str(event["UID"]) == series.uid
    assert event["RECURRENCE-ID"].dt == meeting.original_start
    assert event["DTSTART"].dt == new_start
    assert int(event["SEQUENCE"]) == 1


def test_cancelling_a_meeting_sends_method_cancel(world, smtp, django_capture_on_commit_callbacks):
    series = _create(world)
    meeting = series.meetings.filter(start__gte=dt.datetime.now(dt.UTC)).first()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(actor=world.users["manager"], meeting=meeting)
    assert len(smtp.messages) == 2 and "Cancelled:" in str(smtp.messages[0]["Subject"])
    cal = _ics(smtp.messages[0])
    assert str(cal["METHOD"]) == "CANCEL"
    event = cal.walk("VEVENT")[0]
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["RECURRENCE-ID"].dt == meeting.original_start


def test_an_updated_series_invitation_keeps_moved_and_cancelled_meetings(world, smtp,
                                                                         django_capture_on_commit_callbacks):
    import recurring_ical_events

    series = _create(world)
    moved, cancelled = (series.meetings.get(original_start__date=d) for d in (dt.date(2024, 3, 5),
                                                                               dt.date(2024, 4, 2)))
    services.meeting_move(actor=world.users["manager"], meeting=moved, notify=False,
                          start=dt.datetime(2024, 3, 6, 10, tzinfo=LONDON), end=dt.datetime(2024, 3, 6, 11, tzinfo=LONDON))
    services.meeting_cancel(actor=world.users["manager"], meeting=cancelled, notify=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.series_update(actor=world.users["manager"], series=series, place="Online")
    cal = _ics(smtp.to("leader_a@example.org")[0])
    dates = [e["DTSTART"].dt.date() for e in recurring_ical_events.of(cal).between(dt.date(2024, 3, 1),
                                                                                    dt.date(2024, 5, 31))]
    assert dates == [dt.date(2024, 3, 6), dt.date(2024, 5, 7)]
    assert all(str(e["ORGANIZER"]).startswith("mailto:") for e in cal.walk("VEVENT"))
