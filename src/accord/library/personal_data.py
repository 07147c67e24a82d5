"""Personal data held by the library."""

from __future__ import annotations

from typing import Any

from accord.core.personal import Declaration, Erase, Find, register

LI = "legitimate interests"
LIFE = "For the partnership's life."


def _erase_entries(qs: Any, ctx: Any) -> int:
    from .chain import erase_personal

    return erase_personal(qs, label=ctx.label)


def declare() -> None:
    register(
        Declaration(
            model="library.KnowledgeItem",
            fields={"author": Erase.UNLINK, "withdrawn_by": Erase.UNLINK},
            purpose="Who added or withdrew an item.", basis=LI, who="Those the item is shared with.", retention=LIFE,
            subject={"author": Find.USER, "withdrawn_by": Find.USER},
        ),
        Declaration(
            model="library.TermsVersion",
            fields={"created_by": Erase.UNLINK},
            purpose="Who set each version of an item's sharing terms.", basis=LI, who="The item's owner.",
            retention=LIFE, subject={"created_by": Find.USER}, partnership="item__partnership",
        ),
        Declaration(
            model="library.AccessRequest",
            fields={"requested_by": Erase.UNLINK, "decided_by": Erase.UNLINK, "reason": Erase.SCRUB,
                    "note": Erase.SCRUB},
            purpose="Who asked to read an item, why, and who decided.", basis=LI,
            who="The item's owner and the requesting organisation.", retention=LIFE,
            subject={"requested_by": Find.USER, "decided_by": Find.USER}, partnership="item__partnership",
        ),
        Declaration(
            model="library.Checkpoint",
            fields={"made_by": Erase.UNLINK},
            purpose="Who downloaded a signed checkpoint of the access record.", basis=LI,
            who="The partnership's members.", retention=LIFE, subject={"made_by": Find.USER},
        ),
        Declaration(
            model="library.AccessEntry",
            fields={"user": Erase.UNLINK, "user_label": Erase.PSEUDONYMISE},
            purpose="The append-only access record: who opened or downloaded what, under which terms. Erasure "
                    "removes the reader and the salt of their sealed fingerprint; the record still verifies.",
            basis=LI, who="Everyone who can read the item.", retention=LIFE,
            subject={"user": Find.USER, "user_label": Find.NAME}, on_erase=_erase_entries,
        ),
    )
