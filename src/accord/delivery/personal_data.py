"""Personal data held by delivery."""

from __future__ import annotations

from accord.core.personal import Declaration, Erase, Find, exempt, register


def declare() -> None:
    register(
        Declaration(
            model="delivery.StageMove",
            fields={"recorded_by": Erase.UNLINK, "note": Erase.SCRUB},
            purpose="Who recorded an area's move to a stage.", basis="legitimate interests",
            who="Everyone in the partnership.", retention="For the partnership's life.",
            subject={"recorded_by": Find.USER}, partnership="area__partnership",
        ),
        Declaration(
            model="delivery.PendingImport",
            fields={"uploaded_by": Erase.UNLINK},
            purpose="Who uploaded a file of grants waiting to be confirmed.", basis="legitimate interests",
            who="The partnership's manager.", retention="Until confirmed or discarded.",
            subject={"uploaded_by": Find.USER},
        ),
    )
    exempt("delivery.Area", name="a place's name")
