"""Organisations, their people, partnerships and who belongs to them.

A change of leader is a fact in the data (a Person's end date and a successor's start date), so
later features (health, handover) can reason about it rather than rely on memory.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accord.lib import languages

from .orgid import validate_org_id


class Organisation(models.Model):
    class Kind(models.TextChoices):
        CHARITY = "charity", _("Charity")
        COMPANY = "company", _("Company")
        PUBLIC_BODY = "public_body", _("Public body")
        FUNDER = "funder", _("Funder")
        OTHER = "other", _("Other")

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CHARITY)
    org_id = models.CharField(
        _("official identifier"),
        max_length=80,
        blank=True,
        help_text=_("The org-id identifier, such as GB-CHC-1164883 (charity) or GB-COH-09506232 (company)."),
    )
    website = models.URLField(blank=True)
    focus = models.TextField(_("focus"), blank=True, help_text=_("In a sentence or two, what the organisation works on."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["org_id"], condition=~Q(org_id=""), name="organisation_org_id_unique",
                violation_error_message=_("Another organisation already has this official identifier."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.org_id:
            try:
                self.org_id = validate_org_id(self.org_id)
            except ValidationError as exc:
                raise ValidationError({"org_id": exc.messages}) from exc


class Seniority(models.TextChoices):
    SENIOR_LEADER = "senior_leader", _("Senior leader")
    MANAGER = "manager", _("Manager")
    STAFF = "staff", _("Staff")


class Person(models.Model):
    """Somebody who works for a member organisation, as one partnership records them. Holds personal
    data (name, e-mail), so it belongs to that partnership: the same human in two partnerships is two
    rows (one user account may link to both), and no partnership can read or change the other's."""

    partnership = models.ForeignKey("Partnership", on_delete=models.CASCADE, related_name="people")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    seniority = models.CharField(max_length=20, choices=Seniority.choices, default=Seniority.STAFF)
    email = models.EmailField(blank=True)
    start_date = models.DateField(default=dt.date.today)
    end_date = models.DateField(null=True, blank=True, help_text=_("Leave empty while they are in post."))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="person_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})
        if self.partnership_id and self.organisation_id and not Membership.objects.filter(
            partnership_id=self.partnership_id, organisation_id=self.organisation_id
        ).exists():
            raise ValidationError({"organisation": _("Choose a member organisation of this partnership.")})

    def in_post(self, on: dt.date | None = None) -> bool:
        on = on or dt.date.today()
        return self.start_date <= on and (self.end_date is None or self.end_date >= on)

    @property
    def is_senior_leader(self) -> bool:
        return self.seniority == Seniority.SENIOR_LEADER


class Partnership(models.Model):
    class Status(models.TextChoices):
        FORMING = "forming", _("Forming")
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        CLOSED = "closed", _("Closed")

    name = models.CharField(max_length=200)
    purpose = models.CharField(max_length=300, help_text=_("The joint purpose, in one sentence."))
    start_date = models.DateField(default=dt.date.today)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    organisations = models.ManyToManyField(Organisation, through="Membership", related_name="partnerships")
    language = models.CharField(
        _("main language"), max_length=8, choices=languages.CHOICES, default=languages.ENGLISH,
        help_text=_("E-mails go in this language to anyone whose own language Accord does not know."))
    email_languages = models.CharField(
        _("e-mails"), max_length=10, default=languages.RECIPIENT,
        choices=[(languages.RECIPIENT, _("In each person's own language")),
                 (languages.BOTH, _("In Welsh and English (Welsh first)"))],
        help_text=_("Welsh and English puts both in every e-mail, Welsh first, as the Welsh Language Standards expect."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partners:home", args=[self.pk])

    def current_memberships(self, on: dt.date | None = None) -> models.QuerySet[Membership]:
        on = on or dt.date.today()
        return self.memberships.filter(joined__lte=on).filter(Q(left__isnull=True) | Q(left__gte=on))

    def member_organisations(self, on: dt.date | None = None) -> models.QuerySet[Organisation]:
        ids = self.current_memberships(on).values("organisation_id")
        return Organisation.objects.filter(pk__in=ids)


class Membership(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    joined = models.DateField(default=dt.date.today)
    left = models.DateField(null=True, blank=True)
    is_lead = models.BooleanField(_("lead partner"), default=False)
    local_role = models.CharField(
        max_length=200, blank=True, help_text=_("For local delivery partners: the area or role they cover.")
    )

    class Meta:
        ordering = ["-is_lead", "joined", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "organisation"], name="membership_unique"),
            models.CheckConstraint(
                condition=Q(left__isnull=True) | Q(left__gte=models.F("joined")), name="membership_left_after_joined"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.partnership}"

    def clean(self) -> None:
        if self.left and self.joined and self.left < self.joined:
            raise ValidationError({"left": _("The date they left is before the date they joined.")})

    @property
    def is_current(self) -> bool:
        today = dt.date.today()
        return self.joined <= today and (self.left is None or self.left >= today)


class Capability(models.Model):
    """What an organisation brings to a partnership."""

    class Kind(models.TextChoices):
        FUNDING = "funding", _("Funding")
        DELIVERY = "delivery", _("Delivery")
        EXPERTISE = "expertise", _("Specialist expertise")
        DATA = "data", _("Data and evaluation")
        REACH = "reach", _("Reach")
        POLICY = "policy", _("Policy influence")
        OTHER = "other", _("Other")

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="capabilities")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["kind"]
        verbose_name_plural = _("capabilities")

    def __str__(self) -> str:
        return self.get_kind_display()


class Role(models.Model):
    """A user's role in one partnership: it decides what they may see and change (core.policy)."""

    MANAGER = "manager"
    LEADER = "leader"
    STAFF = "staff"
    FUNDER = "funder"
    CHOICES = [
        (MANAGER, "Partnership manager"),
        (LEADER, "Senior leader"),
        (STAFF, "Partner staff"),
        (FUNDER, "Funder"),
    ]

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=20, choices=CHOICES)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The organisation this person speaks for in the partnership.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["partnership__name", "role"]
        constraints = [models.UniqueConstraint(fields=["partnership", "user"], name="role_unique")]

    def __str__(self) -> str:
        return f"{self.user} is {self.get_role_display()} of {self.partnership}"
