"""Personal data held by partnership health."""

from __future__ import annotations

from accord.core.personal import Declaration, Erase, Find, register

LI = "legitimate interests"
LIFE = "For the partnership's life."


def declare() -> None:
    register(
        Declaration(
            model="health.ChangeEvent",
            fields={"person": Erase.KEEP, "created_by": Erase.UNLINK, "note": Erase.SCRUB},
            purpose="Changes that affect the partnership, such as a leader leaving (the event and its date stay).",
            basis=LI, who="The partnership's manager and leaders.", retention=LIFE,
            subject={"person": Find.PERSON, "created_by": Find.USER},
        ),
        Declaration(
            model="health.Alert",
            fields={"acknowledged_by": Erase.UNLINK, "acknowledgement": Erase.SCRUB, "reason": Erase.SCRUB,
                    "general_reason": Erase.SCRUB},
            purpose="Who acknowledged an early warning.", basis=LI, who="The partnership's manager and leaders.",
            retention=LIFE, subject={"acknowledged_by": Find.USER},
        ),
        Declaration(
            model="health.DigestSent",
            fields={"user": Erase.KEEP},
            purpose="That a person's daily digest was sent (so it is sent once).", basis=LI, who="Nobody (internal).",
            retention="Deleted on erasure.", subject={"user": Find.USER}, partnership="", on_erase="delete",
        ),
        Declaration(
            model="health.Handover",
            fields={"leaving": Erase.KEEP, "incoming": Erase.KEEP},
            purpose="Handing over from a leader who leaves to the one who comes.", basis=LI,
            who="The partnership's manager.", retention=LIFE,
            subject={"leaving": Find.PERSON, "incoming": Find.PERSON},
        ),
        Declaration(
            model="health.HandoverItem",
            fields={"done_by": Erase.UNLINK, "text": Erase.SCRUB},
            purpose="Who completed each handover step.", basis=LI, who="The partnership's manager.", retention=LIFE,
            subject={"done_by": Find.USER}, partnership="handover__partnership",
        ),
    )
