from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accord.lib import stored_text
from accord.partners.models import Partnership, Person

from .kinds import DAILY, IMMEDIATE, OFF, WEEKLY


class Delivery(models.TextChoices):
    """How a notice reaches a person by e-mail (it is always in their list in Accord)."""

    IMMEDIATE = IMMEDIATE, _("E-mail straight away")
    DAILY = DAILY, _("In a daily digest")
    WEEKLY = WEEKLY, _("In a weekly digest")
    OFF = OFF, _("Not by e-mail")


class SendState(models.TextChoices):
    """Where an e-mail (one notice's, or one digest) stands. A worker claims a row in the database
    before sending and records `sent` after: a second worker, or a rerun, never sends it again."""

    PENDING = "pending", _("Waiting to be sent")
    CLAIMED = "claimed", _("Being sent")
    RETRY = "retry", _("Failed; will be tried again")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    IN_DIGEST = "in_digest", _("In a digest")
    NONE = "none", _("Not e-mailed")


class Sending(models.Model):
    """The fields a claimable e-mail carries (see services.sending)."""

    state = models.CharField(max_length=10, choices=SendState.choices, default=SendState.PENDING)
    claimed_by = models.CharField(max_length=100, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        abstract = True


class Digest(Sending):
    """One e-mail gathering a person's notices of one period (a day or a week). Unique per address,
    period and the moment the period ends, so a rerun finds the digest it already made and sends
    nothing new. Holds personal data (the address), deleted with the person's notices."""

    email = models.EmailField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="notice_digests")
    period = models.CharField(max_length=10, choices=[(DAILY, _("Daily")), (WEEKLY, _("Weekly"))])
    due_at = models.DateTimeField(help_text="The end of the period: notices made before it are in it.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-due_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["email", "period", "due_at"], name="digest_once_per_period")]

    def __str__(self) -> str:
        return f"{self.get_period_display()} digest to {self.email} ({self.due_at:%Y-%m-%d})"


class Notice(Sending):
    """One event that asks something of one person (or changes something they own), in one partnership.

    Unique per (person, kind, event_key): emitting the same event twice makes one notice, so a retried
    task or a double click never notifies twice. Its e-mail (`delivery`, decided when it is made from
    the person's preferences) is sent once: straight away, or as one line of a digest.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="notices")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=60)
    event_key = models.CharField(max_length=200, help_text="Names the event, e.g. 'charter.version:12'.")
    title = models.CharField(max_length=300, help_text="In English (for search, the admin and old rows).")
    body = models.TextField(blank=True, help_text="In English, or the record's own words.")
    # The title and body as their message and values (accord.lib.stored_text), shown in the reader's
    # language; null on rows made before they were stored this way (then `title`/`body` are shown).
    title_text = models.JSONField(null=True, blank=True)
    body_text = models.JSONField(null=True, blank=True)
    url = models.CharField(max_length=500, help_text="Where the person acts on it (a path on this site).")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.OFF)
    email = models.EmailField(blank=True, help_text="Where its e-mail goes (the account's address, or the person's).")
    digest = models.ForeignKey(Digest, null=True, blank=True, on_delete=models.SET_NULL, related_name="notices")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "kind", "event_key"], name="notice_once_per_event"),
        ]
        indexes = [
            models.Index(fields=["state", "delivery"], name="notice_to_send"),
            models.Index(fields=["person", "read_at"], name="notice_unread"),
        ]

    def __str__(self) -> str:
        return self.title

    def shown_title(self) -> str:
        """The title in the active language (the stored message), or the English of an older row."""
        return stored_text.render(self.title_text) if self.title_text else self.title

    def shown_body(self) -> str:
        """The body in the active language, or as it was stored (English, or the record's own words)."""
        return stored_text.render(self.body_text) if self.body_text else self.body


class Preference(models.Model):
    """How one person wants one kind of notice e-mailed. For an account: keyed by the user (it spans
    their partnerships). For someone without an account: keyed by their address (set only by the
    unsubscribe link in an e-mail)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="notice_preferences")
    email = models.EmailField(blank=True)
    kind = models.CharField(max_length=60)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], condition=Q(user__isnull=False),
                                    name="preference_once_per_user_kind"),
            models.UniqueConstraint(fields=["email", "kind"], condition=Q(user__isnull=True),
                                    name="preference_once_per_address_kind"),
            models.CheckConstraint(condition=Q(user__isnull=False) | ~Q(email=""), name="preference_has_owner"),
        ]

    def __str__(self) -> str:
        return f"{self.user or self.email}: {self.kind} → {self.delivery}"
