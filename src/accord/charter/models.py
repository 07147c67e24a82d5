"""The joint mission: charter versions and each partner's sign-off, goals with dated measurements,
and the commitments each partner makes (so "walks the talk" can be counted, not claimed)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accord.lib.urls import url
from accord.partners.models import Organisation, Partnership, Person

SECTIONS = [("vision", _("Vision")), ("mission", _("Mission")), ("principles", _("How we work together")),
            ("roles", _("Each partner's role"))]


class CharterVersion(models.Model):
    """One version of the charter. Editing never changes a version: it makes the next one, so what each
    partner signed stays exactly what they read."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="charter_versions")
    number = models.PositiveIntegerField()
    vision = models.TextField(blank=True)
    mission = models.TextField()
    principles = models.TextField(_("how we work together"), blank=True)
    roles = models.TextField(_("each partner's role"), blank=True)
    # The same sections in Welsh, each shown to readers of Welsh when written (lib.languages.localised)
    vision_cy = models.TextField(_("vision in Welsh"), blank=True)
    mission_cy = models.TextField(_("mission in Welsh"), blank=True)
    principles_cy = models.TextField(_("how we work together, in Welsh"), blank=True)
    roles_cy = models.TextField(_("each partner's role, in Welsh"), blank=True)
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField()
    agreed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["partnership", "-number"]
        constraints = [models.UniqueConstraint(fields=["partnership", "number"], name="charter_version_unique")]

    def __str__(self) -> str:
        return f"Charter version {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("charter:version", args=[self.partnership_id, self.number])

    @property
    def is_agreed(self) -> bool:
        return self.agreed_at is not None

    def as_text(self) -> str:
        """The whole version as one Markdown text, for reading a diff."""
        parts = []
        for field, title in SECTIONS:
            parts.append(f"## {title}\n\n{(getattr(self, field) or '').strip()}\n")
        return "\n".join(parts)


class Signoff(models.Model):
    """A senior leader's sign-off of one version for their organisation. Holds personal data (the name)."""

    version = models.ForeignKey(CharterVersion, on_delete=models.CASCADE, related_name="signoffs")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    person_name = models.CharField(max_length=200)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    signed_at = models.DateTimeField()

    class Meta:
        ordering = ["signed_at"]
        constraints = [models.UniqueConstraint(fields=["version", "organisation"], name="signoff_once_per_org")]

    def __str__(self) -> str:
        return f"{self.organisation} signed version {self.version.number}"

    @property
    def partnership(self) -> Partnership:
        return self.version.partnership


class Goal(models.Model):
    class Source(models.TextChoices):
        ENTERED = "entered", _("Entered by hand")
        LIVE_AREAS = "live_areas", _("Counted from delivery: live areas")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(max_length=200)
    metric = models.CharField(max_length=200, help_text=_("What is counted, such as “areas where the service is live”."))
    unit = models.CharField(max_length=40, help_text=_("Such as “areas”, “people”, “%”."))
    baseline = models.FloatField(default=0)
    target = models.FloatField(_("target value"))
    target_date = models.DateField(help_text=_("The date by which the target should be met."), error_messages={
        "null": _("Give the date by which the target should be met."),
        "blank": _("Give the date by which the target should be met.")})
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.ENTERED)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["target_date", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return url("charter:goal", self.partnership_id, self.pk)

    def clean(self) -> None:
        if self.target is not None and self.baseline is not None and self.target == self.baseline:
            raise ValidationError({"target": _("The target is the same as the baseline; set the value to reach.")})


class Measurement(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="measurements")
    on = models.DateField(_("date"))
    value = models.FloatField()
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on"]
        constraints = [models.UniqueConstraint(fields=["goal", "on"], name="measurement_one_per_day")]

    def __str__(self) -> str:
        return f"{self.goal}: {self.value:g} on {self.on}"

    @property
    def partnership(self) -> Partnership:
        return self.goal.partnership


class Commitment(models.Model):
    """What one partner promised, by when. Kept on time = done on or before the due date."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="commitments")
    title = models.CharField(_("what is promised"), max_length=300)
    owner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("owner organisation"))
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                               help_text=_("Optional: the person who will do it."))
    made_on = models.DateField(default=dt.date.today)
    due = models.DateField(_("due date"), error_messages={"null": _("Give the due date."), "blank": _("Give the due date.")})
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    done_on = models.DateField(null=True, blank=True)
    dropped_reason = models.CharField(_("why it was dropped"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due", "title"]
        constraints = [
            models.CheckConstraint(condition=~Q(status="done") | Q(done_on__isnull=False), name="commitment_done_on"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("charter:commitments", args=[self.partnership_id]) + f"#commitment-{self.pk}"

    def clean(self) -> None:
        errors: dict[str, object] = {}  # messages are lazy translations
        if self.status == self.Status.DROPPED and not (self.dropped_reason or "").strip():
            errors["dropped_reason"] = _("Say why the commitment was dropped.")
        if self.status == self.Status.DONE and not self.done_on:
            errors["done_on"] = _("Give the date it was done.")
        if self.status != self.Status.DONE and self.done_on:
            self.done_on = None
        if self.person and self.owner_id and self.person.organisation_id != self.owner_id:
            errors["person"] = _("That person does not work for the owner organisation.")
        if self.due and self.made_on and self.due < self.made_on:
            errors["due"] = _("The due date is before the date the commitment was made.")
        if errors:
            raise ValidationError(errors)

    def kept_on_time(self) -> bool:
        return self.status == self.Status.DONE and self.done_on is not None and self.done_on <= self.due
