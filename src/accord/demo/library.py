"""Demo library: each national partner shares items on different terms, partners ask for what they
cannot see (granted, declined, revoked, pending), and people open and download, so the access record,
the reciprocity matrix and the chain check all have something to show. Files are made here in code."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from accord.core import policy

from .context import DemoContext


def _pdf(title: str, paragraphs: list[str]) -> bytes:
    from accord.lib import pdffonts

    pdf = pdffonts.document(styles="B", format="A4")
    pdf.add_page()
    pdf.set_font(pdffonts.FAMILY, "B", 16)
    pdf.multi_cell(0, 9, title)
    pdf.set_font(pdffonts.FAMILY, "", 11)
    for p in paragraphs:
        pdf.ln(3)
        pdf.multi_cell(0, 6, p)
    return bytes(pdf.output())


def _access(ctx: DemoContext, user_key: str) -> Any:
    user = ctx.users[user_key]
    policy.forget(user)
    return policy.access_for(user, ctx.partnership)


def _terms_end(months: int) -> dt.date:
    """Terms end on a fixed date, or later if the demo is loaded after it (expired terms are refused)."""
    fixed = dt.date(2027, 3, 31) + dt.timedelta(days=30 * months)
    return max(fixed, dt.date.today() + dt.timedelta(days=30 * months))


ITEMS: list[dict[str, Any]] = [
    {"key": "safety_guide", "by": "staff_survivors", "kind": "file", "title": "Safety planning with survivors: practice guide",
     "summary": "How our advisers build a safety plan with a survivor, step by step, with the risk questions we ask.",
     "tags": "safety planning, risk, practice",
     "file": ("safety-planning-guide.pdf", lambda: _pdf("Safety planning with survivors", [
         "1. Start from what the survivor already does to keep safe.",
         "2. Ask the risk questions in the same order every time, and record the answers.",
         "3. Agree who will be told what, and when, with the survivor's consent.",
         "4. Review the plan after any change: a move, a court date, a release from custody."]), "application/pdf"),
     "terms": {"audience": "partnership", "uses": ["learning", "joint_delivery"], "onward_sharing": False,
               "attribution": "© Safer Homes Together, used with permission", "expires_on": 12}},
    {"key": "voice_panel", "by": "leader_survivors", "kind": "note", "title": "Survivor voice panel: what we heard",
     "summary": "Themes from the survivor panel on how programmes for people who cause harm should work.",
     "tags": "survivor voice, programme design",
     "body": "## What survivors told us\n\n- **Safety first**: contact with a programme must never put a survivor at risk.\n"
             "- Survivors want to know when the person who harmed them *starts and stops* attending.\n"
             "- Language matters: say *people who cause harm*, not labels.\n",
     "terms": {"audience": "named", "named": ["perpetrators"], "include_funders": True, "uses": ["learning"],
               "onward_sharing": False, "attribution": "Safer Homes Together survivor panel, 2025"}},
    {"key": "session_outline", "by": "leader_perpetrators", "kind": "note",
     "title": "Behaviour change programme: session outline",
     "summary": "The 24 sessions of our programme, and what each is for.", "tags": "programme, behaviour change",
     "body": "# Programme outline\n\n1. Weeks 1 to 4: motivation and accountability.\n2. Weeks 5 to 12: patterns of "
             "control.\n3. Weeks 13 to 20: repair and parenting.\n4. Weeks 21 to 24: relapse prevention.\n",
     "terms": {"audience": "named", "named": ["survivors"], "uses": ["learning", "adapt"], "onward_sharing": False,
               "attribution": "Adapted from Change Path's programme (© Change Path)"}},
    {"key": "referrals", "by": "staff_perpetrators", "kind": "file", "title": "Referral pathways by area",
     "summary": "Who refers people who cause harm to us, area by area, and how many referrals each route gave last year.",
     "tags": "referrals, data, areas",
     "file": ("referral-pathways.csv", lambda: (
         b"area,route,referrals_last_year\nEastmarsh,Police,64\nEastmarsh,Children's services,22\n"
         b"Cardwen,Children's services,41\nDownshire,Self-referral,9\nMidshire,Probation,17\n"), "text/csv"),
     "terms": {"audience": "partnership", "uses": ["joint_delivery"], "onward_sharing": False,
               "attribution": "Change Path referral data", "expires_on": 6}},
    {"key": "outcomes", "by": "leader_investment", "kind": "file", "title": "Outcomes framework and prices",
     "summary": "The outcomes we would pay for, how each is evidenced, and the price per outcome.",
     "tags": "outcomes, finance, evidence",
     "file": ("outcomes-framework.md", lambda: (
         "# Outcomes framework\n\n| Outcome | Evidence | Price |\n|---|---|---|\n"
         "| No further police call-outs for 12 months | Police data | £1,200 |\n"
         "| Completed programme | Attendance register | £800 |\n").encode(), "text/markdown"),
     "terms": {"audience": "named", "named": ["survivors"], "include_funders": True, "uses": ["learning", "adapt"],
               "onward_sharing": True, "attribution": "Common Good Finance outcomes framework v3"}},
    {"key": "fund_guidance", "by": "leader_investment", "kind": "link", "title": "Guidance on outcomes funds",
     "summary": "Public guidance on how outcomes-based contracts are set up.", "tags": "outcomes, guidance",
     "url": "https://www.gov.uk/guidance/social-outcomes-partnerships",
     "terms": {"audience": "partnership", "include_funders": True, "uses": ["learning"], "onward_sharing": True,
               "attribution": ""}},
]


def build(ctx: DemoContext) -> None:
    from accord.library import services

    made: dict[str, Any] = {}
    for spec in ITEMS:
        terms = dict(spec["terms"])
        terms["named_orgs"] = [ctx.orgs[k].pk for k in terms.pop("named", [])]
        if "expires_on" in terms:
            terms["expires_on"] = _terms_end(terms["expires_on"])
        upload = None
        if "file" in spec:
            name, make, content_type = spec["file"]
            upload = SimpleUploadedFile(name, make(), content_type=content_type)
        made[spec["key"]] = services.item_create(
            actor=ctx.users[spec["by"]], access=_access(ctx, spec["by"]), kind=spec["kind"], title=spec["title"],
            summary=spec["summary"], body=spec.get("body", ""), url=spec.get("url", ""), upload=upload,
            tags=spec["tags"], terms=terms)
    ctx.extra["library_items"] = made

    # A change of terms: Change Path widens its referral data to adapting, once the partners asked.
    t = made["referrals"].terms
    services.terms_set(actor=ctx.users["staff_perpetrators"], access=_access(ctx, "staff_perpetrators"),
                       item=made["referrals"], terms={"audience": t.audience, "uses": ["joint_delivery", "learning"],
                                                      "onward_sharing": False, "attribution": t.attribution,
                                                      "expires_on": t.expires_on})

    # Requests: granted (until a date), declined, granted then revoked, and one waiting.
    ask = services.request_create
    granted = ask(actor=ctx.users["staff_perpetrators"], access=_access(ctx, "staff_perpetrators"),
                  item=made["outcomes"], reason="We need to see how completion is priced before the Midshire bid.")
    services.request_decide(actor=ctx.users["leader_investment"], access=_access(ctx, "leader_investment"),
                            request=granted, grant=True, until=_terms_end(3), note="Until the bid is in.")
    declined = ask(actor=ctx.users["leader_investment"], access=_access(ctx, "leader_investment"),
                   item=made["session_outline"], reason="To cost the programme per session.")
    services.request_decide(actor=ctx.users["leader_perpetrators"], access=_access(ctx, "leader_perpetrators"),
                            request=declined, grant=False, note="We will share costs in a separate paper.")
    revoked = ask(actor=ctx.users["leader_investment"], access=_access(ctx, "leader_investment"),
                  item=made["voice_panel"], reason="To shape outcome measures with survivors' views.")
    services.request_decide(actor=ctx.users["manager"], access=_access(ctx, "manager"), request=revoked, grant=True)
    services.record_view(actor=ctx.users["leader_investment"], access=_access(ctx, "leader_investment"),
                         item=made["voice_panel"])
    services.grant_revoke(actor=ctx.users["leader_survivors"], access=_access(ctx, "leader_survivors"), request=revoked)
    ask(actor=ctx.users["leader_investment"], access=_access(ctx, "leader_investment"), item=made["voice_panel"],
        reason="Once more, to check our outcome measures before the board meets.")  # left waiting

    # Openings: who read what, a few times each (seeded, so every run is the same).
    readers = {
        "safety_guide": ["leader_perpetrators", "staff_perpetrators", "leader_investment"],
        "voice_panel": ["leader_perpetrators", "staff_perpetrators", "funder"],
        "session_outline": ["leader_survivors", "staff_survivors", "manager"],
        "referrals": ["staff_survivors", "leader_investment", "manager"],
        "outcomes": ["leader_survivors", "staff_perpetrators", "funder"],
        "fund_guidance": ["leader_survivors", "staff_perpetrators", "funder"],
    }
    for key, who in readers.items():
        item = made[key]
        for user_key in who:
            access = _access(ctx, user_key)
            for _ in range(ctx.rng.randint(1, 3)):
                services.record_view(actor=ctx.users[user_key], access=access, item=item)
            if item.kind == "file" and ctx.rng.random() < 0.7:
                services.record_download(actor=ctx.users[user_key], access=access, item=item)
