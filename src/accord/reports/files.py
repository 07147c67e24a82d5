"""The downloads of the Data out page and the API, in one place: each checks the access policy first
(through core.policy) and reads domains through their selectors only."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify

from accord.core import policy
from accord.governance import selectors as governance_selectors
from accord.lib.exports import csv_response, download, xlsx_response
from accord.trust import selectors as trust_selectors

from . import dataout, quarterly
from .meetingpack import Attachment, meeting_pack_pdf

# Papers are carried inside the meeting pack up to this many bytes in all; the rest stay on the meeting page.
ATTACH_MAX_BYTES = 25 * 1024 * 1024


def _paper_attachments(meeting: Any) -> tuple[list[dict[str, Any]], list[Attachment]]:
    """The meeting's uploaded papers, attached to the pack in agenda order while they fit. Only the
    meeting's own papers: whoever may open the pack may open them (the same need, "view_members").
    Library items linked from the agenda stay links: the library shows their sharing terms to accept
    and records each download, which a file inside the pack would pass by."""
    listed: list[dict[str, Any]] = []
    attached: list[Attachment] = []
    room = ATTACH_MAX_BYTES
    for n, paper in enumerate(governance_selectors.paper_files(meeting), start=1):
        fits = paper["size"] <= room
        if fits:
            with paper["file"].open("rb") as stored:
                data = stored.read()
            room -= len(data)
            attached.append(Attachment(name=f"{n}-{paper['file_name']}", data=data, description=paper["title"]))
        listed.append({**paper, "attached_as": f"{n}-{paper['file_name']}" if fits else ""})
    return listed, attached


def dataset(user: Any, pk: int, slug: str, fmt: str) -> HttpResponse:
    chosen = dataout.BY_SLUG[slug]
    access = policy.get_partnership(user, pk, need=chosen.need)
    header, rows = dataout.table(chosen, access.partnership)
    name = dataout.filename(access.partnership, slug, fmt)
    if fmt == "xlsx":
        return xlsx_response([(str(chosen.title), header, rows)], name)
    return csv_response(header, rows, name)


def giving(user: Any, pk: int) -> HttpResponse:
    access = policy.get_partnership(user, pk)
    body = json.dumps(dataout.giving_package(access.partnership), indent=2, ensure_ascii=False)
    return download(body, "application/json", dataout.filename(access.partnership, "360giving", "json"))


def network(user: Any, pk: int, wave_pk: int, fmt: str) -> HttpResponse:
    access = policy.get_partnership(user, pk, need="view_confidential")
    wave, _ = policy.get_object(user, trust_selectors.waves(access.partnership), need="view_confidential",
                                within=pk, pk=wave_pk)
    if wave not in dataout.network_waves(access):
        raise PermissionDenied("Only a closed survey whose results are shown by organisation (named) has a "
                               "network to download.")
    stem = f"trust-network-{slugify(wave.name) or wave.pk}"
    if fmt == "graphml":
        return download(dataout.graphml_text(wave), "application/graphml+xml",
                        dataout.filename(access.partnership, stem, "graphml"))
    return download(dataout.pajek_text(wave), "text/plain", dataout.filename(access.partnership, stem, "net"))


def meeting_pack(user: Any, pk: int, meeting_pk: int) -> HttpResponse:
    """The meeting pack (before the meeting) or the approved minutes (after), as a tagged PDF."""
    access = policy.get_partnership(user, pk, need="view_members")
    meeting, _ = policy.get_object(user, governance_selectors.meetings(access.partnership), need="view_members",
                                   partnership_field="series__partnership", within=pk, pk=meeting_pk)
    today = timezone.localdate()
    pack = governance_selectors.meeting_pack(meeting)
    pack["papers"], attachments = _paper_attachments(meeting)
    stem = ("minutes" if pack["approved"] else "meeting-pack") + f"-{pack['day']}"
    return download(meeting_pack_pdf(pack, produced=today, attachments=attachments), "application/pdf",
                    dataout.filename(access.partnership, stem, "pdf", today=today), text=False)


def quarterly_period(params: Any) -> quarterly.Period:
    """The period asked for in a query string or form (`quarter`, or `start` and `end`)."""
    return quarterly.parse_period(quarter_text=params.get("quarter", ""), start=params.get("start", ""),
                                  end=params.get("end", ""))


def quarterly_report(user: Any, pk: int, fmt: str, period: quarterly.Period) -> HttpResponse:
    """The quarterly partnership report made now, as this user's role may see it (everyone with a role:
    a funder receives the aggregates-only version)."""
    access = policy.get_partnership(user, pk)
    data = quarterly.gather(access, period)
    body = quarterly.render(data, fmt)
    return download(body, quarterly.CONTENT_TYPES[fmt], quarterly.filename(data, fmt), text=False)
