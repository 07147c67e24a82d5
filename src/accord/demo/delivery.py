"""Demo data for delivery: the ambition (seven new areas in three years), seven areas moving through the
stages from scoping to live and sustained over three years, and funding streams from the Lantern
Foundation and others, some ending within six months of the demo's present."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from accord.delivery import services
from accord.delivery.models import Area, FundingStream

from .context import START, DemoContext

AREAS = [
    # name, ONS code (fictional areas, real-shaped codes), local partner key, moves: (stage, date)
    ("Eastmarsh", "E10000012", "essex_police", [("scoping", "2023-10-02"), ("mobilising", "2023-12-01"),
                                                ("live", "2024-03-01"), ("sustained", "2025-04-01")]),
    ("Cardwen", "W06000015", "wales_council", [("scoping", "2024-02-01"), ("mobilising", "2024-04-15"),
                                               ("live", "2024-07-01"), ("sustained", "2025-09-01")]),
    ("Downshire", "E10000032", "sussex_charity", [("scoping", "2024-06-01"), ("mobilising", "2024-09-01"),
                                                  ("live", "2024-12-02")]),
    ("Northbridge", "E09000008", "croydon_council", [("scoping", "2024-10-01"), ("mobilising", "2025-01-15"),
                                                     ("live", "2025-05-01")]),
    ("Midshire", "E10000031", "midlands_charity", [("scoping", "2025-02-03"), ("mobilising", "2025-05-01"),
                                                   ("live", "2025-10-01")]),
    ("Westvale", "E06000054", None, [("scoping", "2025-06-02"), ("mobilising", "2025-10-01"),
                                     ("live", "2026-03-02")]),
    ("Harbourside", "E06000044", None, [("scoping", "2025-11-03"), ("mobilising", "2026-03-02"),
                                        ("live", "2026-08-03")]),
]

STREAMS = [
    # title, funder key, amount, start, end, partner keys, area names, restricted
    ("Lantern core grant: national team", "funder", "450000", "2023-10-01", "2027-03-31",
     ["survivors", "perpetrators"], [], False),
    ("Lantern local delivery fund", "funder", "300000", "2024-03-01", "2026-12-31",
     ["essex_police", "wales_council", "sussex_charity"], ["Eastmarsh", "Cardwen", "Downshire"], True),
    ("Outcomes fund: scale-up", "investment", "750000", "2024-04-01", "2028-03-31",
     ["perpetrators", "investment"], [], True),
    ("Cardwen children's services contract", "wales_council", "120000", "2024-07-01", "2027-04-30",
     ["perpetrators"], ["Cardwen"], True),
    ("Northbridge community safety grant", "croydon_council", "80000", "2025-05-01", "2027-05-15",
     ["croydon_council"], ["Northbridge"], False),
    ("Lantern evaluation grant", "funder", "60000", "2025-01-01", "2026-12-31", ["investment"], [], True),
]


def build(ctx: DemoContext) -> None:
    p = ctx.partnership
    manager = ctx.users["manager"]
    services.ambition_set(actor=manager, partnership=p, target_live=7, start_date=START,
                          target_date=dt.date(2026, 9, 30))
    areas: dict[str, Area] = {}
    for name, code, partner, moves in AREAS:
        area = services.area_save(actor=manager, area=Area(partnership=p, name=name, ons_code=code),
                                  local_partners=[ctx.orgs[partner]] if partner else [])
        for stage, on in moves:
            services.stage_move(actor=manager, area=area, stage=stage, on=dt.date.fromisoformat(on))
        areas[name] = area
        ctx.areas.append(name)
    for title, funder, amount, start, end, partners, area_names, restricted in STREAMS:
        stream = FundingStream(partnership=p, title=title, funder=ctx.orgs[funder], amount=Decimal(amount),
                               currency="GBP", start=dt.date.fromisoformat(start), end=dt.date.fromisoformat(end),
                               restricted=restricted)
        services.funding_save(actor=manager, stream=stream, partners=[ctx.orgs[k] for k in partners],
                              areas=[areas[n] for n in area_names])
    ctx.extra["delivery_areas"] = areas
