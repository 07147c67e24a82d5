"""Delivery across areas: each area's dated stage history, the partnership's ambition (a number of
live areas by a date), and the funding streams that pay for the work."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accord.partners.models import Organisation, Partnership

# ONS GSS codes: a letter for the nation (E, W, S, N, K), two digits for the entity type, six digits.
ONS_CODE = re.compile(r"^[EWSNK]\d{8}$")


class Stage(models.TextChoices):
    SCOPING = "scoping", _("Scoping")
    MOBILISING = "mobilising", _("Mobilising")
    LIVE = "live", _("Live")
    SUSTAINED = "sustained", _("Sustained")
    CLOSED = "closed", _("Closed")


# Stages in which the service is running for people in the area.
RUNNING = {Stage.LIVE, Stage.SUSTAINED}


class Area(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(max_length=200)
    ons_code = models.CharField(
        _("ONS geography code"), max_length=9, blank=True,
        help_text=_("Optional: the nine-character code, such as E06000001 (England) or W06000015 (Wales)."))
    local_partners = models.ManyToManyField(Organisation, blank=True, related_name="+",
                                            help_text=_("Member organisations with a local role in this area."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="area_name_unique")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("delivery:area", args=[self.partnership_id, self.pk])

    def clean(self) -> None:
        if self.ons_code:
            self.ons_code = self.ons_code.strip().upper()
            if not ONS_CODE.match(self.ons_code):
                raise ValidationError({"ons_code": _("An ONS code is a letter (E, W, S, N or K) and eight digits, "
                                                     "such as E06000001. Leave it empty if you do not know it.")})

    def current_move(self) -> StageMove | None:
        moves = getattr(self, "_moves", None)
        if moves is not None:
            return moves[-1] if moves else None
        return self.moves.order_by("-on", "-pk").first()


class StageMove(models.Model):
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="moves")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    on = models.DateField("date of the move")
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.area} {self.get_stage_display().lower()} from {self.on}"

    @property
    def partnership(self) -> Partnership:
        return self.area.partnership


class Ambition(models.Model):
    """The partnership's delivery ambition: so many live areas by a date ("7 new areas by March 2023")."""

    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE, related_name="ambition")
    target_live = models.PositiveIntegerField(_("live areas to reach"))
    start_date = models.DateField(_("counting from"))
    target_date = models.DateField(_("by"))

    def __str__(self) -> str:
        return f"{self.target_live} live areas by {self.target_date:%d %B %Y}"

    def clean(self) -> None:
        if self.start_date and self.target_date and self.target_date <= self.start_date:
            raise ValidationError({"target_date": _("The target date must be after the date you count from.")})
        if self.target_live is not None and self.target_live < 1:
            raise ValidationError({"target_live": _("Aim for at least one live area.")})


class FundingStream(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="funding_streams")
    title = models.CharField(max_length=300)
    funder = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3, default="GBP", help_text=_("Three letters, such as GBP."))
    start = models.DateField(_("start date"))
    end = models.DateField(_("end date"))
    partners = models.ManyToManyField(Organisation, blank=True, related_name="+",
                                      help_text=_("The member organisations it pays for."))
    areas = models.ManyToManyField(Area, blank=True, related_name="funding_streams")
    restricted = models.BooleanField(_("restricted"), default=False,
                                     help_text=_("Tick if the money may only be spent on what the funder named."))
    grant_id = models.CharField(_("360Giving grant id"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="funding_amount_positive"),
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="funding_end_after_start"),
            models.UniqueConstraint(fields=["partnership", "grant_id"], condition=~Q(grant_id=""),
                                    name="funding_grant_once"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("delivery:funding", args=[self.partnership_id]) + f"#stream-{self.pk}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.amount is not None and self.amount <= 0:
            errors["amount"] = _("The amount must be more than zero.")
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The end date must be after the start date.")
        if self.currency:
            self.currency = self.currency.strip().upper()
            if not re.fullmatch(r"[A-Z]{3}", self.currency):
                errors["currency"] = _("Use the three-letter currency code, such as GBP.")
        if errors:
            raise ValidationError(errors)


class PendingImport(models.Model):
    """A 360Giving file read and checked, waiting for the manager to confirm. Nothing is saved to funding
    until then, and a confirmed or abandoned preview is never applied twice."""

    class State(models.TextChoices):
        READING = "reading", _("Being checked")
        READY = "ready", _("Checked")
        FAILED = "failed", _("Cannot be imported")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    filename = models.CharField(max_length=255)
    preview = models.JSONField(default=dict, blank=True)
    # A large file is checked in the background: its bytes wait here until then, and the page and the
    # API show how many grants have been checked.
    state = models.CharField(max_length=10, choices=State.choices, default=State.READY)
    processed = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)
    upload = models.BinaryField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"360Giving import of {self.filename}"
