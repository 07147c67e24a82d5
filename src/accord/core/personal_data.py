"""Personal data held by core (the audit trail) and by Django's admin log."""

from __future__ import annotations

from typing import Any

from accord.core.personal import Declaration, Erase, Find, Retention, exempt, register

LI = "legitimate interests"


def _audit_due(partnership: Any, cutoff: Any) -> Any:
    from .models import AuditEntry

    qs = AuditEntry.objects.filter(created_at__lt=cutoff).exclude(actor__isnull=True, actor_label="", data={})
    return qs.filter(partnership=partnership) if partnership is not None else qs


def _audit_redact(qs: Any) -> int:
    """Audit entries are never deleted: past the period, who did it and the details are removed."""
    return int(qs.update(actor=None, actor_label="", data={}))


def declare() -> None:
    register(
        Declaration(
            model="core.AuditEntry",
            fields={"actor": Erase.UNLINK, "actor_label": Erase.PSEUDONYMISE, "object_repr": Erase.SCRUB,
                    "data": Erase.SCRUB},
            purpose="Accountability: who changed what in the partnership, and when.",
            basis=LI, who="The partnership's manager (the audit trail page).",
            retention="Never deleted. ACCORD_RETAIN_AUDIT_DAYS after the entry, who did it and the details are "
                      "redacted; on erasure the person's names and addresses are redacted from every entry.",
            subject={"actor": Find.USER},
            retention_rules=(Retention(
                key="audit", setting="ACCORD_RETAIN_AUDIT_DAYS", default_days=2555,
                describe="Audit entries past the period: who and the details redacted (the entry stays)",
                due=_audit_due, apply=_audit_redact),),
        ),
        Declaration(
            model="admin.LogEntry",
            fields={"user": Erase.KEEP, "object_repr": Erase.SCRUB, "change_message": Erase.SCRUB},
            purpose="Django's own record of what site administrators changed in the admin.",
            basis=LI, who="Site administrators.", retention="For the life of the site.",
            subject={"user": Find.USER}, partnership="",
        ),
    )
    exempt("auth.Permission", name="a permission's name")
    exempt("auth.Group", name="a group's name")
