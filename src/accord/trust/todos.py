"""What trust asks of one person, for "what needs me": an open survey they were invited to and have not
finished, answerable at once while signed in (the e-mailed link keeps working without signing in)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accord.core.registry import Todo

from . import questions
from .models import Invitation, Wave


def invitation_of(user: Any, wave: Wave) -> Invitation | None:
    """The signed-in person's own invitation to this wave: by their record in the wave's partnership, or
    by their own e-mail address."""
    if not getattr(user, "is_authenticated", False):
        return None
    mine = Q(person__user=user, person__partnership_id=wave.partnership_id)
    if user.email:
        mine |= Q(email__iexact=user.email)
    return wave.invitations.filter(mine, withdrawn_at__isnull=True).select_related("wave__partnership").order_by("pk").first()


def _minutes(wave: Wave) -> int:
    """The same estimate as the invitation e-mail and the survey's first page give."""
    return questions.minutes_needed(wave.organisations().count() - 1, wave.has("factors"))


def collect(user: Any, access: Any) -> list[Todo]:
    if not access.can("act"):
        return []
    todos = []
    for wave in access.partnership.trust_waves.filter(status=Wave.Status.OPEN).order_by("closes_on"):
        if not wave.accepting_answers:
            continue
        invitation = invitation_of(user, wave)
        if invitation is None or invitation.finished:
            continue
        todos.append(Todo(kind="trust.answer", title=_("Answer the survey “%(name)s”") % {"name": wave.name},
                          url=reverse("trust:answer", args=[access.partnership.pk, wave.pk]),
                          partnership_id=access.partnership.pk, due=wave.closes_on, rank=20,
                          detail=_open_until(wave)))
    return todos


def _open_until(wave: Wave) -> str:
    minutes = _minutes(wave)
    return ngettext("Open until %(date)s; it takes about %(minutes)s minute",
                    "Open until %(date)s; it takes about %(minutes)s minutes", minutes) % {
        "date": formats.date_format(wave.closes_on, "j F Y"), "minutes": minutes}
