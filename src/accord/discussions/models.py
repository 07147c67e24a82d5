"""Discussions between meetings: threads with comments, and proposals or polls that the partners answer.

The unit that answers is usually the member organisation (through its senior leader or a delegate it
names), as in a partnership agreement; a proposal may instead ask each person. See docs/discussions.md.

Holds personal data: who wrote each comment and each earlier version of it, who is mentioned, who
gave each answer, and who is named as an organisation's delegate.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.partners.models import Organisation, Partnership, Person


class Thread(models.Model):
    class Audience(models.TextChoices):
        PARTNERSHIP = "partnership", _("The whole partnership")
        ORGANISATIONS = "organisations", _("Named member organisations")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="threads")
    title = models.CharField(max_length=200)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.PARTNERSHIP)
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="+",
                                           help_text="With a named audience: the member organisations who see it.")
    funders_see = models.BooleanField("funders may see it", default=False)
    # what the thread is about (each optional, each checked to be of the same partnership)
    meeting = models.ForeignKey("governance.Meeting", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    goal = models.ForeignKey("charter.Goal", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    area = models.ForeignKey("delivery.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    library_item = models.ForeignKey("library.KnowledgeItem", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    summary = models.TextField(blank=True, help_text="Written when the thread is closed: what it came to.")
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("discussions:thread", args=[self.partnership_id, self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class Comment(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(help_text="Markdown: **bold**, lists, links. Mention someone with @ and their name.")
    mentions = models.ManyToManyField(Person, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:60]

    def get_absolute_url(self) -> str:
        return f"{self.thread.get_absolute_url()}#comment-{self.pk}"


class CommentVersion(models.Model):
    """An earlier wording of a comment, kept when it is edited (shown under the comment)."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="versions")
    body = models.TextField()
    written_at = models.DateTimeField()
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["written_at", "pk"]

    def __str__(self) -> str:
        return f"an earlier wording of a comment, replaced {self.replaced_at:%-d %B %Y}"


class Delegate(models.Model):
    """The person a member organisation names to answer proposals for it, beside its senior leader."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    named_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    named_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["partnership", "organisation"], name="delegate_one_per_org")]

    def __str__(self) -> str:
        return f"{self.person.name} answers for {self.organisation}"


class Proposal(models.Model):
    class Kind(models.TextChoices):
        CONSENT = "consent", _("Consent (agree, abstain, object or block)")
        AGREE_DISAGREE = "agree_disagree", _("Agree or disagree")
        CHOICE = "choice", _("Choose one option")
        RANKED = "ranked", _("Rank the options")
        SCORE = "score", _("Score each option")
        TIME = "time", _("Find a meeting date")

    class AnsweredBy(models.TextChoices):
        ORGANISATION = "organisation", _("Each member organisation (its senior leader or delegate)")
        PERSON = "person", _("Each person")

    class Results(models.TextChoices):
        LIVE = "live", _("Shown as answers come in")
        HIDDEN = "hidden", _("Hidden until it closes")

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="proposals")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    detail = models.TextField(blank=True, help_text="Markdown. What is proposed, and why.")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    answered_by = models.CharField(max_length=20, choices=AnsweredBy.choices, default=AnsweredBy.ORGANISATION)
    results = models.CharField(max_length=20, choices=Results.choices, default=Results.LIVE)
    score_max = models.PositiveSmallIntegerField(default=5, help_text="For a score: the highest score.")
    series = models.ForeignKey("governance.MeetingSeries", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", help_text="For a meeting date: the series the meeting joins.")
    opened_at = models.DateTimeField(default=timezone.now)
    closes_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    # the outcome, written at the close
    outcome = models.TextField(blank=True)
    outcome_option = models.ForeignKey("ProposalOption", null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision = models.ForeignKey("governance.Decision", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    meeting = models.ForeignKey("governance.Meeting", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", help_text="For a meeting date: the meeting it made.")

    class Meta:
        ordering = ["-opened_at", "-pk"]
        indexes = [models.Index(fields=["closed_at", "closes_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("discussions:proposal", args=[self.thread.partnership_id, self.pk])

    @property
    def partnership(self) -> Partnership:
        return self.thread.partnership

    def is_closed(self, now: dt.datetime | None = None) -> bool:
        return self.closed_at is not None or (now or timezone.now()) >= self.closes_at

    @property
    def closed(self) -> bool:
        return self.is_closed()

    @property
    def has_options(self) -> bool:
        return self.kind in (self.Kind.CHOICE, self.Kind.RANKED, self.Kind.SCORE, self.Kind.TIME)

    @property
    def decided(self) -> bool:
        return self.decided_at is not None


class ProposalOption(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(max_length=200)
    starts_at = models.DateTimeField(null=True, blank=True, help_text="For a meeting date: when it would start.")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.label


class Answer(models.Model):
    """One organisation's answer (or one person's, where the proposal asks each person). A later answer
    for the same organisation replaces it until the proposal closes; the database holds one at most."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="answers")
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                               help_text="Where each person answers: who.")
    given_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+",
                                 help_text="The person who gave it (the senior leader, a delegate, or the person).")
    stance = models.CharField(max_length=20, blank=True, help_text="Consent or agree–disagree: the answer.")
    reason = models.TextField(blank=True)
    choice = models.JSONField(default=list, blank=True,
                              help_text="Option ids: the one chosen, in rank order, or the dates that suit.")
    scores = models.JSONField(default=dict, blank=True, help_text="For a score: {option id: score}.")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "organisation"], condition=Q(person__isnull=True),
                                    name="answer_one_per_organisation",
                                    violation_error_message="This organisation has already answered."),
            models.UniqueConstraint(fields=["proposal", "person"], condition=Q(person__isnull=False),
                                    name="answer_one_per_person",
                                    violation_error_message="This person has already answered."),
            models.CheckConstraint(condition=Q(organisation__isnull=False) | Q(person__isnull=False),
                                   name="answer_names_who"),
        ]

    def __str__(self) -> str:
        return f"an answer to “{self.proposal}”"


class Reminder(models.Model):
    """A reminder sent for a proposal: at most one per proposal per reminder point (hours before closing)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="reminders")
    hours_before = models.PositiveIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "hours_before"], name="proposal_reminder_once")]

    def __str__(self) -> str:
        return f"the reminder {self.hours_before} hours before “{self.proposal}” closes"
