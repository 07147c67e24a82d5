"""Data out: a partnership's records as files for boards, funders and evaluators.

Each dataset names the need (accord.core.policy.NEEDS) that the page showing the same records asks for,
so a role gets in a file exactly what it sees on the pages: funders get what the delivery and funding
pages show them (areas and funding); the partners' people get governance and commitments; trust
results by organisation and relationship come from named waves only, to senior leaders and the manager,
through `trust.selectors.named_detail` (the same withholding as the wave's page); the audit trail is
the manager's. Tables are written by `accord.lib.exports` (CSV or XLSX, formula-safe). Domains are read
through their selectors only.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

import networkx as nx
from django.utils import timezone
from django.utils.translation import gettext_lazy, gettext_noop

from accord.charter import selectors as charter_selectors
from accord.core.models import AuditEntry
from accord.core.policy import Access
from accord.delivery import selectors as delivery_selectors
from accord.governance import selectors as governance_selectors
from accord.lib import exports
from accord.partners.models import Partnership
from accord.trust import selectors as trust_selectors
from accord.trust.models import Wave

Rows = list[list[Any]]


def _(text: str) -> str:
    """A title or description translated when shown (a str to the type checker, lazy at run time)."""
    return cast(str, gettext_lazy(text))


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str  # lazy (see _): in the reader's language
    about: str  # what the file holds, in plain words
    need: str
    header: tuple[str, ...]  # marked with gettext_noop: English here, translated when written
    rows: Callable[[Partnership], Rows]


def _commitments(p: Partnership) -> Rows:
    return [[r["id"], r["title"], r["owner"], r["person"], r["made_on"], r["due"], r["status"], r["done_on"],
             r["dropped_reason"]] for r in charter_selectors.commitments_rows(p)]


def _actions(p: Partnership) -> Rows:
    return [[r["id"], r["meeting"], r["title"], r["detail"], r["owner"], r["organisation"], r["due"], r["status"],
             r["completed_on"]] for r in governance_selectors.actions_rows(p)]


def _decisions(p: Partnership) -> Rows:
    return [[r["id"], r["meeting"], r["proposal"], "yes" if r["needs_consensus"] else "no", r["result"],
             r["decided_on"], r["organisation"], r["position"], r["comment"]]
            for r in governance_selectors.decisions_rows(p)]


def _yes_no(value: Any) -> str:
    return "" if value == "" else ("yes" if value else "no")


def _meetings(p: Partnership) -> Rows:
    return [[r["meeting_id"], r["series"], r["date"], r["meeting_status"], r["person"], r["organisation"],
             _yes_no(r["senior"]), _yes_no(r["expected"]), r["attendance"], r["delegate"]]
            for r in governance_selectors.attendance_rows(p)]


def _areas(p: Partnership) -> Rows:
    return [[r["area_id"], r["area"], r["ons_code"], r["local_partners"], r["stage"], r["on"], r["note"]]
            for r in delivery_selectors.stage_move_rows(p)]


def _funding(p: Partnership) -> Rows:
    return [[r["id"], r["title"], r["funder"], r["amount"], r["currency"], r["start"], r["end"],
             "yes" if r["restricted"] else "no", "; ".join(o["name"] for o in r["partners"]),
             "; ".join(a["name"] for a in r["areas"]), r["grant_id"]]
            for r in delivery_selectors.funding_stream_rows(p)]


def _audit(p: Partnership) -> Rows:
    entries = AuditEntry.objects.filter(partnership=p).order_by("created_at", "pk")
    return [[e.pk, timezone.localtime(e.created_at).replace(tzinfo=None), e.actor_label, e.action, e.object_repr,
             json.dumps(e.data, sort_keys=True, default=str) if e.data else ""] for e in entries.iterator()]


def _trust_organisations(p: Partnership) -> Rows:
    rows: Rows = []
    for wave in trust_selectors.named_closed_waves(p):
        shown = trust_selectors.named_detail(wave, wave.result)
        rows += [[wave.name, wave.closed_on, *row] for row in trust_selectors.organisation_rows(shown)]
    return rows


def _trust_relationships(p: Partnership) -> Rows:
    rows: Rows = []
    for wave in trust_selectors.named_closed_waves(p):
        shown = trust_selectors.named_detail(wave, wave.result)
        rows += [[wave.name, wave.closed_on, *row] for row in trust_selectors.pair_rows(shown)]
    return rows


# Column names are marked with gettext_noop (English here) and written in the reader's language
# (lib.exports.translated, in files.dataset).
DATASETS: tuple[Dataset, ...] = (
    Dataset("commitments", _("Commitments"), _("Every promise a partner made: who, due when, kept or not."),
            "view_members", (gettext_noop("Id"), gettext_noop("What is promised"), gettext_noop("Organisation"),
                             gettext_noop("Person"), gettext_noop("Made on"), gettext_noop("Due"), gettext_noop("Status"),
                             gettext_noop("Done on"), gettext_noop("Why it was dropped")), _commitments),
    Dataset("actions", _("Actions"), _("Every action agreed at a meeting: who owns it, when it is due, its status."),
            "view_members", (gettext_noop("Id"), gettext_noop("Meeting"), gettext_noop("Action"), gettext_noop("Detail"),
                             gettext_noop("Owner"), gettext_noop("Organisation"), gettext_noop("Due"),
                             gettext_noop("Status"), gettext_noop("Completed on")), _actions),
    Dataset("decisions", _("Decisions and positions"),
            _("Every decision, one row for each organisation's recorded position on it."),
            "view_members", (gettext_noop("Decision id"), gettext_noop("Meeting"), gettext_noop("Proposal"),
                             gettext_noop("Needs consensus"), gettext_noop("Result"), gettext_noop("Decided on"),
                             gettext_noop("Organisation"), gettext_noop("Position"), gettext_noop("Comment")), _decisions),
    Dataset("meetings", _("Meetings and attendance"), _("Every meeting, one row for each person expected or present."),
            "view_members", (gettext_noop("Meeting id"), gettext_noop("Series"), gettext_noop("Date"),
                             gettext_noop("Meeting status"), gettext_noop("Person"), gettext_noop("Organisation"),
                             gettext_noop("Senior leader"), gettext_noop("Expected"), gettext_noop("Attendance"),
                             gettext_noop("Delegate")), _meetings),
    Dataset("areas", _("Areas and stage moves"), _("Every area of the rollout, one row for each move between stages."),
            "view", (gettext_noop("Area id"), gettext_noop("Area"), gettext_noop("ONS code"), gettext_noop("Local partners"),
                     gettext_noop("Stage"), gettext_noop("Moved on"), gettext_noop("Note")), _areas),
    Dataset("funding", _("Funding streams"), _("Every funding stream: funder, amount, dates, partners and areas."),
            "view", (gettext_noop("Id"), gettext_noop("Title"), gettext_noop("Funder"), gettext_noop("Amount"),
                     gettext_noop("Currency"), gettext_noop("Start"), gettext_noop("End"), gettext_noop("Restricted"),
                     gettext_noop("Partners"), gettext_noop("Areas"), gettext_noop("360Giving grant id")), _funding),
    Dataset("trust-organisations", _("Trust by organisation"),
            _("Each named survey's results by organisation (confidential surveys are never included)."),
            "view_confidential", (gettext_noop("Survey"), gettext_noop("Closed on"), *trust_selectors.ORGANISATION_COLUMNS),
            _trust_organisations),
    Dataset("trust-relationships", _("Trust by relationship"),
            _("Each named survey's results for each pair: what one organisation said about another."),
            "view_confidential", (gettext_noop("Survey"), gettext_noop("Closed on"), *trust_selectors.PAIR_COLUMNS),
            _trust_relationships),
    Dataset("audit", _("Audit trail"), _("Every change recorded in the partnership: when, who, what."),
            "audit", (gettext_noop("Id"), gettext_noop("When"), gettext_noop("Who"), gettext_noop("Action"),
                      gettext_noop("Record"), gettext_noop("Details")), _audit),
)
BY_SLUG = {d.slug: d for d in DATASETS}
FORMATS = ("csv", "xlsx")


def datasets_for(access: Access) -> list[Dataset]:
    return [d for d in DATASETS if access.can(d.need)]


def table(dataset: Dataset, partnership: Partnership) -> tuple[Sequence[str], Rows]:
    """The dataset's column names in the active language, and its rows."""
    return exports.translated(dataset.header), dataset.rows(partnership)


def filename(partnership: Partnership, stem: str, ext: str, *, today: dt.date | None = None) -> str:
    from django.utils.text import slugify

    return f"{slugify(partnership.name) or 'partnership'}-{stem}-{today or timezone.localdate()}.{ext}"


# ---- the trust network of a named wave, for network tools --------------------------------------

def network_waves(access: Access) -> list[Wave]:
    """Named closed waves whose network this role may download (none for staff or funders)."""
    if not access.can("view_confidential"):
        return []
    return trust_selectors.named_closed_waves(access.partnership)


def wave_graph(wave: Wave) -> nx.DiGraph:
    """The wave's network as the wave's page shows it: organisations, and an arc for each pair with
    trust, value and contact as attributes (left out when unanswered). What an organisation whose own
    answers are withheld said is not in it (`named_detail`)."""
    detail = trust_selectors.named_detail(wave, wave.result)
    graph = nx.DiGraph(name=wave.name)
    labels = _labels(detail["orgs"])
    for o in detail["orgs"]:
        attrs = {k: o[k] for k in ("trust_received", "value_received") if o.get(k) is not None}
        graph.add_node(labels[o["id"]], respondents=o["respondents"], **attrs)
    for pair in detail["pairs"]:
        if pair["from"] not in labels or pair["about"] not in labels:
            continue
        attrs = {k: pair[k] for k in ("trust", "value", "contact") if pair.get(k) is not None}
        graph.add_edge(labels[pair["from"]], labels[pair["about"]], **attrs)
    return graph


def _labels(orgs: list[dict[str, Any]]) -> dict[int, str]:
    """Node labels: organisation names, made unique if two share a name."""
    seen: dict[str, int] = {}
    for o in orgs:
        seen[o["name"]] = seen.get(o["name"], 0) + 1
    return {o["id"]: o["name"] if seen[o["name"]] == 1 else f"{o['name']} ({o['id']})" for o in orgs}


def graphml_text(wave: Wave) -> str:
    return "\n".join(nx.generate_graphml(wave_graph(wave))) + "\n"


def pajek_text(wave: Wave) -> str:
    """Pajek .net: the organisations, and an arc for each pair where one reports working with the other,
    weighted by the contact level it reported (Pajek holds one weight per arc)."""
    full = wave_graph(wave)
    contact = nx.DiGraph(name=wave.name.replace(" ", "_") or "network")
    contact.add_nodes_from(full.nodes)
    for a, b, d in full.edges(data=True):
        if (d.get("contact") or 0) > 0:
            contact.add_edge(a, b, weight=d["contact"])
    return "\n".join(nx.generate_pajek(contact)) + "\n"


# ---- 360Giving -------------------------------------------------------------------------------------

def _org_ref(name: str, org_id: str, pk: int) -> dict[str, str]:
    # 360Giving asks for an org-id; one Accord does not know is made from the 360G prefix and our own id
    return {"id": org_id or f"360G-accord-org-{pk}", "name": name}


def giving_package(partnership: Partnership) -> dict[str, Any]:
    """The partnership's funding streams as a 360Giving package (grant schema 1.4.3). A stream with no
    partner named has no recipient in the standard's sense, so it is left out."""
    grants: list[dict[str, Any]] = []
    for s in delivery_selectors.funding_stream_rows(partnership):
        if not s["partners"]:
            continue
        grant: dict[str, Any] = {
            "id": s["grant_id"] or f"360G-accord-{partnership.pk}-{s['id']}",
            "title": s["title"],
            "description": f"{s['title']}: funding for the partnership {partnership.name}.",
            "currency": s["currency"],
            "amountAwarded": float(s["amount"]),
            "awardDate": s["start"].isoformat(),
            "plannedDates": [{"startDate": s["start"].isoformat(), "endDate": s["end"].isoformat()}],
            "fundingOrganization": [_org_ref(s["funder"], s["funder_org_id"], s["funder_pk"])],
            "recipientOrganization": [_org_ref(o["name"], o["org_id"], o["pk"]) for o in s["partners"]],
        }
        grants.append(grant)
    return {"grants": grants}
