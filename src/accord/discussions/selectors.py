"""Reads about discussions that other pages need (what needs me), through the same audience rules."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from accord.core.policy import Access

from . import rules
from .models import Proposal


def visible_proposals(access: Access) -> QuerySet[Proposal]:
    return Proposal.objects.filter(thread__in=rules.visible_threads(access)).select_related("thread__partnership")


def waiting_for(user: Any, access: Access) -> list[Proposal]:
    """Open proposals this person answers (for their organisation, or themselves) that have no answer yet."""
    if not access.can("act"):
        return []
    now = timezone.now()
    out = []
    for proposal in visible_proposals(access).filter(closed_at__isnull=True, closes_at__gt=now).order_by("closes_at"):
        _person, key = rules.may_answer_for(user, proposal)
        if key is None:
            continue
        field = "person_id" if proposal.answered_by == Proposal.AnsweredBy.PERSON else "organisation_id"
        if not proposal.answers.filter(**{field: key}).exists():
            out.append(proposal)
    return out


def outcomes_owed(user: Any, access: Access) -> list[Proposal]:
    """Closed proposals of this author with no outcome yet."""
    now = timezone.now()
    return list(visible_proposals(access).filter(author=user, decided_at__isnull=True)
                .filter(Q(closed_at__isnull=False) | Q(closes_at__lte=now)).order_by("closes_at"))
