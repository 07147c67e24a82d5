"""Knowledge items, the terms they are shared on, access requests, and the hash-chained access record.

The owner organisation chooses who may read an item (its audience) and on what terms. Every view,
download, grant, revocation and change of terms is appended to an `AccessEntry` chain: each entry
holds the SHA-256 of its own content plus the previous entry's hash, so changing or deleting any
past entry breaks the chain where it happened (see `verification.verify`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.partners.models import Organisation, Partnership


class Use(models.TextChoices):
    LEARNING = "learning", _("Learning inside the partnership")
    JOINT_DELIVERY = "joint_delivery", _("Use in joint delivery")
    ADAPT = "adapt", _("Adapting it, with attribution")


class KnowledgeItem(models.Model):
    """A file, a link or a written note that one organisation shares with its partners.

    Holds personal data only as the author (a user). Items are withdrawn, never deleted, so their
    access record stays whole.
    """

    class Kind(models.TextChoices):
        FILE = "file", _("File")
        LINK = "link", _("Link")
        NOTE = "note", _("Written note")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="library_items")
    owner_org = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="library_items",
                                  verbose_name="owner organisation")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="library_items")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    body = models.TextField("note", blank=True, help_text="Markdown.")
    url = models.URLField("link", max_length=500, blank=True)
    file = models.FileField(upload_to="library/%Y/%m/", blank=True, max_length=300)
    file_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    tags = models.CharField(max_length=300, blank=True, help_text="Comma-separated.")
    discoverable = models.BooleanField(
        default=True,
        help_text="Partners outside the audience may see the title and summary in the catalogue and ask for access.",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:item", args=[self.partnership_id, self.pk])

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class SharingTerms(models.Model):
    """The current terms of one item. Each change makes a new version (kept in `TermsVersion`)."""

    class Audience(models.TextChoices):
        PARTNERSHIP = "partnership", _("The whole partnership")
        NAMED = "named", _("Named partner organisations")

    item = models.OneToOneField(KnowledgeItem, on_delete=models.CASCADE, related_name="terms")
    version = models.PositiveIntegerField(default=1)
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.PARTNERSHIP)
    named_orgs = models.ManyToManyField(Organisation, blank=True, related_name="+",
                                        verbose_name="named partner organisations")
    include_funders = models.BooleanField("funders may read it too", default=False)
    uses = models.JSONField(default=list, help_text="Permitted uses: codes from Use.")
    onward_sharing = models.BooleanField("may be shared outside the partnership", default=False)
    attribution = models.CharField("attribution line", max_length=300, blank=True)
    expires_on = models.DateField("terms end on", null=True, blank=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "sharing terms"

    def __str__(self) -> str:
        return f"Terms v{self.version} of {self.item}"

    def is_expired(self, on: dt.date | None = None) -> bool:
        return self.expires_on is not None and self.expires_on < (on or timezone.localdate())

    def use_labels(self) -> list[str]:
        labels = dict(Use.choices)
        return [str(labels.get(u, u)) for u in self.uses]  # in the reader's language

    def snapshot(self) -> dict[str, Any]:
        """Plain data: what the terms said at this version (stored with each version, shown in notes)."""
        return {
            "version": self.version,
            "audience": self.audience,
            "named_orgs": sorted(o.name for o in self.named_orgs.all()) if self.pk else [],
            "include_funders": self.include_funders,
            "uses": list(self.uses),
            "onward_sharing": self.onward_sharing,
            "attribution": self.attribution,
            "expires_on": self.expires_on.isoformat() if self.expires_on else None,
        }


class TermsVersion(models.Model):
    """Every version of an item's terms, so an access entry's terms version can be read back."""

    item = models.ForeignKey(KnowledgeItem, on_delete=models.CASCADE, related_name="terms_versions")
    version = models.PositiveIntegerField()
    snapshot = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["item", "version"]
        constraints = [models.UniqueConstraint(fields=["item", "version"], name="library_terms_version_unique")]

    def __str__(self) -> str:
        return f"Version {self.version} of the terms of “{self.item}”"


class AccessRequest(models.Model):
    """Someone outside an item's audience asks to read it. A granted request is a grant to the
    requester's organisation, until `until` (if set) or until revoked."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the owner")
        GRANTED = "granted", _("Granted")
        DECLINED = "declined", _("Declined")
        REVOKED = "revoked", _("Revoked")

    item = models.ForeignKey(KnowledgeItem, on_delete=models.CASCADE, related_name="requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="library_requests")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    until = models.DateField("access until", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField("note to the requester", max_length=300, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.organisation} asks for {self.item}"

    def is_live(self, on: dt.date | None = None) -> bool:
        return self.status == self.Status.GRANTED and (self.until is None or self.until >= (on or timezone.localdate()))


class AccessChain(models.Model):
    """The head of one partnership's access record: appends lock this row, so they never fork."""

    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE, related_name="access_chain")
    length = models.PositiveIntegerField(default=0)
    head_hash = models.CharField(max_length=64, default="0" * 64)
    # fingerprint of the HMAC key the chain is sealed with (keys.key_id): tells a lost or replaced key
    # file apart from a changed record
    key_id = models.CharField(max_length=16, blank=True)
    # when the chain was last re-sealed under a key (the upgrade from the unkeyed chain), and what the
    # unkeyed chain's check found at that moment
    reanchored_at = models.DateTimeField(null=True, blank=True)
    reanchor_note = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Access record of {self.partnership}"


class Checkpoint(models.Model):
    """A signed statement of the access record's head at one moment ("entry N has hash H").

    Partners download these and keep them outside Accord; a later check against one shows whether
    the record up to entry N is still what it was. Stored copies let leaders download past ones and
    let every check use them; a stored copy whose signature fails is reported, not trusted."""

    class Kind(models.TextChoices):
        DAILY = "daily", _("Daily")
        DOWNLOAD = "download", _("Downloaded")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="access_checkpoints")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    entries = models.PositiveIntegerField()
    head_hash = models.CharField(max_length=64)
    at = models.DateTimeField()
    body = models.TextField(help_text="The signed JSON, exactly as signed.")
    signature = models.CharField(max_length=120)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"Checkpoint of {self.partnership_id} at entry {self.entries}"


class AccessEntry(models.Model):
    """One line of the append-only access record. Never updated or deleted through the ORM's
    instance methods; the hash chain makes any change made another way detectable.

    Holds personal data (who opened what, by name). The chain seals those fields only through their
    salted fingerprint (`personal_hash`, see chain.py), so erasure can remove them and the salt and
    the record still verifies."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        DOWNLOAD = "download", _("Downloaded")
        GRANT = "grant", _("Granted access")
        DECLINE = "decline", _("Declined a request")
        REVOKE = "revoke", _("Revoked access")
        TERMS = "terms", _("Set the terms")
        WITHDRAW = "withdraw", _("Withdrew the item")
        REINSTATE = "reinstate", _("Shared the item again")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="access_entries")
    seq = models.PositiveIntegerField("entry number")
    item = models.ForeignKey(KnowledgeItem, on_delete=models.PROTECT, related_name="access_entries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    user_label = models.CharField(max_length=300)
    organisation = models.ForeignKey(Organisation, null=True, on_delete=models.SET_NULL, related_name="+")
    organisation_label = models.CharField(max_length=300, blank=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    terms_version = models.PositiveIntegerField(null=True)
    at = models.DateTimeField()
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    personal_salt = models.CharField(max_length=32, blank=True, help_text="Removed on erasure.")
    personal_hash = models.CharField(max_length=64, blank=True,
                                     help_text="SHA-256 of the salt, the account and the name; sealed in the chain.")
    legacy_hash = models.CharField(max_length=64, blank=True,
                                   help_text="The hash before format 2, for checkpoints signed before it.")

    class Meta:
        ordering = ["partnership", "seq"]
        verbose_name_plural = "access entries"
        constraints = [models.UniqueConstraint(fields=["partnership", "seq"], name="library_access_seq_unique")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.user_label} {self.action} {self.item_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RuntimeError("The access record is append-only: entries are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("The access record is append-only: entries are never deleted.")
