"""Personal data held by trust surveys. Ratings are by organisation and are not personal data; the
invitation and the answer name the person, and are pseudonymised so results stay exactly as they were."""

from __future__ import annotations

from typing import Any

from accord.core.personal import Declaration, Erase, Find, Retention, exempt, register

LI = "legitimate interests"


def _links_due(partnership: Any, cutoff: Any) -> Any:
    from .models import Invitation

    qs = Invitation.objects.filter(wave__closed_at__lt=cutoff).exclude(email="", person__isnull=True)
    return qs.filter(wave__partnership=partnership) if partnership is not None else qs


def _forget_links(qs: Any) -> int:
    return int(qs.update(email="", person=None))


def declare() -> None:
    register(
        Declaration(
            model="trust.Wave",
            fields={"created_by": Erase.UNLINK},
            purpose="Who opened a survey wave.", basis=LI, who="The partnership's manager.",
            retention="For the partnership's life.", subject={"created_by": Find.USER},
        ),
        Declaration(
            model="trust.Invitation",
            fields={"person": Erase.KEEP, "email": Erase.PSEUDONYMISE},
            purpose="Sending each person their survey link and reminders.", basis=LI,
            who="The partnership's manager.",
            retention="ACCORD_RETAIN_SURVEY_LINKS_DAYS after the wave closed, then the address and the link to "
                      "the person are removed (the organisation's answers stay).",
            subject={"person": Find.PERSON, "email": Find.EMAIL}, partnership="wave__partnership",
            retention_rules=(Retention(
                key="survey-links", setting="ACCORD_RETAIN_SURVEY_LINKS_DAYS", default_days=365,
                describe="Survey links of waves closed before the period: address and person removed",
                due=_links_due, apply=_forget_links),),
        ),
        Declaration(
            model="trust.Response",
            fields={"respondent": Erase.SCRUB},
            purpose="Who answered, for answers imported from a file; ratings inside are the organisation's.",
            basis=LI, who="The partnership's manager and leaders (confidential waves: nobody by person).",
            retention="For the partnership's life.",
            subject={"invitation__person": Find.PERSON, "invitation__email": Find.EMAIL, "respondent": Find.NAME},
            partnership="wave__partnership",
            # in a confidential wave, whether someone answered is nobody's to know by person; its rows hold
            # no name (imports leave `respondent` empty) and their invitation is erased on its own
            confidential={"wave__confidentiality": "confidential"},
        ),
    )
    exempt("trust.Instrument", name="a survey instrument's name")
    exempt("trust.Wave", name="a survey wave's name")
