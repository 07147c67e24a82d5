"""Personal data held by privacy itself."""

from __future__ import annotations

from typing import Any

from accord.core.personal import Declaration, Erase, Find, Retention, register


def _expired_files(partnership: Any, cutoff: Any) -> Any:
    from django.utils import timezone

    from .models import SubjectAccess

    qs = SubjectAccess.objects.filter(expires_at__lt=timezone.now())
    return qs.filter(partnership=partnership) if partnership is not None else qs


def _delete_each(qs: Any) -> int:
    n = 0
    for row in qs:
        row.delete()  # removes the file too
        n += 1
    return n


def _erase_requests(qs: Any, ctx: Any) -> int:
    return _delete_each(qs)


def declare() -> None:
    register(
        Declaration(
            model="privacy.SubjectAccess",
            fields={"requested_by": Erase.KEEP, "subject_user": Erase.KEEP, "email": Erase.KEEP,
                    "file": Erase.KEEP},
            purpose="Preparing a copy of everything held about a person, for whoever asked.",
            basis="legal obligation", who="Whoever asked for it.",
            retention="The file and the request: ACCORD_SUBJECT_ACCESS_HOURS after it is ready, then deleted; "
                      "deleted on erasure.",
            subject={"requested_by": Find.USER, "subject_user": Find.USER, "email": Find.EMAIL},
            on_erase=_erase_requests,
            retention_rules=(Retention(
                key="subject-access", setting="ACCORD_SUBJECT_ACCESS_HOURS", default_days=0,
                describe="Subject-access files past their download period: deleted",
                due=_expired_files, apply=_delete_each),),
        ),
        Declaration(
            model="privacy.Erasure",
            fields={"actor": Erase.UNLINK, "actor_label": Erase.PSEUDONYMISE, "reason": Erase.SCRUB},
            purpose="That an erasure happened, by whom and why (never who was erased).", basis="legal obligation",
            who="The partnership's manager; site administrators.", retention="For the life of the site.",
            subject={"actor": Find.USER},
        ),
    )
