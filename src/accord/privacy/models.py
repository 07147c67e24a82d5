"""Subject access requests (the ZIP, kept privately for a while) and the record that erasures happened."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def private_storage() -> Storage:
    """STORAGES["private"]: not under MEDIA_ROOT and never served; a file leaves only through the download
    view. A folder (ACCORD_PRIVATE_FILES_DIR) by default, any Django storage with PRIVATE_FILE_STORAGE."""
    return storages["private"]


class SubjectAccess(models.Model):
    """One request for everything held about a person. The file is downloadable only by whoever asked,
    until expires_at; retention then removes the file and the row."""

    class Scope(models.TextChoices):
        PARTNERSHIP = "partnership", _("One partnership")
        SITE = "site", _("The whole site")
        SELF = "self", _("Their own data")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Being prepared")
        READY = "ready", _("Ready to download")
        FAILED = "failed", _("Could not be prepared")

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    partnership = models.ForeignKey("partners.Partnership", null=True, blank=True, on_delete=models.CASCADE,
                                    related_name="+")
    scope = models.CharField(max_length=12, choices=Scope.choices)
    email = models.EmailField(blank=True, help_text="The address the person was found by.")
    subject_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    rows = models.PositiveIntegerField(default=0)
    file = models.FileField(storage=private_storage, upload_to="subject-access/", blank=True, max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Subject access request {self.pk}"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def downloadable(self) -> bool:
        return bool(self.status == self.Status.READY and self.file and self.expires_at
                    and self.expires_at > timezone.now())

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self.file:
            self.file.delete(save=False)
        return super().delete(*args, **kwargs)


class Erasure(models.Model):
    """That an erasure happened, by whom, why and how many rows it changed: never who was erased."""

    class Scope(models.TextChoices):
        PARTNERSHIP = "partnership", _("One partnership")
        SITE = "site", _("The whole site")
        SELF = "self", _("Their own account, closed")
        RETENTION = "retention", _("Retention period ended")

    partnership = models.ForeignKey("partners.Partnership", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    scope = models.CharField(max_length=12, choices=Scope.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    actor_label = models.CharField(max_length=200, blank=True)
    reason = models.TextField(help_text="Why, with the person's names and addresses removed.")
    counts = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Erasure E{self.pk}"

    @property
    def reference(self) -> str:
        return f"E{self.pk}"

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class RetentionRun(models.Model):
    """What the periodic retention task removed: counts per kind, never the rows themselves."""

    at = models.DateTimeField(default=timezone.now)
    counts = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"the retention run of {self.at:%-d %B %Y %H:%M}"
