from __future__ import annotations

from django.db import models

from accord.partners.models import Partnership, Person


class Notice(models.Model):
    """One event that asks something of one person (or changes something they own), in one partnership.

    Unique per (person, kind, event_key): emitting the same event twice makes one notice, so a retried
    task or a double click never notifies twice.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="notices")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=60)
    event_key = models.CharField(max_length=200, help_text="Names the event, e.g. 'charter.version:12'.")
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, help_text="Where the person acts on it (a path on this site).")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "kind", "event_key"], name="notice_once_per_event"),
        ]

    def __str__(self) -> str:
        return self.title
