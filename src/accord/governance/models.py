"""Meeting series, their materialised meetings, and what happens in them.

A MeetingSeries holds an RFC 5545 recurrence (evaluated by python-dateutil, never by our own code).
Each occurrence becomes a Meeting keyed by its *original* start, so that a moved or cancelled
meeting keeps the same RECURRENCE-ID in every calendar feed and invitation.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from accord.governance import recurrence
from accord.partners.models import Organisation, Partnership, Person

if TYPE_CHECKING:
    from accord.accounts.models import User


def _uid() -> str:
    return f"{uuid.uuid4()}@accord"


class MeetingSeries(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="meeting_series")
    title = models.CharField(max_length=200)
    rrule = models.CharField(
        "recurrence", max_length=500,
        help_text="An RFC 5545 rule, such as FREQ=MONTHLY;BYDAY=1TU (the first Tuesday of every month).",
    )
    starts_on = models.DateField(help_text="The first meeting is the first date the rule gives on or after this.")
    ends_on = models.DateField(null=True, blank=True, help_text="Leave empty for a series with no end.")
    start_time = models.TimeField(default=dt.time(10, 0))
    time_zone = models.CharField(max_length=64, default="Europe/London")
    duration_minutes = models.PositiveIntegerField(default=120)
    place = models.CharField(max_length=300, blank=True)
    video_link = models.URLField(blank=True)
    senior_leaders_expected = models.BooleanField(
        default=True, help_text="Expect the senior leader in post of each member organisation at every meeting."
    )
    extra_attendees = models.ManyToManyField(Person, blank=True, related_name="+")
    uid = models.CharField(max_length=100, unique=True, default=_uid, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["partnership__name", "title"]
        verbose_name_plural = "meeting series"
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                                   name="series_end_after_start"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:series", args=[self.partnership_id, self.pk])

    @property
    def repeats(self) -> str:
        """The rule in plain words: "first Tuesday of every month"."""
        return recurrence.describe(self.rrule)


class Meeting(models.Model):
    """One occurrence of a series. `original_start` never changes: it is the RECURRENCE-ID."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    class Minutes(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")

    series = models.ForeignKey(MeetingSeries, on_delete=models.CASCADE, related_name="meetings")
    original_start = models.DateTimeField()
    start = models.DateTimeField()
    end = models.DateTimeField()
    place = models.CharField(max_length=300, blank=True, help_text="Leave empty to use the series' place.")
    video_link = models.URLField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    sequence = models.PositiveIntegerField(default=0)
    minutes_status = models.CharField(max_length=20, choices=Minutes.choices, default=Minutes.DRAFT)
    minutes_approved_at = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="approved_minutes_of",
        help_text="The meeting at which these minutes were approved.",
    )
    minutes_approved_on = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(fields=["series", "original_start"], name="meeting_occurrence_unique"),
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="meeting_end_after_start"),
        ]
        indexes = [models.Index(fields=["series", "start"])]

    def __str__(self) -> str:
        local = timezone.localtime(self.start, self.tz)  # the day in the reader's month names
        return f"{self.series.title}, {formats.date_format(local.date(), 'j F Y')}"

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting", args=[self.series.partnership_id, self.pk])

    @property
    def tz(self) -> dt.tzinfo:
        from zoneinfo import ZoneInfo

        return ZoneInfo(self.series.time_zone)

    @property
    def local_start(self) -> dt.datetime:
        return timezone.localtime(self.start, self.tz)

    @property
    def local_end(self) -> dt.datetime:
        return timezone.localtime(self.end, self.tz)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_moved(self) -> bool:
        return self.start != self.original_start

    @property
    def minutes_locked(self) -> bool:
        return self.minutes_status == self.Minutes.APPROVED

    @property
    def where(self) -> str:
        return self.place or self.series.place

    @property
    def link(self) -> str:
        return self.video_link or self.series.video_link


class Attendance(models.Model):
    """One row per person expected at (or added to) a meeting. An empty status: not recorded yet.

    Holds personal data: whether a named person attended, and a delegate's name.
    """

    class Status(models.TextChoices):
        ATTENDED = "attended", _("Attended")
        APOLOGIES = "apologies", _("Sent apologies")
        DELEGATE = "delegate", _("Sent a delegate")
        ABSENT = "absent", _("Absent")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="meeting_attendance")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    expected = models.BooleanField(default=True, help_text="False for someone added to this one meeting.")
    senior = models.BooleanField(default=False, help_text="Expected as their organisation's senior leader.")
    class Reply(models.TextChoices):
        GOING = "going", _("Going")
        NOT_GOING = "not_going", _("Not going")
        DELEGATE = "delegate", _("Sending a delegate")

    status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    delegate_name = models.CharField(max_length=200, blank=True)
    # The person's own answer to the invitation, before the meeting (governance/services/replies.py).
    reply = models.CharField(max_length=20, choices=Reply.choices, blank=True)
    reply_delegate = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The colleague of the same organisation, in this partnership, who comes instead.",
    )
    replied_at = models.DateTimeField(null=True, blank=True)
    reply_via = models.CharField(max_length=20, blank=True, help_text="page, e-mail link, calendar or API")

    class Meta:
        ordering = ["organisation__name", "person__name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="attendance_unique")]

    def __str__(self) -> str:
        return f"{self.person.name} at {self.meeting}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=300)
    owner = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    minutes_allotted = models.PositiveIntegerField(default=15)
    papers = models.JSONField(default=list, blank=True, help_text="Links to the papers for this item.")
    minutes = models.TextField(blank=True, help_text="What was said and agreed (draft until approved).")

    class Meta:
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class MinutesAmendment(models.Model):
    """A correction to approved minutes: the original stays, and the amendment is shown beside it.

    Holds personal data: who made it.
    """

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="amendments")
    text = models.TextField()
    reason = models.CharField(max_length=300)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["made_at", "pk"]

    def __str__(self) -> str:
        return f"Correction to the minutes of “{self.item}”"


class Note(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="notes")
    item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="notes")
    text = models.TextField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        text = " ".join(self.text.split())
        return f"Note: {text[:60]}…" if len(text) > 60 else f"Note: {text}"


class Decision(models.Model):
    class Result(models.TextChoices):
        OPEN = "open", _("Awaiting positions")
        CARRIED = "carried", _("Carried")
        NOT_CARRIED = "not_carried", _("Not carried")

    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="decisions",
                                help_text="Empty for a decision taken between meetings (then `partnership` is set).")
    item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions")
    # A decision taken between meetings (a proposal the partners answered): its partnership, and where it
    # was taken. Left empty for a meeting's decisions, which belong to their meeting's partnership.
    partnership = models.ForeignKey(Partnership, null=True, blank=True, on_delete=models.CASCADE,
                                    related_name="decisions_between_meetings")
    source_url = models.CharField("where it was decided", max_length=300, blank=True)
    proposal = models.TextField()
    needs_consensus = models.BooleanField(
        "needs every partner's consent", default=False,
        help_text="Not carried while any partner objects, or until every partner has given its position.",
    )
    result = models.CharField(max_length=20, choices=Result.choices, default=Result.OPEN)
    decided_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["meeting__start", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(meeting__isnull=False, partnership__isnull=True)
                                   | Q(meeting__isnull=True, partnership__isnull=False),
                                   name="decision_at_a_meeting_or_between"),
        ]

    def __str__(self) -> str:
        return self.proposal[:80]

    def get_absolute_url(self) -> str:
        if self.meeting_id is None:  # taken between meetings: shown where it was taken
            return self.source_url
        return reverse("governance:decision", args=[self.at_meeting.series.partnership_id, self.pk])

    @property
    def between_meetings(self) -> bool:
        return self.meeting_id is None

    @property
    def at_meeting(self) -> Meeting:
        """The meeting of a decision taken at one: what meeting pages, positions and rechecks work on (they
        never reach a decision taken between meetings, which is decided when it is recorded)."""
        if self.meeting is None:
            raise ValueError(f"decision {self.pk} was taken between meetings")
        return self.meeting


class Position(models.Model):
    class Stance(models.TextChoices):
        AGREE = "agree", _("Agree")
        CONCERNS = "concerns", _("Agree with concerns")
        OBJECT = "object", _("Object")
        ABSTAIN = "abstain", _("Abstain")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="positions")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    stance = models.CharField(max_length=20, choices=Stance.choices)
    comment = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [models.UniqueConstraint(fields=["decision", "organisation"], name="position_unique")]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_stance_display().lower()} on “{self.decision}”"


class Action(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions")
    title = models.CharField(max_length=300)
    detail = models.TextField(blank=True)
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="governance_actions")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    due = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    completed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due", "pk"]
        indexes = [models.Index(fields=["status", "due"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:action", args=[self.meeting.series.partnership_id, self.pk])

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.status == self.Status.OPEN and self.due < (today or timezone.localdate())

    @property
    def done_on_time(self) -> bool:
        return self.status == self.Status.DONE and self.completed_on is not None and self.completed_on <= self.due


class ActionReminder(models.Model):
    """A reminder sent: at most one of each kind per action."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["action", "kind"], name="reminder_once_per_kind")]

    def __str__(self) -> str:
        return f"Reminder ({self.get_kind_display().lower()}) about “{self.action}”"


def hash_feed_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class CalendarFeed(models.Model):
    """A secret calendar address. Only the token's SHA-256 is stored; revoking it makes the address 404.

    Holds personal data: whose address it is.
    """

    class Scope(models.TextChoices):
        PARTNERSHIP = "partnership", _("The partnership's meetings")
        PERSON = "person", _("My meetings")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="calendar_feeds")
    scope = models.CharField(max_length=20, choices=Scope.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Calendar feed of {self.get_scope_display().lower()} ({self.hint}…)"

    @classmethod
    def issue(cls, *, user: User, partnership: Partnership, scope: str) -> tuple[CalendarFeed, str]:
        raw = secrets.token_urlsafe(32)
        feed = cls.objects.create(user=user, partnership=partnership, scope=scope, token_hash=hash_feed_token(raw),
                                  hint=raw[:6])
        return feed, raw

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class MeetingPaper(models.Model):
    """A paper for a meeting (or one agenda item), checked by content as library files are and kept in the
    same storage. Seen and downloaded only by those who may see the meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="papers")
    item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="paper_files")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to="governance/papers/%Y/%m/", max_length=300)
    file_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["meeting", "item__order", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:paper", args=[self.meeting.series.partnership_id, self.pk])
