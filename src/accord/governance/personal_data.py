"""Personal data held by governance."""

from __future__ import annotations

from accord.core.personal import Declaration, Erase, Find, register

LI = "legitimate interests"
LIFE = "For the partnership's life (minutes are the partnership's record)."
MEMBERS = "The partnership's manager, leaders and staff."


def declare() -> None:
    register(
        Declaration(
            model="governance.MeetingSeries",
            fields={"extra_attendees": Erase.KEEP},
            purpose="Who else is expected at a series of meetings.", basis=LI, who=MEMBERS, retention=LIFE,
            subject={"extra_attendees": Find.PERSON},
        ),
        Declaration(
            model="governance.Attendance",
            fields={"person": Erase.KEEP, "delegate_name": Erase.SCRUB, "reply_delegate": Erase.UNLINK},
            purpose="Who was expected, their reply (and the colleague they send), who came, sent apologies or a "
                    "delegate (attendance figures).", basis=LI,
            who=MEMBERS, retention=LIFE, subject={"person": Find.PERSON, "reply_delegate": Find.PERSON},
            partnership="meeting__series__partnership",
        ),
        Declaration(
            model="governance.MeetingPaper",
            fields={"uploaded_by": Erase.UNLINK},
            purpose="Who added a paper to a meeting.", basis=LI, who=MEMBERS, retention=LIFE,
            subject={"uploaded_by": Find.USER}, partnership="meeting__series__partnership",
        ),
        Declaration(
            model="governance.AgendaItem",
            fields={"owner": Erase.KEEP, "title": Erase.SCRUB, "minutes": Erase.SCRUB, "papers": Erase.SCRUB},
            purpose="Who leads each agenda item; minutes that may name people.", basis=LI, who=MEMBERS,
            retention=LIFE, subject={"owner": Find.PERSON}, partnership="meeting__series__partnership",
        ),
        Declaration(
            model="governance.MinutesAmendment",
            fields={"made_by": Erase.UNLINK, "text": Erase.SCRUB, "reason": Erase.SCRUB},
            purpose="Who amended approved minutes, and why.", basis=LI, who=MEMBERS, retention=LIFE,
            subject={"made_by": Find.USER}, partnership="item__meeting__series__partnership",
        ),
        Declaration(
            model="governance.Note",
            fields={"text": Erase.SCRUB},
            purpose="Notes taken in a meeting, which may name people.", basis=LI, who=MEMBERS, retention=LIFE,
            subject={}, partnership="meeting__series__partnership",
        ),
        Declaration(
            model="governance.Decision",
            fields={"proposal": Erase.SCRUB},
            purpose="What was proposed (may name people).", basis=LI, who=MEMBERS, retention=LIFE,
            subject={}, partnership="meeting__series__partnership|partnership",
        ),
        Declaration(
            model="governance.Position",
            fields={"recorded_by": Erase.UNLINK, "comment": Erase.SCRUB},
            purpose="Who recorded each organisation's position on a decision. On erasure the organisation's "
                    "position stays; only who recorded it is removed.",
            basis=LI, who=MEMBERS, retention=LIFE, subject={"recorded_by": Find.USER},
            partnership="decision__meeting__series__partnership|decision__partnership",
        ),
        Declaration(
            model="governance.Action",
            fields={"owner": Erase.KEEP, "title": Erase.SCRUB, "detail": Erase.SCRUB},
            purpose="Who owns each action (the owner row is pseudonymised; the action and its status stay).",
            basis=LI, who=MEMBERS, retention=LIFE, subject={"owner": Find.PERSON},
            partnership="meeting__series__partnership",
        ),
        Declaration(
            model="governance.CalendarFeed",
            fields={"user": Erase.KEEP},
            purpose="The person's private calendar feed of meetings.", basis="contract", who="The person.",
            retention="Until revoked; deleted on erasure.", subject={"user": Find.USER}, on_erase="delete",
        ),
    )
