"""Personal data held by partners (see accord.core.personal for what a declaration says)."""

from __future__ import annotations

from typing import Any

from accord.core.personal import Declaration, Erase, Find, Retention, exempt, register

LI = "legitimate interests"


def _left_before(partnership: Any, cutoff: Any) -> Any:
    from .models import Person

    qs = Person.objects.filter(end_date__lt=cutoff.date(), user__isnull=True).exclude(name__startswith="Former member")
    return qs.filter(partnership=partnership) if partnership is not None else qs


def declare() -> None:
    register(
        Declaration(
            model="partners.Person",
            fields={"name": Erase.PSEUDONYMISE, "email": Erase.BLANK, "job_title": Erase.BLANK,
                    "user": Erase.UNLINK, "start_date": Erase.KEEP, "end_date": Erase.KEEP, "seniority": Erase.KEEP},
            purpose="Who works for each member organisation in the partnership: who signs, attends, owns actions "
                    "and is invited to surveys; when leaders change.",
            basis=LI, who="The partnership's manager, leaders and staff.",
            retention="While in post, and for ACCORD_RETAIN_PEOPLE_WHO_LEFT_DAYS after their end date; then the "
                      "row is pseudonymised (dates and seniority kept, so the partnership's history still adds up).",
            subject={"pk": Find.PERSON},
            retention_rules=(Retention(
                key="people-who-left", setting="ACCORD_RETAIN_PEOPLE_WHO_LEFT_DAYS", default_days=2190,
                describe="People who left (end date past the period, no account): pseudonymised everywhere",
                due=_left_before, apply=None),),
        ),
        Declaration(
            model="partners.Role",
            fields={"user": Erase.KEEP},
            purpose="Which account has which role in the partnership (what it may see and change).",
            basis=LI, who="The partnership's manager.", retention="Until the role is removed.",
            subject={"user": Find.USER}, on_erase="delete",
        ),
    )
    exempt("partners.Organisation", name="an organisation's name")
    exempt("partners.Partnership", name="the partnership's name")
