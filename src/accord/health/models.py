"""Change events, health snapshots, warning rules and alerts, leader handovers.

Snapshots store the numbers and the inputs that made them, so that pages (and the funders' view)
read stored numbers and every number can explain itself later, even after the data moved on.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from accord.analytics.health import COMPONENTS, DEFAULT_WEIGHTS
from accord.lib import dbfields, stored_text
from accord.partners.models import Organisation, Partnership, Person


class ChangeEvent(models.Model):
    """A dated change for the partnership or one partner. Derived events carry a source key.

    Holds personal data when it concerns a person (the person link, and their name in the note).
    """

    class Kind(models.TextChoices):
        LEADER_ARRIVED = "leader_arrived", _("Leader arrived")
        LEADER_LEFT = "leader_left", _("Leader left")
        KEY_PERSON_LEFT = "key_person_left", _("Key person left")
        FUNDING_WON = "funding_won", _("Funding won")
        FUNDING_ENDING = "funding_ending", _("Funding cut or ending")
        RESTRUCTURE = "restructure", _("Merger or restructure")
        POLICY_CHANGE = "policy_change", _("Policy or sector change")

    class Impact(models.TextChoices):
        HIGH = "high", _("High")
        MEDIUM = "medium", _("Medium")
        LOW = "low", _("Low")
        POSITIVE = "positive", _("Positive")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="change_events")
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", help_text=_("Leave empty if it concerns the whole partnership."))
    kind = models.CharField(max_length=30, choices=Kind.choices)
    date = models.DateField()
    note = models.TextField(blank=True)
    impact = models.CharField(_("expected impact"), max_length=10, choices=Impact.choices, default=Impact.MEDIUM)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source_key = models.CharField(max_length=80, blank=True, help_text=_("Set on derived events, so deriving is idempotent."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]
        constraints = [models.UniqueConstraint(fields=["partnership", "source_key"], condition=~Q(source_key=""),
                                               name="changeevent_source_unique")]

    def __str__(self) -> str:
        who = f" ({self.organisation})" if self.organisation_id else ""
        return f"{self.get_kind_display()}{who} on {self.date:%d %b %Y}"

    @property
    def derived(self) -> bool:
        return bool(self.source_key)

    def described(self) -> stored_text.Stored:
        """The event as `__str__` says it, stored to read in the reader's language (an alert's reason)."""
        with translation.override(None):  # the kind's label as written (its message), not translated now
            kind = str(self.Kind(self.kind).label) if self.kind in self.Kind.values else self.kind
        if self.organisation_id:
            return stored_text.message(gettext_noop("%(kind)s (%(organisation)s) on %(date)s"),
                                       kind=stored_text.message(kind), organisation=self.organisation, date=self.date)
        return stored_text.message(gettext_noop("%(kind)s on %(date)s"), kind=stored_text.message(kind), date=self.date)


class HealthSettings(models.Model):
    """Per-partnership weights of the index components (percentages; they are normalised)."""

    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE, related_name="health_settings")
    weight_trust = models.PositiveSmallIntegerField(_("trust"), default=int(DEFAULT_WEIGHTS["trust"]))
    weight_engagement = models.PositiveSmallIntegerField(_("engagement"), default=int(DEFAULT_WEIGHTS["engagement"]))
    weight_delivery = models.PositiveSmallIntegerField(_("delivery"), default=int(DEFAULT_WEIGHTS["delivery"]))
    weight_commitments = models.PositiveSmallIntegerField(_("commitments"), default=int(DEFAULT_WEIGHTS["commitments"]))
    weight_reciprocity = models.PositiveSmallIntegerField(_("reciprocity"), default=int(DEFAULT_WEIGHTS["reciprocity"]))
    weight_stability = models.PositiveSmallIntegerField(_("stability"), default=int(DEFAULT_WEIGHTS["stability"]))

    def __str__(self) -> str:
        return f"Health index weights of {self.partnership}"

    def weights(self) -> dict[str, float]:
        return {k: float(getattr(self, f"weight_{k}")) for k in COMPONENTS}

    def clean(self) -> None:
        if not any(self.weights().values()):
            raise ValidationError(_("At least one weight must be above zero."))
        if any(v > 100 for v in self.weights().values()):
            raise ValidationError(_("Each weight is at most 100."))


class HealthSnapshot(models.Model):
    """The index for one month, with each component's score, inputs, explanation and evidence."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="health_snapshots")
    month = models.DateField(help_text=_("The first day of the month it describes."))
    computed_at = models.DateTimeField()
    overall = models.FloatField(null=True)
    scores = dbfields.JSONField(default=dict)  # component key -> score or None (for quick reads)
    components = dbfields.JSONField(default=list)  # list of analytics Component dicts
    weights = dbfields.JSONField(default=dict)
    missing = dbfields.JSONField(default=list)
    note = models.TextField(blank=True)
    drivers = dbfields.JSONField(default=list)
    # what the funders' view needs, kept small so the portfolio reads it quickly:
    # {"trust_withheld": bool, "live_now": int|None, "target_live": int|None, "goal_progress": float|None}
    summary = dbfields.JSONField(default=dict)

    class Meta:
        ordering = ["partnership", "month"]
        get_latest_by = "month"
        constraints = [models.UniqueConstraint(fields=["partnership", "month"], name="healthsnapshot_month_unique")]

    def __str__(self) -> str:
        return f"Health of {self.partnership} in {self.month:%B %Y}"


class HealthCurrent(models.Model):
    """The latest snapshot of each partnership and its change since the one before, kept beside the
    history so that the funders' view reads one small row per partnership, however long the history."""

    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE, primary_key=True,
                                       related_name="health_current")
    month = models.DateField()
    overall = models.FloatField(null=True)
    trend = models.FloatField(null=True, help_text=_("Change of the overall index since the snapshot before."))
    scores = dbfields.JSONField(default=dict)
    summary = dbfields.JSONField(default=dict)

    def __str__(self) -> str:
        return f"Health of {self.partnership} in {self.month:%B %Y}"


class AlertRule(models.Model):
    """An early-warning rule: its kind decides the check, the threshold and switch are data."""

    class Kind(models.TextChoices):
        LEADER_CHANGE_DROP = "leader_change_drop", _("Leader change followed by a drop in trust or attendance")
        TRUST_DROP = "trust_drop", _("Trust in one partner falls between waves")
        SENIOR_ABSENT = "senior_absent", _("Meetings in a row without a partner's senior leader")
        LIBRARY_TAKES_ONLY = "library_takes_only", _("A partner only takes from the library")
        FUNDING_ENDING = "funding_ending", _("Funding ends soon with no successor")
        CHARTER_UNSIGNED = "charter_unsigned", _("The charter's current draft is unsigned")

    # kind -> (default threshold, what the threshold means)
    DEFAULTS: dict[str, tuple[float, str]] = {
        Kind.LEADER_CHANGE_DROP: (10, gettext_noop("points of drop (trust %, trust in that partner % or senior attendance %) within 12 months of the change")),
        Kind.TRUST_DROP: (0.5, gettext_noop("fall in mean trust received (1-4 scale) between the last two waves")),
        Kind.SENIOR_ABSENT: (2, gettext_noop("meetings in a row")),
        Kind.LIBRARY_TAKES_ONLY: (5, gettext_noop("opens of others' items with nothing shared")),
        Kind.FUNDING_ENDING: (6, gettext_noop("months before the end")),
        Kind.CHARTER_UNSIGNED: (60, gettext_noop("days the draft has waited")),
    }

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="alert_rules")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    threshold = models.FloatField()
    enabled = models.BooleanField(default=True)

    class Meta:
        ordering = ["partnership", "kind"]
        constraints = [models.UniqueConstraint(fields=["partnership", "kind"], name="alertrule_kind_unique")]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def threshold_meaning(self) -> str:
        meaning = self.DEFAULTS.get(self.kind, (0, ""))[1]
        return gettext(meaning) if meaning else ""

    def clean(self) -> None:
        if self.threshold is None or self.threshold <= 0:
            raise ValidationError({"threshold": _("The threshold must be a number above zero.")})


class Alert(models.Model):
    """One early warning, fired once per cause; a manager acknowledges it with a note.

    The reason may name an organisation, never a person; the acknowledgement is free text by a manager.
    When the reason tells trust results by organisation (which only the manager and senior leaders
    may see), `general_reason` and `general_look_at` say what everyone else is told instead:
    read an alert through `seen_by(access)`, never its `reason` directly.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="alerts")
    rule = models.ForeignKey(AlertRule, on_delete=models.CASCADE, related_name="alerts")
    cause_key = models.CharField(max_length=120)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    fired_at = models.DateTimeField()
    # Stored messages with their values (accord.lib.stored_text), shown with `render` in the reader's
    # language; an alert fired before they were stored holds its English as a plain string.
    reason = models.JSONField(help_text=_("Why it fired."))
    look_at = models.JSONField(help_text=_("What to look at."))
    look_at_url = models.CharField(max_length=300, blank=True)
    general_reason = models.JSONField(default=str, blank=True, help_text=_(
        "Why it fired, for those who may not see trust results by organisation (empty: the reason is for everyone)."))
    general_look_at = models.JSONField(default=str, blank=True, help_text=_("What to look at, for those same people."))
    emailed_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+")
    acknowledgement = models.TextField(blank=True)

    class Meta:
        ordering = ["-fired_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["partnership", "cause_key"], name="alert_cause_unique")]

    def __str__(self) -> str:
        return f"{self.rule}: {stored_text.english(self.reason)[:60]}"

    @property
    def is_open(self) -> bool:
        return self.acknowledged_at is None

    @property
    def confidential(self) -> bool:
        """Whether the reason tells what only those with the "view_confidential" need may see."""
        return bool(self.general_reason)

    def seen_by(self, access: Any) -> Alert | SeenAlert:
        """The alert as `access` may see it: the general reason, and no organisation, for those
        without the "view_confidential" need when the reason is confidential."""
        if not self.confidential or (access is not None and access.can("view_confidential")):
            return self
        return SeenAlert(self)


class SeenAlert:
    """An alert whose reason tells confidential results, as those who may not see them read it."""

    organisation = None
    organisation_id = None

    def __init__(self, alert: Alert) -> None:
        self._alert = alert
        self.reason = alert.general_reason
        self.look_at = alert.general_look_at

    def __getattr__(self, name: str) -> Any:
        return getattr(self._alert, name)


class DigestSent(models.Model):
    """One row per manager per day a digest went out: at most one digest a day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    alerts = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digestsent_user_day_unique")]

    def __str__(self) -> str:
        return f"Early warnings sent on {self.day.day} {self.day:%B %Y}"


class Handover(models.Model):
    """What a departing senior leader held, and the checklist for whoever follows them.

    Holds personal data (who left and who follows, and who ticked each item).
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="handovers")
    leaving = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    incoming = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["partnership", "leaving"], name="handover_unique")]

    def __str__(self) -> str:
        return f"Handover from {self.leaving.name}"

    @property
    def leaving_on(self) -> dt.date | None:
        return self.leaving.end_date


class HandoverItem(models.Model):
    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="items")
    key = models.CharField(max_length=120, help_text=_("Proposed items have a key so proposing twice adds nothing."))
    # A proposed item is a stored message with its values (accord.lib.stored_text), shown in the reader's
    # language; an item a person added (or one proposed before) is their words, a plain string.
    text = models.JSONField()
    url = models.CharField(max_length=300, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["handover", "key"], name="handoveritem_key_unique")]

    def __str__(self) -> str:
        return stored_text.english(self.text)

    @property
    def done(self) -> bool:
        return self.done_at is not None
