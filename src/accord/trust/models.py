"""Trust surveys: instruments, waves, invitations, responses, ratings and the stored results.

A Rating is dyadic: from the organisation that answered about one other organisation, on one
dimension, on a 1–4 scale, with "don't know" stored apart (never as a number). Scores are worked
out by accord.analytics when a wave closes and stored in WaveResult, so pages read stored numbers.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.lib.urls import url
from accord.partners.models import Organisation, Partnership, Person

from .questions import CONTACT_CHOICES, DIMENSION_CHOICES


class Instrument(models.Model):
    """A questionnaire. The relationship instrument's questions are fixed in `questions.py`;
    the collaboration-factors instrument's statements are FactorItems."""

    class Kind(models.TextChoices):
        RELATIONSHIPS = "relationships", "Trust and value between partners"
        FACTORS = "factors", "Collaboration factors"

    kind = models.CharField(max_length=20, choices=Kind.choices, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.name


class FactorItem(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    factor = models.CharField(max_length=40)
    code = models.CharField(max_length=20, unique=True, help_text="Short name used in CSV files.")
    text = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.text


class Wave(models.Model):
    class Confidentiality(models.TextChoices):
        NAMED = "named", _("Named: results shown by organisation")
        CONFIDENTIAL = "confidential", _("Confidential: only totals for the whole partnership")

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="trust_waves")
    name = models.CharField(max_length=120)
    name_cy = models.CharField(_("name in Welsh"), max_length=120, blank=True)
    introduction = models.TextField(_("introduction"), blank=True,
                                    help_text=_("A few words at the top of the survey and in its invitation."))
    introduction_cy = models.TextField(_("introduction in Welsh"), blank=True)
    opens_on = models.DateField(default=dt.date.today)
    closes_on = models.DateField(help_text="The last day people can answer.")
    instruments = models.ManyToManyField(Instrument, related_name="waves")
    confidentiality = models.CharField(max_length=20, choices=Confidentiality.choices,
                                       default=Confidentiality.NAMED)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="wave_closes_after_opening")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return url("trust:wave", self.partnership_id, self.pk)

    def clean(self) -> None:
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": "The closing date is before the opening date."})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def accepting_answers(self) -> bool:
        """Open, and its closing date (a whole day, local time) has not passed."""
        return self.is_open and timezone.localdate() <= self.closes_on

    @property
    def closed_on(self) -> dt.date | None:
        """The day the wave really closed (None while open): the day the manager closed it when that
        was before its planned closing date, otherwise the planned date (the last day answers counted,
        even when the nightly task closed it just after midnight)."""
        if self.is_open:
            return None
        if self.closed_at is None:
            return self.closes_on
        return min(self.closes_on, timezone.localtime(self.closed_at).date())

    @property
    def is_confidential(self) -> bool:
        return self.confidentiality == self.Confidentiality.CONFIDENTIAL

    def has(self, kind: str) -> bool:
        return any(i.kind == kind for i in self.instruments.all())

    def organisations(self) -> models.QuerySet[Organisation]:
        """Member organisations during the wave: these are the ones rated."""
        ids = self.partnership.memberships.filter(joined__lte=self.closes_on).filter(
            Q(left__isnull=True) | Q(left__gte=self.opens_on)).values("organisation_id")
        return Organisation.objects.filter(pk__in=ids).order_by("name")


class Invitation(models.Model):
    """One person's personal link to a wave. Holds personal data (e-mail)."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()
    nonce = models.CharField(max_length=64, default=secrets.token_urlsafe, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(default=0)
    language = models.CharField(_("language"), max_length=8, blank=True,
                                help_text=_("The language they last answered in: their reminders go in it."))
    withdrawn_at = models.DateTimeField(null=True, blank=True,
                                        help_text="Set when it was withdrawn (sent to the wrong person): its link "
                                                  "no longer works and no reminder is sent.")

    class Meta:
        ordering = ["organisation__name", "email"]
        constraints = [models.UniqueConstraint(fields=["wave", "email"], name="invitation_unique_email")]

    def __str__(self) -> str:
        return f"{self.email} for {self.wave}"

    @property
    def finished(self) -> bool:
        response = getattr(self, "response", None)
        return bool(response and response.finished_at)


class Response(models.Model):
    """One respondent's answers in a wave, from a link or imported from a CSV file."""

    class Source(models.TextChoices):
        LINK = "link", "Personal link"
        IMPORT = "import", "Imported"

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="responses")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    invitation = models.OneToOneField(Invitation, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="response")
    respondent = models.CharField(max_length=200, blank=True, help_text="Who answered, for imported answers.")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.LINK)
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "pk"]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.wave}"


class Contact(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="contacts")
    about = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(choices=CONTACT_CHOICES)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "about"], name="contact_unique"),
            models.CheckConstraint(condition=Q(level__lte=3), name="contact_level_0_3"),
        ]

    def __str__(self) -> str:
        return "How two partners worked together, from a survey answer"


class Rating(models.Model):
    """From `response.organisation` about `about`, on one dimension: 1–4, or "don't know"."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="ratings")
    about = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    dimension = models.CharField(max_length=20, choices=DIMENSION_CHOICES)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    dont_know = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "about", "dimension"], name="rating_unique"),
            models.CheckConstraint(
                condition=(Q(dont_know=True, score__isnull=True)
                           | Q(dont_know=False, score__gte=1, score__lte=4)),
                name="rating_score_1_4_or_dont_know",
            ),
        ]

    def __str__(self) -> str:
        return "A score from a survey answer"


class FactorAnswer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="factor_answers")
    item = models.ForeignKey(FactorItem, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    dont_know = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="factor_answer_unique"),
            models.CheckConstraint(
                condition=(Q(dont_know=True, score__isnull=True)
                           | Q(dont_know=False, score__gte=1, score__lte=5)),
                name="factor_score_1_5_or_dont_know",
            ),
        ]

    def __str__(self) -> str:
        return "An answer about the partnership as a whole, from a survey"


class WaveResult(models.Model):
    """Every score of a closed wave, stored when it closes. The headline numbers are columns (for
    lists and other domains); the detail by organisation and pair is JSON keyed by organisation id."""

    wave = models.OneToOneField(Wave, on_delete=models.CASCADE, related_name="result")
    computed_at = models.DateTimeField(default=timezone.now)
    responding_orgs = models.PositiveIntegerField(default=0)
    responses = models.PositiveIntegerField(default=0)
    relationships = models.PositiveIntegerField(default=0)
    trust_mean = models.FloatField(null=True)
    value_mean = models.FloatField(null=True)
    trust_pct = models.FloatField(null=True)
    value_pct = models.FloatField(null=True)
    density = models.FloatField(null=True)
    centralisation = models.FloatField(null=True)
    reciprocity = models.FloatField(null=True)
    # {"orgs": [{id, name, trust_received, …}], "pair_arrays": {from, about, trust, …: packed arrays},
    #  "factors": [{factor, label, mean, answers, band}], "changes": […], "summary": […]}; the pairs are read
    # through accord.trust.pairs (results stored before hold "pairs": [{from, about, trust, …}] instead)
    detail = models.JSONField(default=dict)
    # what a named wave's page shows of the pairs and the network, with what rests on one person's answers
    # left out (trust.selectors.named_summary), worked out at closing for the minimum of respondents then
    # in force, and again (once, services.page_summary_refresh) when that setting has changed: a page reads
    # this, not the megabytes of pairs. Empty for a confidential wave, whose page shows nothing by organisation.
    page_summary = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return f"Results of {self.wave}"
