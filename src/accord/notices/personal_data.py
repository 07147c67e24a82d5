"""Personal data held by notices."""

from __future__ import annotations

from typing import Any

from accord.core.personal import Declaration, Erase, Find, Retention, register


def _old_notices(partnership: Any, cutoff: Any) -> Any:
    from .models import Notice

    qs = Notice.objects.filter(created_at__lt=cutoff)
    return qs.filter(partnership=partnership) if partnership is not None else qs


def _delete(qs: Any) -> int:
    return int(qs.delete()[0])


def _erase(qs: Any, ctx: Any) -> int:
    """The person's own notices are deleted; others' notices that name them are scrubbed."""
    n = int(qs.filter(person_id__in=ctx.person_ids).delete()[0])
    for notice in qs.exclude(person_id__in=ctx.person_ids):
        type(notice).objects.filter(pk=notice.pk).update(
            title=ctx.scrub(notice.title), body=ctx.scrub(notice.body),
            title_text=ctx.scrub(notice.title_text), body_text=ctx.scrub(notice.body_text))
        n += 1
    return n


def declare() -> None:
    register(Declaration(
        model="notices.Notice",
        fields={"person": Erase.KEEP, "title": Erase.SCRUB, "body": Erase.SCRUB,
                "title_text": Erase.SCRUB, "body_text": Erase.SCRUB, "email": Erase.BLANK},
        purpose="Telling a person what the partnership asks of them.",
        basis="legitimate interests", who="The person it is for.",
        retention="ACCORD_RETAIN_NOTICES_DAYS after it was made, then deleted; deleted on erasure.",
        subject={"person": Find.PERSON}, on_erase=_erase,
        retention_rules=(Retention(
            key="notices", setting="ACCORD_RETAIN_NOTICES_DAYS", default_days=365,
            describe="Notices older than the period: deleted", due=_old_notices, apply=_delete),),
    ))
    register(Declaration(
        model="notices.Digest", fields={"email": Erase.BLANK, "user": Erase.KEEP},
        purpose="Sending a person one e-mail a day or a week that gathers their notices, once.",
        basis="legitimate interests", who="The person it is for.",
        retention="Deleted with the person's notices, and on erasure.",
        subject={"user": Find.USER, "email": Find.EMAIL}, partnership="", on_erase="delete",
    ))
    register(Declaration(
        model="notices.Preference", fields={"email": Erase.BLANK, "user": Erase.KEEP},
        purpose="How a person chose to receive each kind of notice by e-mail (or stopped it).",
        basis="legitimate interests", who="The person it is for.",
        retention="Kept while the account (or address) is used; deleted on erasure.",
        subject={"user": Find.USER, "email": Find.EMAIL}, partnership="", on_erase="delete",
    ))
