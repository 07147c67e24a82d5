"""Mailing lists, their subscribers and what each subscriber agreed to, campaigns and deliveries.

Personal data lives in three models: Subscriber (address, name, topics), ConsentRecord (address,
optional IP, kept but redacted on erasure) and Delivery (linked to a subscriber, unlinked on erasure).
`services.subscriber_export` and `services.subscriber_erase` cover all three; Suppression keeps only a
keyed one-way hash of an erased address so that an import cannot add the person back.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.lib import languages
from accord.lib.mail import one_line


def normalise_email(address: str) -> str:
    """Addresses are stored trimmed and lower-cased, so that one person is one subscriber."""
    return (address or "").strip().lower()


def email_hash(address: str) -> str:
    """A keyed one-way hash (HMAC-SHA256 with SECRET_KEY): suppression entries and redacted consent
    records can be matched against an address someone types, but never turned back into one."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"accord.mailing:{normalise_email(address)}".encode(), hashlib.sha256).hexdigest()


def new_key() -> str:
    return secrets.token_urlsafe(12)


class MailingList(models.Model):
    """A list is managed inside one partnership. It is owned either by the partnership itself (its
    managers run it) or by one member organisation (only that organisation's managers run it)."""

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="mailing_lists")
    organisation = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="mailing_lists",
        help_text="Leave empty when the partnership as a whole owns the list.",
    )
    name = models.CharField(max_length=200)
    name_cy = models.CharField(_("name in Welsh"), max_length=200, blank=True,
                               help_text=_("Shown to people reading in Welsh; leave empty to show the English."))
    slug = models.SlugField(max_length=80, unique=True, help_text="Used in the public address /lists/<slug>/.")
    description = models.TextField(blank=True, help_text="Shown on the public sign-up page.")
    description_cy = models.TextField(_("description in Welsh"), blank=True,
                                      help_text=_("Shown to people reading in Welsh; leave empty to show the English."))
    from_name = models.CharField(max_length=200, blank=True, help_text="Shown as the sender of campaigns.")
    reply_to = models.EmailField(blank=True, help_text="Where replies to campaigns go.")
    record_ip = models.BooleanField(
        "record the IP address with each consent", default=False,
        help_text="Off unless you need it: an IP address is personal data.",
    )
    is_open = models.BooleanField("accepting sign-ups", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("mailing:list", args=[self.partnership_id, self.pk])

    @property
    def owner_name(self) -> str:
        return self.organisation.name if self.organisation else self.partnership.name

    def clean(self) -> None:
        # the name and the sender name go into the From of every e-mail of the list
        errors = {}
        for field in ("name", "name_cy", "from_name"):
            try:
                one_line(getattr(self, field))
            except ValidationError as exc:
                errors[field] = exc.messages
        if errors:
            raise ValidationError(errors)

    def current_statement(self) -> ConsentStatement | None:
        return self.statements.order_by("-version").first()

    def public_url(self) -> str:
        return reverse("mailing:signup", args=[self.slug])



class Topic(models.Model):
    mailing_list = models.ForeignKey(MailingList, on_delete=models.CASCADE, related_name="topics")
    name = models.CharField(max_length=120)
    name_cy = models.CharField(_("name in Welsh"), max_length=120, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["mailing_list", "name"], name="mailing_topic_unique")]

    def __str__(self) -> str:
        return self.name


class ConsentStatement(models.Model):
    """The exact wording a person is shown when they sign up. A change of wording is a new version;
    old versions are kept because consent records point at them."""

    mailing_list = models.ForeignKey(MailingList, on_delete=models.CASCADE, related_name="statements")
    version = models.PositiveIntegerField()
    text = models.TextField()
    # the same statement in Welsh (a version holds both wordings; changing either makes a new version)
    text_cy = models.TextField(_("consent statement in Welsh"), blank=True,
                               help_text=_("Shown to people reading in Welsh; leave empty to show them the English."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["mailing_list", "version"], name="mailing_statement_version_unique")
        ]

    def __str__(self) -> str:
        return f"version {self.version}"

    def wording(self, language: str | None) -> tuple[str, str]:
        """(language, text) of the wording a reader of `language` is shown: the Welsh where written,
        otherwise the English. The language returned is the one of the words shown, for the record."""
        if languages.supported(language) == languages.WELSH and self.text_cy.strip():
            return languages.WELSH, self.text_cy
        return languages.ENGLISH, self.text


class Subscriber(models.Model):
    """Personal data: address, name (only if they gave one) and topics."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        SUBSCRIBED = "subscribed", _("Subscribed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        BOUNCED = "bounced", _("Address refused by the mail server")

    mailing_list = models.ForeignKey(MailingList, on_delete=models.CASCADE, related_name="subscribers")
    email = models.EmailField(max_length=254)
    name = models.CharField(max_length=200, blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="subscribers")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    language = models.CharField(_("language"), max_length=8, blank=True,
                                help_text=_("The language of the page they signed up on: their e-mails go in it."))
    key = models.CharField(max_length=32, default=new_key, help_text="Part of every link, changed on erasure.")
    statement = models.ForeignKey(ConsentStatement, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", help_text="The wording they last agreed to.")
    created_at = models.DateTimeField(auto_now_add=True)
    requested_at = models.DateTimeField(default=timezone.now, help_text="When they last asked to join.")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    bounced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["email"]
        constraints = [models.UniqueConstraint(fields=["mailing_list", "email"], name="mailing_subscriber_unique")]
        indexes = [models.Index(fields=["mailing_list", "status"])]

    def __str__(self) -> str:
        # never the address: this text goes into the audit trail
        return f"subscriber #{self.pk}"

    def clean(self) -> None:
        self.email = normalise_email(self.email)


class ConsentRecord(models.Model):
    """One change to what a person agreed to: who, what they were told, when, how. Never deleted;
    on erasure the address, name and IP are removed and only the keyed hash stays."""

    class Action(models.TextChoices):
        SIGNED_UP = "signed_up", _("Asked to join")
        CONFIRMED = "confirmed", _("Confirmed (double opt-in)")
        IMPORTED = "imported", _("Added by import")
        ADDED = "added", _("Added by a manager")
        TOPICS = "topics", _("Changed topics")
        UNSUBSCRIBED = "unsubscribed", _("Left the list")
        BOUNCED = "bounced", _("Address refused by the mail server")
        PURGED = "purged", _("Never confirmed: removed")
        ERASED = "erased", _("Asked for their data to be erased")
        IMPORT_UNDONE = "import_undone", _("Added by an import made by mistake: removed")

    class Method(models.TextChoices):
        FORM = "form", _("Public form")
        EMAIL_LINK = "email_link", _("Link in an e-mail")
        IMPORT = "import", _("Import")
        ADMIN = "admin", _("By a manager")
        SYSTEM = "system", _("Automatically")

    mailing_list = models.ForeignKey(MailingList, on_delete=models.CASCADE, related_name="consent_records")
    subscriber = models.ForeignKey(Subscriber, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="consent_records")
    email = models.CharField(max_length=254, blank=True)
    email_hash = models.CharField(max_length=64, db_index=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    method = models.CharField(max_length=20, choices=Method.choices)
    statement = models.ForeignKey(ConsentStatement, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="records")
    language = models.CharField(
        _("language of the statement"), max_length=8, blank=True, choices=languages.CHOICES,
        help_text=_("The language of the statement's wording they agreed to; empty when no wording was shown."))
    topics = models.JSONField(default=list, blank=True)
    basis = models.TextField(blank=True, help_text="For imports and managers: the stated basis for consent.")
    ip = models.GenericIPAddressField(null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    redacted = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.get_method_display()})"


class Suppression(models.Model):
    """An erased address, as a keyed hash only: an import or a manager cannot add it back."""

    mailing_list = models.ForeignKey(MailingList, on_delete=models.CASCADE, related_name="suppressions")
    email_hash = models.CharField(max_length=64)
    reason = models.CharField(max_length=40, default="erased")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mailing_list", "email_hash"], name="mailing_suppression_unique")
        ]

    def __str__(self) -> str:
        return f"An erased address on {self.mailing_list}"


class Campaign(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    mailing_list = models.ForeignKey(MailingList, on_delete=models.CASCADE, related_name="campaigns")
    subject = models.CharField(max_length=200)
    body = models.TextField(help_text=_("Markdown: *italic*, **bold**, [a link](https://…), lists with -."))
    subject_cy = models.CharField(_("subject in Welsh"), max_length=200, blank=True)
    body_cy = models.TextField(_("message in Welsh"), blank=True,
                               help_text=_("Sent to subscribers who read Welsh; leave empty to send them the English."))
    topics = models.ManyToManyField(Topic, blank=True, related_name="campaigns",
                                    help_text="Send only to people who chose one of these. None: everyone.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    send_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("mailing:campaign", args=[self.mailing_list.partnership_id, self.mailing_list_id, self.pk])

    def clean(self) -> None:
        for field in ("subject", "subject_cy"):  # the Subject header
            try:
                one_line(getattr(self, field))
            except ValidationError as exc:
                raise ValidationError({field: exc.messages}) from exc


class Delivery(models.Model):
    """One message of one campaign to one subscriber: the unit that makes sending resumable.

    queued → claimed (a sender took it in a batch) → handing (its last byte is being handed to the mail
    server) → sent. A temporary failure goes to retry (with
    next_attempt_at), a permanent one to failed. See sending.py for how a crash is recovered."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        CLAIMED = "claimed", _("Claimed by a sender")
        HANDING = "handing", _("Being handed to the mail server")
        RETRY = "retry", _("Waiting to retry")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped (left the list)")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="deliveries")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Failed tries so far.")
    claimed_by = models.CharField(max_length=40, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "subscriber"], condition=Q(subscriber__isnull=False),
                                    name="mailing_delivery_unique")
        ]
        indexes = [models.Index(fields=["campaign", "status"])]

    def __str__(self) -> str:
        return f"delivery #{self.pk}"


def validate_slug_free(slug: str, exclude_pk: int | None = None) -> None:
    if MailingList.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():  # type: ignore[misc]  # pk=None excludes nothing
        raise ValidationError({"slug": "Another list already uses this web address; choose another."})
