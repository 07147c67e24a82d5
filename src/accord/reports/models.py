from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accord.partners.models import Partnership


class ReportJob(models.Model):
    """A long report produced in the background for one person, and the file once it is ready.

    The file holds what the role it was made for may see, so only the person who asked may download it,
    and only while they still have that role in the partnership. Holds personal data (who asked; the file
    may name people, such as a new leader)."""

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting to start")
        WORKING = "working", _("Being produced")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Could not be produced")

    class Kind(models.TextChoices):
        QUARTERLY = "quarterly", _("Partnership report")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=20, help_text="The role the report was made for.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.QUARTERLY)
    fmt = models.CharField("format", max_length=4, choices=[("pdf", "PDF"), ("xlsx", _("Spreadsheet (XLSX)"))])
    start = models.DateField()
    end = models.DateField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.WAITING)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    problem = models.TextField(blank=True)
    filename = models.CharField(max_length=255, blank=True)
    file = models.BinaryField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.start:%-d %b %Y} to {self.end:%-d %b %Y} ({self.fmt.upper()})"

    @property
    def percent(self) -> int:
        if self.state == self.State.READY:
            return 100
        return int(100 * self.done / self.total) if self.total else 0
