"""E-mails: invitations and updates with an .ics attachment, and action reminders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from accord.lib import languages, mail
from accord.partners.models import Partnership, Person

from . import ical
from .models import Action, Attendance, Meeting, MeetingSeries
from .replylinks import link_for


def _papers(meeting: Meeting | None) -> list[dict[str, str]]:
    """The meeting's papers with their download links (opened after signing in, for those who may see it)."""
    if meeting is None:
        return []
    return [{"title": p.title, "url": mail.absolute(p.get_absolute_url())}
            for p in meeting.papers.select_related("meeting__series")]


def _reply_url(meeting: Meeting | None, email: str) -> str:
    path = link_for(meeting, email) if meeting is not None and not meeting.is_cancelled else ""
    return mail.absolute(path) if path else ""


def _recipients(rows: Iterable[Attendance]) -> list[tuple[str, str]]:
    """(name, address) of each person on the list who has an address, once each."""
    return sorted({(a.person.name, a.person.email) for a in rows if a.person.email}, key=lambda p: p[1])


def _languages(rows: Iterable[Attendance], partnership: Partnership) -> dict[str, tuple[str, ...]]:
    """The languages each address's e-mail goes in: its person's account's language, else the partnership's."""
    return {a.person.email: languages.email_languages(user=a.person.user, partnership=partnership)
            for a in rows if a.person.email}


def meeting_name(title: str, start: dt.datetime | str) -> Callable[[], str]:
    """A meeting as its e-mails name it ("Board, 3 March 2026"), written when called, so in each e-mail's
    language (a template calls it too). `start` is its local start, or that start as ISO text (prepared
    messages travel through the queue)."""
    when = dt.datetime.fromisoformat(start) if isinstance(start, str) else start
    return lambda: _("%(title)s, %(date)s") % {"title": title, "date": formats.date_format(when, "j F Y")}


def _named(meeting: Meeting) -> Callable[[], str]:
    return meeting_name(meeting.series.title, meeting.local_start)


def _ics(make: Callable[[], bytes], codes: tuple[str, ...], cache: dict[str, bytes]) -> bytes:
    """The calendar file in the e-mail's first language (its text: "Details, agenda and papers: …"),
    made once per language."""
    if codes[0] not in cache:
        with translation.override(codes[0]):
            cache[codes[0]] = make()
    return cache[codes[0]]


def series_invitation(series: MeetingSeries) -> int:
    """METHOD:REQUEST for the whole series, to the people the series expects at a meeting still to come
    (senior leaders in post and its extra attendees). Someone added to one meeting only is not invited
    to the series: they get an update for each coming meeting they were added to, that meeting alone."""
    rows = list(Attendance.objects.filter(meeting__series=series, meeting__start__gte=timezone.now(),
                                          meeting__status=Meeting.Status.SCHEDULED)
                .select_related("person__user", "meeting__series__partnership"))
    to = _recipients(r for r in rows if r.expected)
    sent = 0
    if to:
        spoken = _languages(rows, series.partnership)
        payloads: dict[str, bytes] = {}
        next_meeting = series.meetings.filter(start__gte=timezone.now(), status=Meeting.Status.SCHEDULED).first()
        sent += mail.send_many([mail.build(
            to=[email], subject=lambda: _("Invitation: %(series)s (%(partnership)s)") % {
                "series": series.title, "partnership": series.partnership.name},
            template="governance/email/series_invitation", language=spoken[email],
            context={"series": series, "next": next_meeting, "url": mail.absolute(series.get_absolute_url()),
                     "reply_url": _reply_url(next_meeting, email), "papers": _papers(next_meeting)},
            attachments=[("invite.ics", _ics(lambda: ical.series_request(series, to), spoken[email], payloads),
                          "text/calendar; method=REQUEST")],
        ) for _name, email in to])
    invited = {email for _name, email in to}
    guests: dict[Meeting, set[str]] = {}
    for row in rows:
        if not row.expected and row.person.email and row.person.email not in invited:
            guests.setdefault(row.meeting, set()).add(row.person.email)
    for meeting in sorted(guests, key=lambda m: m.start):
        sent += meeting_update(meeting, "REQUEST", only=guests[meeting], kind="changed")
    return sent


def guest_invitation(meeting: Meeting, person: Person) -> int:
    """METHOD:REQUEST for the one meeting someone was added to (not the series)."""
    if not person.email or meeting.is_cancelled:
        return 0
    return meeting_update(meeting, "REQUEST", only={person.email}, kind="invited")


def meeting_update(meeting: Meeting, method: str, *, only: set[str] | None = None, kind: str = "") -> int:
    """METHOD:REQUEST for a moved meeting, METHOD:CANCEL for a cancelled one, for that meeting alone
    (its RECURRENCE-ID), naming only that meeting's attendees. With `only`, sent to those addresses alone."""
    rows = list(meeting.attendance.select_related("person__user"))
    to = _recipients(rows)
    if not to:
        return 0
    guests = {a.person.email for a in rows if not a.expected} - {a.person.email for a in rows if a.expected}
    spoken = _languages(rows, meeting.series.partnership)
    payloads: dict[str, bytes] = {}
    kind = "cancelled" if method == "CANCEL" else (kind or "moved")
    name = _named(meeting)
    papers = [] if method == "CANCEL" else _papers(meeting)
    messages = [mail.build(
        to=[email], subject=lambda: _subject(kind, name()),
        template="governance/email/meeting_update", language=spoken[email],
        context={"meeting": meeting, "meeting_name": name, "cancelled": method == "CANCEL", "kind": kind,
                 "guest": email in guests, "url": mail.absolute(meeting.get_absolute_url()), "papers": papers,
                 "reply_url": "" if method == "CANCEL" else _reply_url(meeting, email)},
        attachments=[("invite.ics", _ics(lambda: ical.meeting_message(meeting, method=method, attendees=to),
                                         spoken[email], payloads), f"text/calendar; method={method}")],
    ) for _name, email in to if only is None or email in only]
    return mail.send_many(messages) if messages else 0


def _subject(kind: str, name: str) -> str:
    """The subject of a meeting's update, in the active language."""
    subjects = {"cancelled": _("Cancelled: %(meeting)s"), "moved": _("Moved: %(meeting)s"),
                "invited": _("Invitation: %(meeting)s"), "changed": _("Updated: %(meeting)s"),
                "withdrawn": _("Invitation withdrawn: %(meeting)s")}
    return subjects[kind] % {"meeting": name}


def _fixed(text: str) -> Callable[[], str]:
    return lambda: text


def _subject_of(kind: str, name: Callable[[], str]) -> Callable[[], str]:
    return lambda: _subject(kind, name())


def prepared_cancellation(meeting: Meeting, rows: Iterable[Attendance], guests: Iterable[str], **extra: Any) -> dict:
    """What one meeting's METHOD:CANCEL to `guests` needs, written down while the meeting and its people can
    still be read (each guest's languages, and the calendar file in each of them). `meeting` is already
    marked cancelled, in memory."""
    rows = list(rows)
    spoken = _languages(rows, meeting.series.partnership)
    codes = {spoken.get(email, (languages.ENGLISH,))[0] for email in guests}
    ics: dict[str, bytes] = {}
    for code in codes:
        _ics(lambda: ical.meeting_message(meeting, method="CANCEL", attendees=_recipients(rows)), (code,), ics)
    return {"to": sorted(guests), "meeting": str(meeting), "title": meeting.series.title,
            "start": meeting.local_start.replace(tzinfo=None).isoformat(),
            "languages": {email: list(spoken.get(email, (languages.ENGLISH,))) for email in guests},
            "url": mail.absolute(meeting.series.get_absolute_url()), "ics": ics, **extra}


def guest_cancellations(meetings: list[Meeting]) -> list[dict]:
    """The METHOD:CANCEL each guest of these meetings is owed, prepared while the meetings can still be
    read (they are about to be deleted: the series now ends before them). Those the series expects
    learn it from the series' update (its new end)."""
    prepared = []
    for meeting in meetings:
        rows = list(meeting.attendance.select_related("person__user", "meeting__series__partnership"))
        guests = sorted({a.person.email for a in rows if not a.expected and a.person.email}
                        - {a.person.email for a in rows if a.expected})
        if meeting.is_cancelled or not guests:
            continue
        meeting.status = Meeting.Status.CANCELLED
        meeting.sequence = max(meeting.sequence, meeting.series.sequence) + 1
        prepared.append(prepared_cancellation(meeting, rows, guests))
    return prepared


def series_cancellation(series: MeetingSeries) -> list[dict]:
    """The METHOD:CANCEL of a series about to be deleted, for everyone on the list of a meeting still to come
    (prepared while the series can still be read)."""
    rows = list(Attendance.objects.filter(meeting__series=series, meeting__start__gte=timezone.now(),
                                          meeting__status=Meeting.Status.SCHEDULED).select_related("person__user"))
    to = _recipients(rows)
    if not to:
        return []
    spoken = _languages(rows, series.partnership)
    ics: dict[str, bytes] = {}
    for _name, email in to:
        _ics(lambda: ical.series_cancel(series, to), spoken[email], ics)
    return [{"to": [email for _name, email in to], "meeting": series.title, "series_removed": True,
             "languages": {email: list(codes) for email, codes in spoken.items()},
             "url": mail.absolute(series.partnership.get_absolute_url()), "ics": ics}]


def _prepared_ics(p: dict, codes: tuple[str, ...]) -> bytes:
    """The prepared calendar file in the e-mail's first language (an older prepared message has one file)."""
    ics = p["ics"]
    if isinstance(ics, dict):
        return ics.get(codes[0]) or next(iter(ics.values()))
    return ics


def send_guest_cancellations(prepared: list[dict]) -> int:
    messages = []
    for p in prepared:
        # a message prepared before it knew the start (queued by an older version) names the meeting as it was
        name = meeting_name(p["title"], p["start"]) if p.get("start") else _fixed(str(p["meeting"]))
        kind = "withdrawn" if p.get("withdrawn") else "cancelled"
        subject = _subject_of(kind, name)
        for email in p["to"]:
            codes = tuple(p.get("languages", {}).get(email) or (languages.ENGLISH,))
            messages.append(mail.build(
                to=[email], subject=subject,
                template="governance/email/meeting_update", language=codes,
                context={"meeting": p["meeting"], "meeting_name": name, "cancelled": True, "kind": "cancelled",
                         "guest": True, "url": p["url"], "series_removed": p.get("series_removed", False),
                         "withdrawn": p.get("withdrawn", False)},
                attachments=[("invite.ics", _prepared_ics(p, codes), "text/calendar; method=CANCEL")]))
    return mail.send_many(messages) if messages else 0


def action_reminder(action: Action, kind: str) -> int:
    overdue = kind == "overdue"
    owner = action.owner
    return mail.send(
        to=[owner.email],
        subject=lambda: (_("Overdue: %(action)s") if overdue else _("Due soon: %(action)s")) % {"action": action.title},
        language=languages.email_languages(user=owner.user, partnership=action.meeting.series.partnership),
        template="governance/email/action_reminder",
        context={"action": action, "overdue": overdue, "url": mail.absolute(action.get_absolute_url())},
    )
