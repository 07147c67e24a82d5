"""Personal data held by discussions."""

from __future__ import annotations

from accord.core.personal import Declaration, Erase, Find, register

LI = "legitimate interests"
LIFE = "For the partnership's life (the discussions and their outcomes are the partnership's record)."
SEES = "Those the thread is for (the whole partnership or named organisations), and the manager."


def declare() -> None:
    register(
        Declaration(
            model="discussions.Thread",
            fields={"author": Erase.UNLINK, "title": Erase.SCRUB, "summary": Erase.SCRUB},
            purpose="Who started a discussion; its title and closing summary may name people.", basis=LI,
            who=SEES, retention=LIFE, subject={"author": Find.USER},
        ),
        Declaration(
            model="discussions.Comment",
            fields={"author": Erase.UNLINK, "body": Erase.SCRUB, "mentions": Erase.KEEP},
            purpose="Who wrote each comment, what it says, and who it mentions.", basis=LI, who=SEES,
            retention=LIFE, subject={"author": Find.USER, "mentions": Find.PERSON},
            partnership="thread__partnership",
        ),
        Declaration(
            model="discussions.CommentVersion",
            fields={"body": Erase.SCRUB},
            purpose="The earlier wordings of a changed comment.", basis=LI, who=SEES, retention=LIFE,
            subject={"comment__author": Find.USER}, partnership="comment__thread__partnership",
        ),
        Declaration(
            model="discussions.Proposal",
            fields={"author": Erase.UNLINK, "detail": Erase.SCRUB, "outcome": Erase.SCRUB},
            purpose="Who made a proposal; its detail and outcome may name people.", basis=LI, who=SEES,
            retention=LIFE, subject={"author": Find.USER}, partnership="thread__partnership",
        ),
        Declaration(
            model="discussions.Answer",
            fields={"person": Erase.KEEP, "given_by": Erase.KEEP, "reason": Erase.SCRUB},
            purpose="Who gave each answer (for an organisation, or their own), and why.", basis=LI, who=SEES,
            retention=LIFE, subject={"person": Find.PERSON, "given_by": Find.PERSON},
            partnership="proposal__thread__partnership",
        ),
        Declaration(
            model="discussions.Delegate",
            fields={"person": Erase.KEEP, "named_by": Erase.UNLINK},
            purpose="Who answers proposals for a member organisation, and who named them.", basis=LI,
            who="The partnership's manager, leaders and staff.", retention="Until replaced; deleted on erasure.",
            subject={"person": Find.PERSON, "named_by": Find.USER}, on_erase="delete",
        ),
    )
