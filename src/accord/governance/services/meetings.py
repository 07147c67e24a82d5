"""Writes to series, meetings, attendance and minutes: atomic, validated and audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accord.core.audit import log_action
from accord.lib import queue
from accord.partners import selectors as partners
from accord.partners.models import Partnership, Person

from .. import notify as mails
from .. import recurrence
from ..models import AgendaItem, Attendance, CalendarFeed, Meeting, MeetingSeries, MinutesAmendment


def _save(obj: Any) -> None:
    obj.full_clean()
    obj.save()


# The mail tasks these services queue once the transaction commits (so the worker sees the saved rows;
# the queue down: the change is refused). governance.apps binds them to governance.tasks.
send_series_invitation: queue.Later[[int]] = queue.Later("governance.send_series_invitation")
send_meeting_update: queue.Later[[int, str]] = queue.Later("governance.send_meeting_update")
send_guest_invitation: queue.Later[[int, int]] = queue.Later("governance.send_guest_invitation")
send_guest_cancellations: queue.Later[[list[dict]]] = queue.Later("governance.send_guest_cancellations")


def check_people(partnership: Partnership, people: Iterable[Person], *, on: dt.date | None = None) -> None:
    """Everyone named must work for an organisation that is (or was) a member; with `on`, for one that
    is a member on that day (someone given something new must not be of a partner that has left)."""
    member_ids = set(partnership.memberships.values_list("organisation_id", flat=True))
    former = partners.former_members(partnership, on) if on is not None else {}
    for person in people:
        if person.partnership_id != partnership.pk:  # another partnership's record: not named, not used
            raise ValidationError(_("Choose people recorded in this partnership."))
        if person.organisation_id not in member_ids:
            raise ValidationError(_("%(name)s does not work for a member organisation of %(partnership)s.")
                                  % {"name": person.name, "partnership": partnership})
        if person.organisation_id in former:
            raise ValidationError(_("%(name)s's organisation, %(organisation)s, %(left)s.") % {
                "name": person.name, "organisation": person.organisation,
                "left": former[person.organisation_id].replace("left", "left the partnership", 1)})


def check_minutes_open(meeting: Meeting, adding: str) -> None:
    """The one rule for approved minutes, used by every write that adds to a meeting's record (pages and
    API both call these services): once approved, the record is locked; corrections are amendments.
    `adding` is already in the reader's language ("a note", marked where it is passed)."""
    if meeting.minutes_locked:
        raise ValidationError(_("The minutes of this meeting were approved and are locked, so %(what)s cannot be "
                                "added to it. Record it at a later meeting, or amend an item's minutes with the "
                                "reason for the correction.") % {"what": adding})


def check_not_future(on: dt.date | None, field: str, what: str | None = None) -> None:
    """Refuse a date that has not come yet, for something that has already happened. `what` names the
    date in the reader's language; by default, the date it was done."""
    if on is not None and on > timezone.localdate():
        message = (_("The date it was done cannot be in the future. Record it on the day, or after.") if what is None
                   else _("%(what)s cannot be in the future. Record it on the day, or after.") % {"what": what})
        raise ValidationError({field: message})


# ---- who is expected ---------------------------------------------------------------------------

class Expected:
    """Who is expected at a series' meetings on a given date, from facts loaded once."""

    def __init__(self, series: MeetingSeries) -> None:
        partnership = series.partnership
        self.memberships = list(partnership.memberships.all())
        self.leaders = list(partners.leader_changes(partnership)) if series.senior_leaders_expected else []
        self.extra = list(series.extra_attendees.all()) if series.pk else []

    def _member(self, org_id: int, on: dt.date) -> bool:
        return any(m.organisation_id == org_id and m.joined <= on and (m.left is None or m.left >= on)
                   for m in self.memberships)

    def on(self, on: dt.date) -> list[tuple[Person, bool]]:
        out: dict[int, tuple[Person, bool]] = {}
        for person in self.leaders:
            if person.in_post(on) and self._member(person.organisation_id, on):
                out[person.pk] = (person, True)
        for person in self.extra:
            if person.pk not in out and person.in_post(on) and self._member(person.organisation_id, on):
                out[person.pk] = (person, False)
        return list(out.values())


def series_materialise(series: MeetingSeries, *, until: dt.datetime | None = None,
                       now: dt.datetime | None = None) -> int:
    """Make the meetings the rule gives up to the horizon, and refresh who is expected at meetings
    still to come whose attendance nobody has recorded. Returns how many meetings were made."""
    rule = recurrence.for_series(series)
    now = now or timezone.now()
    until = until or now + dt.timedelta(days=settings.GOVERNANCE_HORIZON_DAYS)
    known = set(series.meetings.values_list("original_start", flat=True))
    length = dt.timedelta(minutes=series.duration_minutes)
    # The length is elapsed time, added in UTC: adding it to the local time would add wall-clock
    # time, so a meeting across a clock change would last an hour more or less (or end as it starts).
    starts = [recurrence.instant(o) for o in rule.between(rule.first, until.astimezone(rule.zone))]
    new = [Meeting(series=series, original_start=s, start=s, end=s + length) for s in starts if s not in known]
    Meeting.objects.bulk_create(new)
    expected = Expected(series)
    upcoming = list(series.meetings.filter(start__gte=now, status=Meeting.Status.SCHEDULED)
                    .exclude(attendance__status__gt="").prefetch_related("attendance"))
    fresh_ids = {m.original_start for m in new}
    rows: list[Attendance] = []
    for meeting in set(upcoming) | set(series.meetings.filter(original_start__in=fresh_ids)):
        want = {p.pk: (p, senior) for p, senior in expected.on(meeting.local_start.date())}
        have = {a.person_id: a for a in meeting.attendance.all()}
        gone = [a.pk for pid, a in have.items() if a.expected and pid not in want]
        if gone:
            Attendance.objects.filter(pk__in=gone).delete()
        rows += [Attendance(meeting=meeting, person=p, organisation_id=p.organisation_id, senior=senior)
                 for pid, (p, senior) in want.items() if pid not in have]
    Attendance.objects.bulk_create(rows)
    return len(new)


@transaction.atomic
def series_create(*, actor: Any, partnership: Partnership, title: str, rrule: str, starts_on: dt.date,
                  start_time: dt.time = dt.time(10, 0), time_zone: str = "Europe/London",
                  duration_minutes: int = 120, place: str = "", video_link: str = "",
                  ends_on: dt.date | None = None, senior_leaders_expected: bool = True,
                  extra_attendees: Sequence[Person] = (), notify: bool = True) -> MeetingSeries:
    """Create a series and its meetings; e-mail each expected person an invitation (METHOD:REQUEST)."""
    rule = recurrence.check(rrule, starts_on=starts_on, start_time=start_time, time_zone=time_zone,
                            ends_on=ends_on)
    if not duration_minutes or duration_minutes <= 0:
        raise ValidationError({"duration_minutes": _("A meeting must last at least one minute.")})
    check_people(partnership, extra_attendees, on=timezone.localdate())
    series = MeetingSeries(partnership=partnership, title=title, rrule=rule.text, starts_on=starts_on,
                           ends_on=ends_on, start_time=start_time, time_zone=time_zone,
                           duration_minutes=duration_minutes, place=place, video_link=video_link,
                           senior_leaders_expected=senior_leaders_expected)
    _save(series)
    series.extra_attendees.set(extra_attendees)
    made = series_materialise(series)
    log_action(actor, "governance.series.created", series,
               {"rule": rule.text, "starts_on": starts_on, "time_zone": time_zone, "meetings": made},
               partnership=partnership)
    if notify:
        queue.after_commit(send_series_invitation, series.pk)
    return series


SERIES_FIELDS = ["title", "place", "video_link", "ends_on", "senior_leaders_expected"]


@transaction.atomic
def series_update(*, actor: Any, series: MeetingSeries, extra_attendees: Sequence[Person] | None = None,
                  notify: bool = True, **fields: Any) -> MeetingSeries:
    """Change a series' title, place, link, end date or who is expected; everyone gets an update.

    Ending a series removes its meetings after the end date, unless one already has records.
    """
    unknown = set(fields) - set(SERIES_FIELDS)
    if unknown:
        raise ValueError(f"Cannot change {', '.join(sorted(unknown))} of a series")
    before = {f: getattr(series, f) for f in SERIES_FIELDS}
    for key, value in fields.items():
        setattr(series, key, value)
    rule = recurrence.for_series(series)
    if extra_attendees is not None:
        kept = set(series.extra_attendees.values_list("pk", flat=True))
        check_people(series.partnership, [p for p in extra_attendees if p.pk not in kept], on=timezone.localdate())
    if series.ends_on is not None:
        last = dt.datetime.combine(series.ends_on, dt.time.max, tzinfo=rule.zone)
        after = series.meetings.filter(original_start__gt=last)
        first_kept = after.filter(Q(attendance__status__gt="") | Q(agenda__isnull=False) | Q(decisions__isnull=False)
                            | Q(actions__isnull=False) | Q(notes__isnull=False)).distinct().first()
        if first_kept is not None:
            raise ValidationError({"ends_on": _("The meeting of %(date)s already has records; end the series after it, "
                                                "or cancel meetings one by one.")
                                              % {"date": date_format(first_kept.local_start, "j F Y")}})
        if notify:  # guests of the meetings removed were invited to them alone: each is owed a CANCEL
            cancels = mails.guest_cancellations(list(after.filter(start__gte=timezone.now())))
            if cancels:
                queue.after_commit(send_guest_cancellations, cancels)
        after.delete()
    series.sequence += 1
    _save(series)
    if extra_attendees is not None:
        series.extra_attendees.set(extra_attendees)
    series_materialise(series)
    log_action(actor, "governance.series.changed", series,
               {f: [before[f], getattr(series, f)] for f in SERIES_FIELDS if before[f] != getattr(series, f)},
               partnership=series.partnership)
    if notify:
        queue.after_commit(send_series_invitation, series.pk)
    return series


# ---- one meeting ---------------------------------------------------------------------------------

def _check_times(start: dt.datetime, end: dt.datetime) -> None:
    if end <= start:
        raise ValidationError({"end": _("The meeting ends before it starts. Choose an end after the start.")})


@transaction.atomic
def meeting_move(*, actor: Any, meeting: Meeting, start: dt.datetime, end: dt.datetime,
                 place: str | None = None, notify: bool = True) -> Meeting:
    """Move one meeting; the series and the other meetings are untouched (RECURRENCE-ID stays)."""
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting is cancelled. It cannot be moved."))
    # A time without a zone is local to the series, read by the rule for clock changes (recurrence.instant).
    start, end = (recurrence.instant(t.replace(tzinfo=meeting.tz)) if timezone.is_naive(t) else t
                  for t in (start, end))
    _check_times(start, end)
    before = (meeting.start, meeting.end, meeting.place)
    meeting.start, meeting.end = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
    if place is not None:
        meeting.place = place
    meeting.sequence += 1
    _save(meeting)
    log_action(actor, "governance.meeting.moved", meeting,
               {"from": [before[0], before[1]], "to": [meeting.start, meeting.end], "place": meeting.place},
               partnership=meeting.series.partnership)
    if notify:
        queue.after_commit(send_meeting_update, meeting.pk, "REQUEST")
    return meeting


@transaction.atomic
def meeting_cancel(*, actor: Any, meeting: Meeting, notify: bool = True) -> Meeting:
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting is already cancelled."))
    if meeting.attendance.filter(status__in=[Attendance.Status.ATTENDED, Attendance.Status.DELEGATE]).exists():
        raise ValidationError(_("People have been recorded as attending this meeting, so it took place and "
                                "cannot be cancelled."))
    meeting.status = Meeting.Status.CANCELLED
    meeting.sequence += 1
    _save(meeting)
    log_action(actor, "governance.meeting.cancelled", meeting, {"start": meeting.start},
               partnership=meeting.series.partnership)
    if notify:
        queue.after_commit(send_meeting_update, meeting.pk, "CANCEL")
    return meeting


# ---- attendance ---------------------------------------------------------------------------------

@transaction.atomic
def attendee_add(*, actor: Any, meeting: Meeting, person: Person, notify: bool = True) -> Attendance:
    """Add someone to one meeting (a guest, or a colleague standing in); they are e-mailed an invitation
    to that meeting alone (METHOD:REQUEST with its RECURRENCE-ID), never to the series."""
    check_people(meeting.series.partnership, [person], on=meeting.local_start.date())
    if meeting.attendance.filter(person=person).exists():
        raise ValidationError(_("%(name)s is already on the list for this meeting.") % {"name": person.name})
    row = Attendance(meeting=meeting, person=person, organisation_id=person.organisation_id, expected=False)
    _save(row)
    log_action(actor, "governance.attendance.added", meeting, {"person": person.name},
               partnership=meeting.series.partnership)
    if notify and not meeting.is_cancelled and meeting.start >= timezone.now():
        queue.after_commit(send_guest_invitation, meeting.pk, person.pk)
    return row


@transaction.atomic
def attendance_record(*, actor: Any, meeting: Meeting, records: Sequence[tuple[Person | int, str, str]],
                      now: dt.datetime | None = None) -> list[Attendance]:
    """Record attendance for several people at once: all or nothing.

    `records` holds (person, status, delegate name). Someone not expected and not added is refused.
    """
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting was cancelled, so there is no attendance to record."))
    rows = {a.person_id: a for a in meeting.attendance.select_related("person")}
    started = meeting.start <= (now or timezone.now())
    changed: list[Attendance] = []
    for person, status, delegate in records:
        person_id = person if isinstance(person, int) else person.pk
        row = rows.get(person_id)
        if row is None:
            # Named only when the caller passed the person; an id from outside is never looked up,
            # so the message cannot reveal who someone in another partnership is.
            name = person.name if isinstance(person, Person) else f"Person {person_id}"
            raise ValidationError(_("%(name)s is not expected at this meeting. Add them to the meeting first.")
                                  % {"name": name})
        status = status or ""
        if status and status not in Attendance.Status.values:
            raise ValidationError(_("“%(status)s” is not an attendance. Choose attended, apologies, delegate or absent.")
                                  % {"status": status})
        delegate = (delegate or "").strip()
        if status == Attendance.Status.DELEGATE and not delegate:
            raise ValidationError(_("Name the delegate %(name)s sent.") % {"name": row.person.name})
        if status != Attendance.Status.DELEGATE:
            delegate = ""
        if status and status != Attendance.Status.APOLOGIES and not started:
            raise ValidationError(_("The meeting has not started yet: for %(name)s you can only record "
                                    "apologies until then.") % {"name": row.person.name})
        if (row.status, row.delegate_name) != (status, delegate):
            row.status, row.delegate_name = status, delegate
            changed.append(row)
    Attendance.objects.bulk_update(changed, ["status", "delegate_name"])
    if changed:
        log_action(actor, "governance.attendance.recorded", meeting,
                   {r.person.name: r.status + (f" ({r.delegate_name})" if r.delegate_name else "") for r in changed},
                   partnership=meeting.series.partnership)
    return changed


# ---- agenda and minutes -------------------------------------------------------------------------

def _check_papers(papers: Sequence[str]) -> list[str]:
    validator = URLValidator(schemes=["http", "https"])
    cleaned = []
    for link in papers:
        link = link.strip()
        if not link:
            continue
        try:
            validator(link)
        except ValidationError:
            raise ValidationError({"papers": _("“%(link)s” is not a web address. Links start with https://")
                                              % {"link": link}}) from None
        cleaned.append(link)
    return cleaned


@transaction.atomic
def agenda_item_add(*, actor: Any, meeting: Meeting, title: str, owner: Person | None = None,
                    minutes_allotted: int = 15, papers: Sequence[str] = ()) -> AgendaItem:
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting is cancelled; add the item to another meeting."))
    check_minutes_open(meeting, _("an agenda item"))
    if owner is not None:
        check_people(meeting.series.partnership, [owner], on=timezone.localdate())
    order = (meeting.agenda.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    item = AgendaItem(meeting=meeting, title=title, owner=owner, minutes_allotted=minutes_allotted,
                      papers=_check_papers(papers), order=order)
    _save(item)
    log_action(actor, "governance.agenda.added", item, {"title": title}, partnership=meeting.series.partnership)
    return item


@transaction.atomic
def minutes_save(*, actor: Any, item: AgendaItem, text: str) -> AgendaItem:
    meeting = item.meeting
    if meeting.minutes_locked:
        raise ValidationError(_("These minutes were approved and are locked. Record an amendment instead; "
                                "the approved text stays as it was."))  # the amendment's wording of check_minutes_open
    item.minutes = text
    _save(item)
    log_action(actor, "governance.minutes.drafted", item, {"length": len(text)},
               partnership=meeting.series.partnership)
    return item


@transaction.atomic
def minutes_approve(*, actor: Any, meeting: Meeting, at_meeting: Meeting) -> Meeting:
    """Minutes are approved at a later meeting of the same partnership, then locked."""
    if meeting.minutes_locked:
        raise ValidationError(_("These minutes are already approved."))
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting was cancelled; it has no minutes to approve."))
    if at_meeting.series.partnership_id != meeting.series.partnership_id or at_meeting.start <= meeting.start:
        raise ValidationError(_("Minutes are approved at a later meeting of the same partnership."))
    if at_meeting.is_cancelled:
        raise ValidationError(_("That meeting was cancelled; approve the minutes at a meeting that takes place."))
    if at_meeting.start > timezone.now():
        raise ValidationError(_("%(meeting)s has not taken place yet; approve the minutes there once it has "
                                "started.") % {"meeting": at_meeting})
    meeting.minutes_status = Meeting.Minutes.APPROVED
    meeting.minutes_approved_at = at_meeting
    meeting.minutes_approved_on = timezone.now()
    _save(meeting)
    log_action(actor, "governance.minutes.approved", meeting, {"at": str(at_meeting)},
               partnership=meeting.series.partnership)
    return meeting


@transaction.atomic
def minutes_amend(*, actor: Any, item: AgendaItem, text: str, reason: str) -> MinutesAmendment:
    if not item.meeting.minutes_locked:
        raise ValidationError(_("These minutes are still a draft: edit them directly."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the approved minutes are being corrected.")})
    amendment = MinutesAmendment(item=item, text=text, reason=reason.strip(),
                                 made_by=actor if getattr(actor, "is_authenticated", False) else None)
    _save(amendment)
    log_action(actor, "governance.minutes.amended", item, {"reason": reason},
               partnership=item.meeting.series.partnership)
    return amendment


def minutes_write(*, actor: Any, item: AgendaItem, text: str, reason: str = "") -> AgendaItem:
    """The one rule for changing an item's minutes, for the page and the API alike: draft minutes are
    edited in place; approved minutes are locked, and a correction given with a reason is kept as an
    amendment beside the approved text (without a reason it is refused as locked)."""
    if item.meeting.minutes_locked and reason.strip():
        minutes_amend(actor=actor, item=item, text=text, reason=reason)
        return item
    return minutes_save(actor=actor, item=item, text=text)


# ---- calendar feeds -------------------------------------------------------------------------------

@transaction.atomic
def feed_issue(*, actor: Any, partnership: Partnership, scope: str) -> tuple[CalendarFeed, str]:
    if scope not in CalendarFeed.Scope.values:
        raise ValidationError(_("Choose the partnership's calendar or your own."))
    feed, raw = CalendarFeed.issue(user=actor, partnership=partnership, scope=scope)
    log_action(actor, "governance.feed.issued", feed, {"scope": scope, "hint": feed.hint}, partnership=partnership)
    return feed, raw


@transaction.atomic
def feed_revoke(*, actor: Any, feed: CalendarFeed) -> CalendarFeed:
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
        log_action(actor, "governance.feed.revoked", feed, {"hint": feed.hint}, partnership=feed.partnership)
    return feed
