"""Warning rules and the alerts they fire (one partnership, or a batch for the daily pass), their
acknowledgement, and the managers' daily digest."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from accord.core.audit import log_action, log_actions
from accord.partners.models import Partnership, Role

from .. import signals
from ..models import Alert, AlertRule


@transaction.atomic
def rules_ensure(partnership: Partnership) -> list[AlertRule]:
    """Every partnership has one rule of each kind, with the default threshold, until a manager edits it."""
    have = set(AlertRule.objects.filter(partnership=partnership).values_list("kind", flat=True))
    AlertRule.objects.bulk_create([AlertRule(partnership=partnership, kind=k, threshold=v[0])
                                   for k, v in AlertRule.DEFAULTS.items() if k not in have])
    return list(AlertRule.objects.filter(partnership=partnership))


@transaction.atomic
def rule_update(*, actor: Any, rule: AlertRule, threshold: float | None = None, enabled: bool | None = None) -> AlertRule:
    before = {"threshold": rule.threshold, "enabled": rule.enabled}
    if threshold is not None:
        rule.threshold = threshold
    if enabled is not None:
        rule.enabled = enabled
    rule.full_clean()
    rule.save()
    log_action(actor, "health.rule.updated", rule, {"before": before,
                                                   "after": {"threshold": rule.threshold, "enabled": rule.enabled}})
    return rule


def evaluate(partnership: Partnership, as_of: dt.date | None = None) -> list[Alert]:
    """Run every enabled rule; fire one alert per new cause. Returns the alerts fired now."""
    return evaluate_many([partnership], as_of)[partnership.pk]


@transaction.atomic
def rules_ensure_many(partnerships: list[Partnership]) -> dict[int, list[AlertRule]]:
    """`rules_ensure` for each partnership (by id, each by kind): one query, three when some lack a rule."""
    ids = [p.pk for p in partnerships]

    def read() -> dict[int, list[AlertRule]]:
        out: dict[int, list[AlertRule]] = {pid: [] for pid in ids}
        for rule in AlertRule.objects.filter(partnership_id__in=ids):
            out[rule.partnership_id].append(rule)
        return out

    have = read()
    missing = [AlertRule(partnership=p, kind=k, threshold=v[0]) for p in partnerships
               for k, v in AlertRule.DEFAULTS.items() if k not in {r.kind for r in have[p.pk]}]
    if not missing:
        return have
    AlertRule.objects.bulk_create(missing, ignore_conflicts=True)
    return read()


def evaluate_many(partnerships: list[Partnership], as_of: dt.date | None = None) -> dict[int, list[Alert]]:
    """`evaluate` for each partnership (by id): the rules read what they need once for the batch
    (signals.batch_reads) and the new alerts are stored together, so the queries grow with neither the
    partnerships' number nor their size."""
    from .. import rules

    as_of = as_of or timezone.localdate()
    ids = [p.pk for p in partnerships]
    fired: dict[int, list[Alert]] = {pid: [] for pid in ids}
    causes = set(Alert.objects.filter(partnership_id__in=ids).values_list("partnership_id", "cause_key"))
    new: list[tuple[Alert, str, str]] = []
    with signals.batch_reads(partnerships, as_of):
        ensured = rules_ensure_many(partnerships)
        for partnership in partnerships:
            for rule in ensured[partnership.pk]:
                if not rule.enabled:
                    continue
                for finding in rules.CHECKS[rule.kind](partnership, rule.threshold, as_of):
                    key = f"{rule.kind}:{finding.cause}"
                    if (partnership.pk, key) in causes:
                        continue
                    causes.add((partnership.pk, key))
                    alert = Alert(partnership=partnership, cause_key=key, rule=rule, organisation_id=finding.organisation_id,
                                  fired_at=timezone.now(), reason=finding.reason, look_at=finding.look_at,
                                  look_at_url=finding.url, general_reason=finding.general_reason,
                                  general_look_at=finding.general_look_at)
                    new.append((alert, rule.kind, finding.cause))
                    fired[partnership.pk].append(alert)
    with transaction.atomic():
        Alert.objects.bulk_create([a for a, _, _ in new])
        log_actions([(None, "health.alert.fired", a, {"rule": kind, "cause": cause}) for a, kind, cause in new])
    return fired


@transaction.atomic
def alert_acknowledge(*, actor: Any, alert: Alert, note: str) -> Alert:
    if not (note or "").strip():
        raise ValidationError({"note": gettext("Say what you did or decided, so others know why it was closed.")})
    if alert.acknowledged_at is not None:
        raise ValidationError(gettext("This alert was already acknowledged."))
    alert.acknowledged_at = timezone.now()
    alert.acknowledged_by = actor
    alert.acknowledgement = note.strip()
    alert.save(update_fields=["acknowledged_at", "acknowledged_by", "acknowledgement"])
    log_action(actor, "health.alert.acknowledged", alert, {"note": alert.acknowledgement})
    return alert


def send_digests(today: dt.date | None = None) -> int:
    """E-mail each manager one digest a day of the alerts not yet mailed. Returns messages sent."""
    from accord.lib import languages, mail

    from ..models import DigestSent

    today = today or timezone.localdate()
    pending = list(Alert.objects.filter(emailed_at__isnull=True, acknowledged_at__isnull=True)
                   .select_related("partnership", "rule"))
    if not pending:
        return 0
    by_partnership: dict[int, list[Alert]] = {}
    for a in pending:
        by_partnership.setdefault(a.partnership_id, []).append(a)
    # managers only: they may see trust results by organisation, so the digest carries the full reason
    roles = Role.objects.filter(role=Role.MANAGER, partnership_id__in=by_partnership,
                                user__is_active=True).select_related("user")
    by_user: dict[Any, list[Alert]] = {}
    for role in roles:
        by_user.setdefault(role.user, []).extend(by_partnership[role.partnership_id])
    sent = 0
    mailed: set[int] = set()
    for user, alerts in by_user.items():
        with transaction.atomic():
            _, fresh = DigestSent.objects.get_or_create(user=user, day=today, defaults={"alerts": len(alerts)})
            if not fresh:
                continue  # this manager already had today's digest; these wait for tomorrow's
            count = len(alerts)
            mail.send(to=[user.email],
                      subject=lambda n=count: ngettext("Accord: %(count)s early warning to look at",
                                                       "Accord: %(count)s early warnings to look at", n) % {"count": n},
                      # one digest may cover several partnerships: the manager's own language, else the first's
                      language=languages.email_languages(user=user, partnership=alerts[0].partnership),
                      template="health/email/digest",
                      context={"user": user, "alerts": [(a, mail.absolute(reverse("health:alert", args=[a.partnership_id, a.pk])))
                                                        for a in alerts]})
            sent += 1
            mailed.update(a.pk for a in alerts)
    Alert.objects.filter(pk__in=mailed).update(emailed_at=timezone.now())
    return sent
