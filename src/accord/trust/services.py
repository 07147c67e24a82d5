"""Writes for trust surveys: opening and closing waves, answering through a link, importing.

Every write is atomic, validated and audited. Answers given through a personal link are audited
without their content, so the audit trail never undoes a confidential wave.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from accord.core.audit import log_action
from accord.lib import languages, queue, stored_text, tokens
from accord.notices.services import notify
from accord.partners.models import Organisation, Partnership, Person, Seniority

from . import questions, scoring, selectors
from .models import (
    Contact,
    FactorAnswer,
    FactorItem,
    Instrument,
    Invitation,
    Rating,
    Response,
    Wave,
    WaveResult,
)

TOKEN_PURPOSE = "trust.survey"
INVITE_CHOICES = [
    ("leaders", gettext_lazy("Senior leaders only")),
    ("leaders_managers", gettext_lazy("Senior leaders and managers")),
    ("everyone", gettext_lazy("Everyone recorded with an e-mail address")),
]


class SurveyLinkError(Exception):
    """A survey link that cannot be used; str(exc) says why in plain words (in the page's language), and
    `closed` tells the survey closed (410) from a link that never worked (400)."""

    def __init__(self, message: str, *, closed: bool = False) -> None:
        super().__init__(message)
        self.closed = closed


# ---- instruments ------------------------------------------------------------------------------

def ensure_instruments() -> dict[str, Instrument]:
    """The two built-in instruments, created on first use with Accord's own wording."""
    out = {}
    rel, _ = Instrument.objects.get_or_create(
        kind=Instrument.Kind.RELATIONSHIPS,
        defaults={"name": "Trust and value between partners",
                  "description": "About each other partner: how you work together, how far you trust them, "
                                 "and what they bring."})
    out[rel.kind] = rel
    fac, created = Instrument.objects.get_or_create(
        kind=Instrument.Kind.FACTORS,
        defaults={"name": "Collaboration factors",
                  "description": "Statements about the partnership as a whole, on a five-point agreement scale."})
    if created or not fac.items.exists():
        order = 0
        for factor, _, items in questions.FACTORS:
            for code, text in items:
                order += 1
                FactorItem.objects.get_or_create(code=code, defaults={"instrument": fac, "factor": factor,
                                                                      "text": text, "order": order})
    out[fac.kind] = fac
    return out


# ---- waves ------------------------------------------------------------------------------------

def _invitees(partnership: Partnership, wave: Wave, invite: str) -> list[Person]:
    levels = {"leaders": [Seniority.SENIOR_LEADER],
              "leaders_managers": [Seniority.SENIOR_LEADER, Seniority.MANAGER],
              "everyone": [Seniority.SENIOR_LEADER, Seniority.MANAGER, Seniority.STAFF]}[invite]
    org_ids = wave.organisations().values("pk")
    return list(
        Person.objects.filter(partnership=partnership, organisation_id__in=org_ids, seniority__in=levels,
                              start_date__lte=wave.closes_on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=wave.opens_on)).exclude(email="")
        .select_related("organisation").order_by("organisation__name", "name")
    )


# The invitations task; trust.apps binds it to trust.tasks.send_invitations (tasks imports this module).
send_invitations: queue.Later[[int]] = queue.Later("trust.send_invitations")


@transaction.atomic
def wave_open(*, actor: Any, partnership: Partnership, name: str, closes_on: dt.date,
              instruments: list[str], confidentiality: str, invite: str = "leaders",
              opens_on: dt.date | None = None, send: bool = True, name_cy: str = "", introduction: str = "",
              introduction_cy: str = "") -> Wave:
    """Open a wave and invite people; each gets a personal link by e-mail once the wave is saved."""
    opens_on = opens_on or dt.date.today()
    if invite not in dict(INVITE_CHOICES):
        raise ValidationError(_("Choose who to invite: senior leaders, leaders and managers, or everyone."))
    found = ensure_instruments()
    chosen = [found[k] for k in instruments if k in found]
    if not chosen or len(chosen) != len(instruments):
        raise ValidationError({"instruments": _("Choose at least one questionnaire.")})
    if confidentiality not in Wave.Confidentiality.values:
        raise ValidationError({"confidentiality": _("Choose named or confidential.")})
    if partnership.trust_waves.filter(status=Wave.Status.OPEN).exists():
        raise ValidationError(_("Another survey wave is still open. Close it before opening a new one."))
    wave = Wave(partnership=partnership, name=name, opens_on=opens_on, closes_on=closes_on,
                name_cy=name_cy, introduction=introduction, introduction_cy=introduction_cy,
                confidentiality=confidentiality, created_by=actor if getattr(actor, "pk", None) else None)
    wave.full_clean()
    wave.save()
    wave.instruments.set(chosen)
    people = _invitees(partnership, wave, invite)
    if wave.organisations().count() < 2:
        raise ValidationError(_("A survey needs at least two member organisations."))
    seen: set[str] = set()
    for person in people:
        email = person.email.lower()
        if email in seen:
            continue
        seen.add(email)
        invitation = Invitation.objects.create(wave=wave, person=person, organisation=person.organisation, email=email)
        if person.user_id:  # in their list in Accord too; the e-mailed link below stays the way in
            notify(partnership=partnership, people=[person], kind="trust.survey_opened", url=survey_path(invitation),
                   event_key=f"trust.wave:{wave.pk}",
                   title=stored_text.message(gettext_noop("Please answer the survey “%(name)s” by %(date)s"),
                                             name=stored_text.in_languages(wave, "name"), date=closes_on))
    log_action(actor, "trust.wave.opened", wave, {"closes_on": closes_on, "confidentiality": confidentiality,
                                                  "instruments": instruments, "invited": len(seen)})
    if send and seen:
        queue.after_commit(send_invitations, wave.pk)  # the queue down: the wave is not opened
    return wave


@transaction.atomic
def wave_close(*, actor: Any, wave: Wave) -> Wave:
    """Close the wave (no more answers) and compute and store every score."""
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    if not wave.is_open:
        raise ValidationError(_("This survey is already closed."))
    wave.status = Wave.Status.CLOSED
    wave.closed_at = timezone.now()
    wave.save(update_fields=["status", "closed_at"])
    result = scoring.store_results(wave)
    log_action(actor, "trust.wave.closed", wave, {"responding_orgs": result.responding_orgs,
                                                  "responses": result.responses})
    return wave


def page_summary_refresh(*, wave: Wave, result: WaveResult) -> dict[str, Any]:
    """A named wave's page summary (what its page shows of the pairs, selectors.named_summary) under the
    minimum of respondents in force: the stored one, or, when it was worked out under another
    TRUST_NAMED_MIN_RESPONDENTS (the setting changed since the wave closed) or is missing (a result stored
    before summaries), worked out again from the pairs and stored, once, with an audit entry saying so.
    The wave's page calls this before it reads the summary (selectors.named_summary never writes)."""
    if wave.is_confidential:  # nothing by organisation, ever: selectors.visibility() never allows it
        raise ValueError("A confidential wave has no results by organisation.")
    summary = selectors.stored_summary(result)
    if selectors.summary_is_current(summary):  # the usual case: one read, no transaction
        return dict(summary)
    return _page_summary_store(wave, result, was=summary.get("minimum") if isinstance(summary, dict) else None)


@transaction.atomic
def _page_summary_store(wave: Wave, result: WaveResult, *, was: Any) -> dict[str, Any]:
    summary = selectors.work_out_summary(wave, result)
    WaveResult.objects.filter(pk=result.pk).update(page_summary=summary)
    result.page_summary = summary
    log_action(None, "trust.wave.summary_refreshed", wave, {"minimum": summary["minimum"], "was": was})
    return summary


def close_due_waves(*, today: dt.date | None = None) -> list[Wave]:
    """Close every open wave whose closing date has passed, so results appear without waiting."""
    today = today or timezone.localdate()
    closed = []
    for wave in Wave.objects.filter(status=Wave.Status.OPEN, closes_on__lt=today):
        closed.append(wave_close(actor=None, wave=wave))
    return closed


def recompute_stale_results() -> int:
    """Work out again every stored result made by an older version of the scoring (see
    scoring.RESULTS_VERSION), oldest first, so that each wave's "what changed" reads an up-to-date
    wave before it. Results come from the stored answers, so nothing is lost."""
    stale = [r.wave for r in WaveResult.objects.filter(wave__status=Wave.Status.CLOSED).select_related("wave")
             .order_by("wave__closes_on", "wave_id") if r.detail.get("version", 1) < scoring.RESULTS_VERSION]
    for wave in stale:
        with transaction.atomic():
            scoring.store_results(wave)
    return len(stale)


# ---- links ------------------------------------------------------------------------------------

def survey_token(invitation: Invitation) -> str:
    return tokens.make(TOKEN_PURPOSE, {"i": invitation.pk, "n": invitation.nonce})


def survey_path(invitation: Invitation) -> str:
    return reverse("trust:survey", args=[survey_token(invitation)])


def invitation_from_token(token: str, *, for_answering: bool = True) -> Invitation:
    """The invitation behind a link, or SurveyLinkError saying plainly what is wrong."""
    try:
        payload = tokens.read(TOKEN_PURPOSE, token)
    except tokens.TokenError as exc:
        raise SurveyLinkError(str(exc)) from exc
    try:
        invitation = Invitation.objects.select_related("wave__partnership", "organisation").get(
            pk=int(payload["i"]), nonce=str(payload["n"]))
    except (Invitation.DoesNotExist, KeyError, TypeError, ValueError):
        invitation = None
    if invitation is None or invitation.withdrawn_at is not None:
        raise SurveyLinkError(_("This link is no longer valid: the invitation it belonged to was withdrawn. "
                                "Ask the partnership manager for a new one."))
    wave = invitation.wave
    if for_answering and not wave.accepting_answers:
        raise SurveyLinkError(_("The survey “%(survey)s” closed on %(date)s, so answers can no longer be given or "
                                "changed. Thank you for your interest.")
                              % {"survey": wave.name, "date": date_format(wave.closed_on or wave.closes_on, "j F Y")},
                              closed=True)
    return invitation


def _check_open(invitation: Invitation) -> Wave:
    if Invitation.objects.filter(pk=invitation.pk, withdrawn_at__isnull=False).exists():
        raise ValidationError("This invitation was withdrawn, so answers can no longer be given with it.")
    wave = Wave.objects.get(pk=invitation.wave_id)
    if not wave.accepting_answers:
        raise ValidationError(f"The survey “{wave.name}” has closed, so answers can no longer be changed.")
    return wave


def _response_for(invitation: Invitation) -> Response:
    """The invitation's response, made on first save. Locks the invitation so two pages saved at
    the same moment (a double click, two tabs) cannot both create one."""
    Invitation.objects.select_for_update().filter(pk=invitation.pk).first()
    # the language they answer in is the language of their reminders from now on
    spoken = languages.current()
    if invitation.language != spoken:
        invitation.language = spoken
        Invitation.objects.filter(pk=invitation.pk).update(language=spoken)
    response = Response.objects.filter(invitation=invitation).first()
    if response is None:
        response = Response.objects.create(wave_id=invitation.wave_id, organisation_id=invitation.organisation_id,
                                           invitation=invitation, source=Response.Source.LINK)
    return response


def _score(value: Any, low: int, high: int, what: str) -> tuple[int | None, bool]:
    """(score, dont_know) from a submitted value: an int in range, "dk", or None (not answered)."""
    if value in (None, ""):
        return None, False
    if value == "dk":
        return None, True
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError(f"{what}: “{value}” is not an answer on the {low} to {high} scale.") from None
    if not low <= number <= high:
        raise ValidationError(f"{what}: {number} is outside the {low} to {high} scale.")
    return number, False


@transaction.atomic
def answer_partner(*, invitation: Invitation, about: Organisation, contact: Any,
                   ratings: dict[str, Any]) -> Response:
    """Save one respondent's answers about one partner; saving again replaces them."""
    wave = _check_open(invitation)
    if about.pk == invitation.organisation_id:
        raise ValidationError("You answer about the other partners, not your own organisation.")
    if not wave.organisations().filter(pk=about.pk).exists():
        raise ValidationError(f"{about} is not a member of this partnership, so it cannot be rated here.")
    unknown = set(ratings) - set(questions.DIMENSION_CODES)
    if unknown:
        raise ValidationError(f"Unknown question(s): {', '.join(sorted(unknown))}.")
    level, _ = _score(contact, 0, 3, "How you work together")
    parsed = {}
    for code in questions.DIMENSION_CODES:
        parsed[code] = _score(ratings.get(code), 1, 4, questions.DIMENSION_LABELS[code])
    response = _response_for(invitation)
    if level is not None:
        Contact.objects.update_or_create(response=response, about=about, defaults={"level": level})
    for code, (score, dont_know) in parsed.items():
        if score is None and not dont_know:
            Rating.objects.filter(response=response, about=about, dimension=code).delete()
            continue
        Rating.objects.update_or_create(response=response, about=about, dimension=code,
                                        defaults={"score": score, "dont_know": dont_know})
    response.save(update_fields=["updated_at"])
    if not wave.is_confidential:
        # a confidential wave leaves no entry per answer: even an unnamed, timed entry can be matched
        # with who was seen answering; its opening and closing (with counts only) are audited
        log_action(invitation.email, "trust.response.saved", wave, {"organisation": invitation.organisation.name})
    return response


@transaction.atomic
def answer_factors(*, invitation: Invitation, answers: dict[str, Any]) -> Response:
    wave = _check_open(invitation)
    if not wave.has(Instrument.Kind.FACTORS):
        raise ValidationError("This wave does not ask about collaboration factors.")
    items = {i.code: i for i in FactorItem.objects.all()}
    unknown = set(answers) - set(items)
    if unknown:
        raise ValidationError(f"Unknown statement(s): {', '.join(sorted(unknown))}.")
    parsed = {code: _score(value, 1, 5, items[code].text) for code, value in answers.items()}
    response = _response_for(invitation)
    for code, (score, dont_know) in parsed.items():
        if score is None and not dont_know:
            FactorAnswer.objects.filter(response=response, item=items[code]).delete()
            continue
        FactorAnswer.objects.update_or_create(response=response, item=items[code],
                                              defaults={"score": score, "dont_know": dont_know})
    response.save(update_fields=["updated_at"])
    return response


@transaction.atomic
def response_finish(*, invitation: Invitation) -> Response:
    _check_open(invitation)
    response = _response_for(invitation)
    if response.finished_at is None:
        response.finished_at = timezone.now()
        response.save(update_fields=["finished_at", "updated_at"])
    return response


# ---- progress ---------------------------------------------------------------------------------

def progress_by_organisation(wave: Wave) -> list[dict[str, Any]]:
    """Invited, started and finished per organisation: never anyone's answers. A closed confidential
    wave gives one row of totals for the whole partnership ("All organisations", organisation_id 0)."""
    rows: dict[int, dict[str, Any]] = {}
    for org in wave.organisations():
        rows[org.pk] = {"organisation_id": org.pk, "organisation": org.name, "invited": 0, "started": 0,
                        "finished": 0, "imported": 0}
    invitations = Invitation.objects.filter(wave=wave).select_related("organisation")
    if not wave.is_confidential:
        # a withdrawn invitation (sent to the wrong person) is not counted; in a confidential wave it still is,
        # so that withdrawing one changes no count and says nothing about whether its person had answered
        invitations = invitations.filter(withdrawn_at__isnull=True)
    started = {r.invitation_id: r for r in Response.objects.filter(wave=wave, invitation__isnull=False)}
    for inv in invitations:
        row = rows.setdefault(inv.organisation_id, {"organisation_id": inv.organisation_id,
                                                    "organisation": inv.organisation.name, "invited": 0,
                                                    "started": 0, "finished": 0, "imported": 0})
        row["invited"] += 1
        response = started.get(inv.pk)
        if response is not None:
            row["started"] += 1
            row["finished"] += 1 if response.finished_at else 0
    for response in Response.objects.filter(wave=wave, source=Response.Source.IMPORT):
        if response.organisation_id in rows:
            rows[response.organisation_id]["imported"] += 1
    ordered = sorted(rows.values(), key=lambda r: r["organisation"])
    if wave.is_confidential and not wave.is_open:
        # once a confidential wave closes, its results are totals only, and so is who took part: where an
        # organisation invited one person, its own counts would say whether that person answered
        total = {"organisation_id": 0, "organisation": "All organisations"}
        total.update({k: sum(r[k] for r in ordered) for k in ("invited", "started", "finished", "imported")})
        return [total]
    return ordered
