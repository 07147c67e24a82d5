"""Background work for trust surveys: sending personal links and reminding those who have not finished."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from accord.lib import languages, mail
from accord.lib.languages import localised

from . import questions, services
from .models import Invitation, Wave


def invitation_languages(invitation: Invitation) -> tuple[str, ...]:
    """The languages of an invitee's e-mails: the language they last answered the survey in, else their
    person's account's, else the partnership's; both when the partnership writes bilingual e-mail."""
    person = invitation.person
    return languages.email_languages(invitation.language, user=person.user if person is not None else None,
                                     partnership=invitation.wave.partnership)


def _invitation_subject(wave: Wave) -> Callable[[], str]:
    return lambda: _("%(partnership)s: your view of the partnership") % {"partnership": wave.partnership.name}


def _reminder_subject(wave: Wave) -> Callable[[], str]:
    return lambda: _("Reminder: %(survey)s closes on %(date)s") % {
        "survey": localised(wave, "name"), "date": formats.date_format(wave.closes_on, "j F")}


def _message(invitation: Invitation, template: str, subject: Callable[[], str]) -> EmailMultiAlternatives:
    wave = invitation.wave
    partners = wave.organisations().count() - 1
    return mail.build(
        to=[invitation.email], subject=subject, template=template, language=invitation_languages(invitation),
        context={"invitation": invitation, "wave": wave, "partnership": wave.partnership,
                 "link": mail.absolute(services.survey_path(invitation)),
                 "minutes": questions.minutes_needed(partners, wave.has("factors")),
                 "min_orgs": settings.TRUST_CONFIDENTIAL_MIN_ORGS,
                 "min_respondents": settings.TRUST_NAMED_MIN_RESPONDENTS},
    )


@db_task()
def send_invitations(wave_id: int) -> int:
    """E-mail each invited person who has not had their link yet."""
    wave = Wave.objects.select_related("partnership").get(pk=wave_id)
    if not wave.is_open:
        return 0
    pending = list(wave.invitations.filter(sent_at__isnull=True, withdrawn_at__isnull=True)
                   .select_related("wave__partnership", "person__user"))
    messages = [_message(i, "trust/email/invitation", _invitation_subject(i.wave)) for i in pending]
    sent = mail.send_many(messages) if messages else 0
    Invitation.objects.filter(pk__in=[i.pk for i in pending]).update(sent_at=timezone.now())
    return sent


def reminders_due(now: dt.datetime | None = None) -> list[Invitation]:
    """Invitations to open waves whose person has not finished, last contacted long enough ago."""
    now = now or timezone.now()
    gap = dt.timedelta(days=settings.TRUST_REMINDER_DAYS)
    return list(
        Invitation.objects.filter(wave__status=Wave.Status.OPEN, wave__closes_on__gte=timezone.localdate(now),
                                  sent_at__isnull=False, sent_at__lte=now - gap, withdrawn_at__isnull=True,
                                  reminders__lt=settings.TRUST_MAX_REMINDERS)
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=now - gap))
        .exclude(response__finished_at__isnull=False)
        .select_related("wave__partnership", "person__user")
    )


@db_periodic_task(crontab(hour="0", minute="30"))
def close_due_waves() -> int:
    """Just after midnight: close waves whose closing date has passed and store their results."""
    return len(services.close_due_waves())


@db_periodic_task(crontab(hour="0", minute="45"))
def recompute_stale_results() -> int:
    """After the nightly closing: work out again results stored by an older version of the scoring."""
    return services.recompute_stale_results()


@db_periodic_task(crontab(hour="9", minute="0"))
def send_reminders() -> int:
    """Every morning: remind people who have not finished, at most TRUST_MAX_REMINDERS times."""
    now = timezone.now()
    due = reminders_due(now)
    messages = [_message(i, "trust/email/reminder", _reminder_subject(i.wave)) for i in due]
    sent = mail.send_many(messages) if messages else 0
    for i in due:
        Invitation.objects.filter(pk=i.pk).update(reminded_at=now, reminders=i.reminders + 1)
    return sent
