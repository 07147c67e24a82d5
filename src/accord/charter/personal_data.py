"""Personal data held by the charter."""

from __future__ import annotations

from accord.core.personal import Declaration, Erase, Find, register

LI = "legitimate interests"


def declare() -> None:
    register(
        Declaration(
            model="charter.CharterVersion",
            fields={"created_by": Erase.UNLINK, "change_note": Erase.SCRUB},
            purpose="Who drafted each version of the charter.", basis=LI,
            who="Everyone in the partnership.", retention="For the partnership's life.",
            subject={"created_by": Find.USER},
        ),
        Declaration(
            model="charter.Signoff",
            fields={"person": Erase.KEEP, "person_name": Erase.PSEUDONYMISE, "signed_by": Erase.UNLINK},
            purpose="Who signed the charter for each organisation. On erasure the organisation's signature "
                    "stays (organisation, version and date); the signatory's name is pseudonymised.",
            basis=LI, who="Everyone in the partnership.", retention="For the partnership's life.",
            subject={"person": Find.PERSON, "signed_by": Find.USER, "person_name": Find.NAME},
            partnership="version__partnership",
        ),
        Declaration(
            model="charter.Measurement",
            fields={"recorded_by": Erase.UNLINK, "note": Erase.SCRUB},
            purpose="Who recorded progress against a goal.", basis=LI, who="Everyone in the partnership.",
            retention="For the partnership's life.", subject={"recorded_by": Find.USER},
            partnership="goal__partnership",
        ),
        Declaration(
            model="charter.Commitment",
            fields={"person": Erase.KEEP, "title": Erase.SCRUB, "dropped_reason": Erase.SCRUB},
            purpose="Who answers for each organisation's commitment (the commitment stays the organisation's).",
            basis=LI, who="Everyone in the partnership.", retention="For the partnership's life.",
            subject={"person": Find.PERSON},
        ),
    )
