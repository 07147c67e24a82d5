"""Writes to the charter, goals, measurements and commitments: atomic, validated and audited.

Pages and the API call these same functions, so a rule holds everywhere (a second sign-off is
refused whether it comes from a button or a script)."""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.core.audit import changes, log_action
from accord.lib import languages, mail, stored_text
from accord.notices.services import notify
from accord.partners import selectors as partner_selectors
from accord.partners.models import Partnership, Person, Seniority

from .models import SECTIONS, CharterVersion, Commitment, Goal, Measurement, Signoff
from .selectors import (  # the charter's reads live in selectors
    current_draft,
    latest_version,
    unsigned_organisations,
)

TEXT_FIELDS = [f for f, _ in SECTIONS]
# each section as the partnership wrote it in Welsh (blank: readers of Welsh see the English)
WELSH_FIELDS = [f"{f}_cy" for f in TEXT_FIELDS]


def _save(obj: Any) -> None:
    obj.full_clean()
    obj.save()


def _local_date(at: dt.datetime) -> dt.date:
    return timezone.localtime(at).date() if timezone.is_aware(at) else at.date()


# ---- charter versions -----------------------------------------------------------------------

@transaction.atomic
def version_create(*, actor: Any, partnership: Partnership, mission: str, vision: str = "", principles: str = "",
                   roles: str = "", change_note: str = "", at: dt.datetime | None = None, vision_cy: str = "",
                   mission_cy: str = "", principles_cy: str = "", roles_cy: str = "") -> CharterVersion:
    """Editing the charter makes a new draft version; earlier versions and their sign-offs stay as they were.
    The sections in Welsh (`mission_cy`, …) are part of what partners sign, so a change to them is a new
    version too."""
    at = at or timezone.now()
    text = {"vision": vision or "", "mission": mission or "", "principles": principles or "", "roles": roles or "",
            "vision_cy": vision_cy or "", "mission_cy": mission_cy or "", "principles_cy": principles_cy or "",
            "roles_cy": roles_cy or ""}
    if not text["mission"].strip():
        raise ValidationError({"mission": _("Write the mission: the charter needs at least that.")})
    # lock the partnership row so two editors cannot both make "version 3"
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
    latest = latest_version(partnership)
    if latest is not None and all((getattr(latest, f) or "").strip() == text[f].strip()
                                  for f in TEXT_FIELDS + WELSH_FIELDS):
        raise ValidationError(_("Nothing has changed since version %(number)s; edit the text before saving.")
                              % {"number": latest.number})
    number = (partnership.charter_versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = CharterVersion(partnership=partnership, number=number, change_note=change_note or "",
                             created_by=actor if getattr(actor, "is_authenticated", False) else None,
                             created_at=at, **text)
    _save(version)
    log_action(actor, "charter.version.created", version, {"number": number, "change_note": change_note})
    notify(partnership=partnership, people=partner_selectors.senior_leaders(partnership), kind="charter.sign_requested",
           event_key=f"charter.version:{version.pk}",
           title=stored_text.message(gettext_noop("Please sign version %(number)s of the %(partnership)s charter"),
                                     number=number, partnership=partnership.name),
           url=reverse("charter:version", args=[partnership.pk, number]), body=change_note or "")
    return version


def diff_lines(old: CharterVersion | None, new: CharterVersion) -> list[tuple[str, str]]:
    """A readable line diff between two versions: (kind, text) with kind "added", "removed", "same" or "gap"."""
    before = old.as_text().splitlines() if old else []
    after = new.as_text().splitlines()
    out: list[tuple[str, str]] = []
    for group in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_grouped_opcodes(2):
        if out:
            out.append(("gap", "…"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out.extend(("same", line) for line in before[i1:i2])
                continue
            if tag in ("replace", "delete"):
                out.extend(("removed", line) for line in before[i1:i2])
            if tag in ("replace", "insert"):
                out.extend(("added", line) for line in after[j1:j2])
    return out


# ---- sign-off -------------------------------------------------------------------------------

def signer_for(user: Any, partnership: Partnership, on: dt.date | None = None) -> Person:
    """The senior leader, in post and of a current member organisation, whom this user is."""
    on = on or timezone.localdate()
    if not getattr(user, "is_authenticated", False):
        raise ValidationError(_("Sign in as a senior leader to sign off the charter."))
    leaders = [p for p in partner_selectors.senior_leaders(partnership, on) if p.user_id == user.pk]
    if not leaders:
        raise ValidationError(_(
            "Only a senior leader of a member organisation, in post, can sign off the charter. "
            "Your account is not linked to such a person in this partnership; ask the partnership manager."))
    return leaders[0]


@transaction.atomic
def signoff_record(*, actor: Any, version: CharterVersion, person: Person | None = None,
                   at: dt.datetime | None = None) -> Signoff:
    """Record one organisation's sign-off of the current draft; the last one needed makes it agreed.

    `person` defaults to the senior leader the signing user is. Only system steps (the demo, imports)
    pass a person who has no account; a signed-in user can only ever sign as themselves.
    """
    at = at or timezone.now()
    on = _local_date(at)
    version = CharterVersion.objects.select_for_update().get(pk=version.pk)
    partnership = version.partnership
    if version.is_agreed:
        raise ValidationError(_("Version %(number)s is already agreed; there is nothing left to sign.")
                              % {"number": version.number})
    latest = latest_version(partnership)
    if latest is not None and latest.pk != version.pk:
        raise ValidationError(_("Version %(number)s has been replaced by version %(latest)s; "
                                "sign the current draft instead.") % {"number": version.number, "latest": latest.number})
    if person is None:
        person = signer_for(actor, partnership, on)
    else:
        if getattr(actor, "is_authenticated", False) and person.user_id != actor.pk:
            raise ValidationError(_("You can only sign off the charter as yourself."))
        if person.seniority != Seniority.SENIOR_LEADER:
            raise ValidationError(_("%(name)s is not a senior leader, so cannot sign off the charter.")
                                  % {"name": person.name})
        if not person.in_post(on):
            raise ValidationError(_("%(name)s is not in post on %(on)s, so cannot sign off the charter.")
                                  % {"name": person.name, "on": date_format(on, "d F Y")})
        if not partner_selectors.is_member(partnership, person.organisation, on):
            raise ValidationError(_("%(organisation)s is not a member organisation of %(partnership)s.")
                                  % {"organisation": person.organisation, "partnership": partnership})
    existing = version.signoffs.filter(organisation=person.organisation).first()
    if existing is not None:
        raise ValidationError(_(
            "%(organisation)s has already signed version %(number)s (%(name)s, %(on)s). "
            "An organisation signs each version once.") % {
                "organisation": person.organisation, "number": version.number, "name": existing.person_name,
                "on": date_format(timezone.localtime(existing.signed_at), "d F Y")})
    signoff = Signoff(version=version, organisation=person.organisation, person=person, person_name=person.name,
                      signed_by=actor if getattr(actor, "is_authenticated", False) else None, signed_at=at)
    try:
        with transaction.atomic():
            _save(signoff)
    except IntegrityError as exc:  # a colleague signed at the same moment
        raise ValidationError(_("%(organisation)s has already signed version %(number)s.")
                              % {"organisation": person.organisation, "number": version.number}) from exc
    log_action(actor, "charter.signed", version,
               {"version": version.number, "organisation": person.organisation.name, "person": person.name})
    _agree_if_complete(actor, version, at)
    return signoff


def _agree_if_complete(actor: Any, version: CharterVersion, at: dt.datetime) -> bool:
    if version.is_agreed or not version.signoffs.exists() or unsigned_organisations(version, _local_date(at)):
        return False
    version.agreed_at = at
    version.save(update_fields=["agreed_at"])
    log_action(actor, "charter.agreed", version, {"version": version.number})
    return True


@transaction.atomic
def drafts_recheck(*, actor: Any = None, at: dt.datetime | None = None) -> list[CharterVersion]:
    """Agree drafts that every current member has now signed because the only organisations still to sign
    have left the partnership (membership changes happen in partners, which does not know the charter).
    Run daily by a task."""
    at = at or timezone.now()
    agreed = []
    for partnership in Partnership.objects.filter(charter_versions__agreed_at__isnull=True).distinct():
        draft = current_draft(partnership)
        if draft is not None:
            draft = CharterVersion.objects.select_for_update().get(pk=draft.pk)
            if _agree_if_complete(actor, draft, at):
                agreed.append(draft)
    return agreed


# ---- goals and measurements -----------------------------------------------------------------

GOAL_FIELDS = ["title", "metric", "unit", "baseline", "target", "target_date", "source"]


@transaction.atomic
def goal_save(*, actor: Any, goal: Goal) -> Goal:
    if goal.target_date is None:
        raise ValidationError({"target_date": _("Give the date by which the target should be met.")})
    before = Goal.objects.filter(pk=goal.pk).first() if goal.pk else None
    _save(goal)
    log_action(actor, "charter.goal.changed" if before else "charter.goal.created", goal,
               changes(before, goal, GOAL_FIELDS))
    return goal


@transaction.atomic
def measurement_add(*, actor: Any, goal: Goal, on: dt.date, value: float, note: str = "") -> Measurement:
    if goal.source != Goal.Source.ENTERED:
        raise ValidationError(_("This goal is counted from delivery (live areas), so its measurements "
                                "cannot be entered by hand. Record the area's stage move instead."))
    if on is None:
        raise ValidationError({"on": _("Give the date of the measurement.")})
    if on > timezone.localdate():
        raise ValidationError({"on": _("The date is in the future; record a measurement once it is known.")})
    if goal.measurements.filter(on=on).exists():
        raise ValidationError({"on": _("There is already a measurement on %(on)s; one per day.")
                                     % {"on": date_format(on, "d F Y")}})
    m = Measurement(goal=goal, on=on, value=value, note=note or "",
                    recorded_by=actor if getattr(actor, "is_authenticated", False) else None)
    _save(m)
    log_action(actor, "charter.measurement.added", m, {"goal": goal.title, "on": on, "value": value},
               partnership=goal.partnership)
    return m


# ---- commitments ----------------------------------------------------------------------------

COMMITMENT_FIELDS = ["title", "owner_id", "person_id", "made_on", "due", "status", "done_on", "dropped_reason"]


def _check_dates(c: Commitment) -> None:
    """A commitment is made and done on days that have come, and done no earlier than it was made."""
    today = timezone.localdate()
    if c.made_on and c.made_on > today:
        raise ValidationError({"made_on": _("A commitment cannot be made in the future. Record it on the day it "
                                            "is made, or give the date it was made.")})
    if c.status == Commitment.Status.DONE and c.done_on:
        if c.done_on > today:
            raise ValidationError({"done_on": _("The date it was done cannot be in the future.")})
        if c.made_on and c.done_on < c.made_on:
            raise ValidationError({"done_on": _("It cannot be done before it was made (%(made_on)s).")
                                              % {"made_on": date_format(c.made_on, "j F Y")}})


@transaction.atomic
def commitment_save(*, actor: Any, commitment: Commitment) -> Commitment:
    partnership = commitment.partnership
    if commitment.owner_id and not partnership.memberships.filter(organisation_id=commitment.owner_id).exists():
        raise ValidationError({"owner": _("The owner must be a member organisation of the partnership.")})
    before_owner = Commitment.objects.filter(pk=commitment.pk).values_list("owner_id", flat=True).first()
    left = partner_selectors.former_members(partnership).get(commitment.owner_id)
    if left and commitment.owner_id != before_owner:  # a new promise, or one passed to a partner that has left
        left_on = partnership.memberships.filter(organisation_id=commitment.owner_id).values_list("left", flat=True).first()
        raise ValidationError({"owner": _("%(organisation)s left the partnership in %(month)s; a new commitment is "
                                          "for a current member.") % {"organisation": commitment.owner,
                                                                      "month": date_format(left_on, "F Y") if left_on else ""}})
    _check_dates(commitment)
    if commitment.person_id and not Person.objects.filter(pk=commitment.person_id, partnership=partnership).exists():
        raise ValidationError({"person": _("No one recorded in this partnership has that id.")})  # nor elsewhere, to you
    before = Commitment.objects.filter(pk=commitment.pk).first() if commitment.pk else None
    _save(commitment)
    verb = "created" if before is None else ("status" if before.status != commitment.status else "changed")
    log_action(actor, f"charter.commitment.{verb}", commitment, changes(before, commitment, COMMITMENT_FIELDS))
    return commitment


@transaction.atomic
def commitment_set_status(*, actor: Any, commitment: Commitment, status: str, done_on: dt.date | None = None,
                          dropped_reason: str = "") -> Commitment:
    if status not in Commitment.Status.values:
        raise ValidationError({"status": _("Choose open, done or dropped.")})
    commitment.status = status
    if status == Commitment.Status.DONE:
        commitment.done_on = done_on or timezone.localdate()
    commitment.dropped_reason = dropped_reason or "" if status == Commitment.Status.DROPPED else ""
    return commitment_save(actor=actor, commitment=commitment)


# Days after a draft is made on which the leaders who have not signed are reminded. A fixed schedule
# keeps the daily task stateless: it can run again on the same day without sending twice.
REMINDER_DAYS = (7, 21, 42)


def signoff_reminders(*, today: dt.date | None = None) -> int:
    """E-mail the senior leaders of every member organisation that has not yet signed a current
    draft, on the reminder days. Returns how many messages were sent."""
    today = today or timezone.localdate()
    sent = 0
    for version in CharterVersion.objects.filter(agreed_at__isnull=True).select_related("partnership"):
        if current_draft(version.partnership) != version or (today - _local_date(version.created_at)).days \
                not in REMINDER_DAYS:
            continue
        unsigned = {o.pk for o in unsigned_organisations(version, today)}
        link = mail.absolute(reverse("charter:home", args=[version.partnership_id]))
        for leader in partner_selectors.senior_leaders(version.partnership, today):
            address = leader.user.email if leader.user else leader.email
            if leader.organisation_id not in unsigned or not address:
                continue
            mail.send(to=[address],
                      subject=lambda v=version: _("Please sign version %(number)s of the %(partnership)s charter")
                      % {"number": v.number, "partnership": v.partnership},
                      language=languages.email_languages(user=leader.user, partnership=version.partnership),
                      template="charter/email/signoff_reminder",
                      context={"leader": leader, "version": version, "link": link,
                               "days": (today - _local_date(version.created_at)).days})
            sent += 1
    return sent
