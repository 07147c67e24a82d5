"""Retention: each rule in the register removes or pseudonymises what is past its period."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accord.core.personal import Retention, retention_rules

from . import words
from .models import RetentionRun

log = logging.getLogger(__name__)


def period(rule: Retention) -> int:
    return int(getattr(settings, rule.setting, rule.default_days))


def cutoff(rule: Retention, now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) - dt.timedelta(days=period(rule))


def upcoming(partnership: Any = None, *, within_days: int = 30) -> list[dict[str, Any]]:
    """For each rule: how many rows are past their period now, and how many will be within `within_days`."""
    now = timezone.now()
    out = []
    for rule in retention_rules():
        due_now = rule.due(partnership, cutoff(rule, now)).count()
        soon = rule.due(partnership, cutoff(rule, now + dt.timedelta(days=within_days))).count()
        out.append({"key": rule.key, "describe": words.declared(rule.describe), "setting": rule.setting, "days": period(rule),
                    "now": due_now, "soon": soon})
    return out


def enforce(now: dt.datetime | None = None) -> dict[str, int]:
    """Apply every rule; log and keep the counts (never the rows)."""
    from . import engine, services
    from .models import Erasure

    counts: dict[str, int] = {}
    for rule in retention_rules():
        with transaction.atomic():
            qs = rule.due(None, cutoff(rule, now))
            if rule.apply is None:  # Person rows: pseudonymised everywhere in their partnership
                n = 0
                for person in list(qs):
                    subject = engine.find(person_ids=[person.pk], partnership_id=person.partnership_id)
                    services.erase(actor=None, reason="", partnership=person.partnership, subject=subject,
                                   scope=Erasure.Scope.RETENTION)
                    n += 1
            else:
                n = rule.apply(qs)
        counts[rule.key] = n
    RetentionRun.objects.create(counts=counts)
    log.info("retention removed: %s", ", ".join(f"{k} {v}" for k, v in counts.items()))
    return counts
