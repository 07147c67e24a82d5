"""Reads of the library that pages, the API and other domains (health) use. Functions named in
helper_contracts.md return plain data, never querysets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import connection, models
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy, ngettext

from accord.core.policy import Access
from accord.lib.formfields import PICKER_LIMIT, PickerSource
from accord.lib.formfields import search as picker_search
from accord.partners.models import Membership

from . import rules
from .models import AccessEntry, AccessRequest, KnowledgeItem, SharingTerms


def search(access: Access, query: str = "") -> QuerySet[KnowledgeItem]:
    """What this user may open, matching `query` over title, summary, note and tags.

    PostgreSQL: full-text search (English configuration, websearch syntax), best match first.
    Elsewhere: every word must appear (case-insensitive) in one of those fields.
    """
    items = rules.readable(access)
    query = (query or "").strip()
    if not query:
        return items
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = (SearchVector("title", weight="A", config="english") + SearchVector("tags", weight="A", config="english")
                  + SearchVector("summary", weight="B", config="english")
                  + SearchVector("body", weight="C", config="english"))
        sq = SearchQuery(query, search_type="websearch", config="english")
        return items.annotate(rank=SearchRank(vector, sq)).filter(rank__gt=0).order_by("-rank", "-created_at")
    for word in query.split():
        items = items.filter(Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)
                             | Q(tags__icontains=word))
    return items


def reciprocity(partnership: Any, *, today: dt.date | None = None) -> list[dict[str, int]]:
    """One row per ordered pair of member organisations: how many items the owner shares with the
    reader now (live items whose audience is the whole partnership, names the reader, or that the
    reader was granted), and how often the reader's people opened (viewed or downloaded) the
    owner's items. A few queries, then counting in Python, so it stays quick for large partnerships."""
    return reciprocity_many([partnership], today=today)[partnership.pk]


def reciprocity_many(partnerships: Sequence[Any], *, today: dt.date | None = None) -> dict[int, list[dict[str, int]]]:
    """`reciprocity` of each partnership (by id), in five queries however many there are."""
    today = today or timezone.localdate()
    ids = [p.pk for p in partnerships]
    orgs: dict[int, list[int]] = {pid: [] for pid in ids}
    for pid, org_id in (Membership.objects.filter(partnership_id__in=ids, joined__lte=today)
                        .filter(Q(left__isnull=True) | Q(left__gte=today))
                        .order_by("organisation__name", "organisation_id")
                        .values_list("partnership_id", "organisation_id")):
        if org_id not in orgs[pid]:  # an organisation that left and joined again is one member
            orgs[pid].append(org_id)
    live = (KnowledgeItem.objects.filter(partnership_id__in=ids, withdrawn_at__isnull=True)
            .filter(Q(terms__expires_on__isnull=True) | Q(terms__expires_on__gte=today)).order_by())
    owner_of: dict[int, tuple[int, int]] = {}  # item -> (partnership, owner) of items shared with some only
    to_everyone: dict[tuple[int, int], int] = {}
    for item_id, pid, owner, audience in live.values_list("pk", "partnership_id", "owner_org_id", "terms__audience"):
        if audience == SharingTerms.Audience.PARTNERSHIP:
            to_everyone[(pid, owner)] = to_everyone.get((pid, owner), 0) + 1
        else:
            owner_of[item_id] = (pid, owner)
    readers_of: dict[int, set[int]] = {}
    for item_id, org_id in (SharingTerms.objects.filter(item_id__in=owner_of).order_by()
                            .values_list("item_id", "named_orgs")):
        if org_id is not None:
            readers_of.setdefault(item_id, set()).add(org_id)
    grants = (AccessRequest.objects.filter(item_id__in=owner_of, status=AccessRequest.Status.GRANTED)
              .filter(Q(until__isnull=True) | Q(until__gte=today)).order_by().values_list("item_id", "organisation_id"))
    for item_id, org_id in grants:
        readers_of.setdefault(item_id, set()).add(org_id)
    extra: dict[tuple[int, int, int], int] = {}
    for item_id, readers in readers_of.items():
        pid, owner = owner_of[item_id]
        for reader in readers:
            key = (pid, owner, reader)
            extra[key] = extra.get(key, 0) + 1
    opens: dict[tuple[int, int, int], int] = {}
    for row in (AccessEntry.objects.filter(partnership_id__in=ids, action__in=["view", "download"]).order_by()
                .values("partnership_id", "item__owner_org_id", "organisation_id").annotate(n=Count("pk"))):
        opens[(row["partnership_id"], row["item__owner_org_id"], row["organisation_id"])] = row["n"]
    return {pid: [{"owner_org_id": owner, "reader_org_id": reader,
                   "items_shared": to_everyone.get((pid, owner), 0) + extra.get((pid, owner, reader), 0),
                   "opens": opens.get((pid, owner, reader), 0)}
                  for owner in orgs[pid] for reader in orgs[pid] if owner != reader]
            for pid in ids}


def reciprocity_matrix(partnership: Any) -> dict[str, Any]:
    """The reciprocity rows arranged for a table: owners down the side, readers across the top."""
    orgs = list(partnership.member_organisations().order_by("name"))
    cells = {(r["owner_org_id"], r["reader_org_id"]): r for r in reciprocity(partnership)}
    given = {o.pk: sum(r["opens"] for (ow, _), r in cells.items() if ow == o.pk) for o in orgs}
    taken = {o.pk: sum(r["opens"] for (_, rd), r in cells.items() if rd == o.pk) for o in orgs}
    table = [{"org": owner, "cells": [cells.get((owner.pk, reader.pk)) for reader in orgs],
              "opened_by_others": given[owner.pk], "opened_of_others": taken[owner.pk]} for owner in orgs]
    return {"orgs": orgs, "rows": table}


def sharing_summary(partnership: Any, *, today: dt.date | None = None) -> list[dict[str, Any]]:
    """One row per member organisation, by name: the live items it shares with the whole partnership and
    with named partners, how often other partners' people opened its items, and how often its people
    opened other partners' items. Four queries whatever the size: what a partnership too large for the
    organisation-by-organisation table sees instead (a partner that only takes stands out)."""
    today = today or timezone.localdate()
    orgs = list(partnership.member_organisations(today).order_by("name"))
    ids = {o.pk for o in orgs}
    live = (KnowledgeItem.objects.filter(partnership=partnership, withdrawn_at__isnull=True)
            .filter(Q(terms__expires_on__isnull=True) | Q(terms__expires_on__gte=today)))
    shared: dict[tuple[int, str], int] = {}
    for owner, audience, n in live.values("owner_org_id", "terms__audience").annotate(n=Count("pk")).values_list(
            "owner_org_id", "terms__audience", "n"):
        shared[(owner, audience)] = n
    given: dict[int, int] = {}
    taken: dict[int, int] = {}
    for owner, reader, n in (AccessEntry.objects.filter(partnership=partnership, action__in=["view", "download"],
                                                        organisation_id__in=ids)
                             .exclude(item__owner_org_id=models.F("organisation_id"))
                             .values("item__owner_org_id", "organisation_id").annotate(n=Count("pk"))
                             .values_list("item__owner_org_id", "organisation_id", "n")):
        given[owner] = given.get(owner, 0) + n
        if reader is not None:
            taken[reader] = taken.get(reader, 0) + n
    return [{"org": o, "with_all": shared.get((o.pk, SharingTerms.Audience.PARTNERSHIP), 0),
             "with_named": shared.get((o.pk, SharingTerms.Audience.NAMED), 0),
             "opened_by_others": given.get(o.pk, 0), "opened_of_others": taken.get(o.pk, 0)} for o in orgs]


def sharing_pairs(partnership: Any, *, today: dt.date | None = None) -> list[tuple[str, str, int, int]]:
    """(sharer, partner, items shared with that partner by name or grant, times its people opened the
    sharer's items) for each ordered pair of member organisations with either: the download behind the
    summary. Items shared with everyone are in the summary's rows, not repeated for every pair (in a
    partnership of 2,000 there are four million pairs)."""
    today = today or timezone.localdate()
    names = dict(partnership.member_organisations(today).order_by("name").values_list("pk", "name"))
    by_name = (KnowledgeItem.objects.filter(partnership=partnership, withdrawn_at__isnull=True,
                                            terms__audience=SharingTerms.Audience.NAMED)
               .filter(Q(terms__expires_on__isnull=True) | Q(terms__expires_on__gte=today)).order_by())
    readers: set[tuple[int, int, int]] = set()  # (item, owner, reader): named, or granted on request
    readers.update(by_name.filter(terms__named_orgs__isnull=False)
                   .values_list("pk", "owner_org_id", "terms__named_orgs"))
    readers.update(AccessRequest.objects.filter(item__in=by_name, status=AccessRequest.Status.GRANTED)
                   .filter(Q(until__isnull=True) | Q(until__gte=today)).order_by()
                   .values_list("item_id", "item__owner_org_id", "organisation_id"))
    extra: dict[tuple[int, int], int] = {}
    for _, owner, reader in readers:
        extra[(owner, reader)] = extra.get((owner, reader), 0) + 1
    opens = {(owner, reader): n for owner, reader, n in (
        AccessEntry.objects.filter(partnership=partnership, action__in=["view", "download"]).order_by()
        .values("item__owner_org_id", "organisation_id").annotate(n=Count("pk"))
        .values_list("item__owner_org_id", "organisation_id", "n"))}
    pairs = sorted(k for k in set(extra) | set(opens) if k[0] != k[1] and k[0] in names and k[1] in names)
    rows = [(names[a], names[b], extra.get((a, b), 0), opens.get((a, b), 0)) for a, b in pairs]
    return sorted(rows)


def items_owned_by(person: Any, *, partnership: Any = None) -> list[dict[str, Any]]:
    """Items the person authored (through their user account), for a leader's handover; only those
    of `partnership` when given."""
    if getattr(person, "user_id", None) is None:
        return []
    items = KnowledgeItem.objects.filter(author_id=person.user_id).order_by("-created_at", "-pk")
    if partnership is not None:
        items = items.filter(partnership=partnership)
    return [{"id": i.pk, "title": i.title, "url": i.get_absolute_url()} for i in items]


def items_owned_by_many(people: Sequence[Any]) -> dict[int, list[dict[str, Any]]]:
    """`items_owned_by` of each person (by id), each within their own partnership, in one query."""
    out: dict[int, list[dict[str, Any]]] = {p.pk: [] for p in people}
    whose = {(p.user_id, p.partnership_id): p.pk for p in people if getattr(p, "user_id", None) is not None}
    if not whose:
        return out
    items = (KnowledgeItem.objects.filter(author_id__in={u for u, _ in whose},
                                          partnership_id__in={pid for _, pid in whose}).order_by("-created_at", "-pk"))
    for i in items:
        person = whose.get((i.author_id, i.partnership_id))
        if person is not None:
            out[person].append({"id": i.pk, "title": i.title, "url": i.get_absolute_url()})
    return out


def readable_ids(access: Access) -> set[int]:
    """Ids of the items this user may open (for other domains that list items by title)."""
    return set(rules.readable(access).values_list("pk", flat=True))


def record_for(access: Access, item: KnowledgeItem | None = None) -> QuerySet[AccessEntry]:
    """Access entries this user may see: for the manager the whole record; for a partner the
    entries on its own organisation's items."""
    entries = AccessEntry.objects.filter(partnership=access.partnership).select_related("item", "item__owner_org")
    if item is not None:
        entries = entries.filter(item=item)
    if not access.is_manager:
        org_id = access.organisation.pk if access.organisation and access.can("act") else None
        entries = entries.filter(item__owner_org_id=org_id)
    return entries.order_by("-seq")


def requests_to_decide(access: Access) -> QuerySet[AccessRequest]:
    reqs = AccessRequest.objects.filter(item__partnership=access.partnership).select_related(
        "item", "item__owner_org", "organisation", "requested_by", "decided_by")
    if access.is_manager:
        return reqs
    org_id = access.organisation.pk if access.organisation and access.can("act") else None
    return reqs.filter(item__owner_org_id=org_id)


def my_requests(access: Access) -> QuerySet[AccessRequest]:
    org_id = access.organisation.pk if access.organisation else None
    return AccessRequest.objects.filter(item__partnership=access.partnership, organisation_id=org_id).select_related(  # type: ignore[misc]  # None: IS NULL
        "item", "item__owner_org", "decided_by")




# ---- who hears of a request (notices) -----------------------------------------------------------

def answerers(item: KnowledgeItem) -> QuerySet[Any]:
    """The owner organisation's people in this partnership who can answer a request for `item`: in post,
    with an account that acts for the owner here (library.rules.may_decide)."""
    from accord.core.policy import NEEDS
    from accord.partners import selectors as partners

    return partners.people(item.partnership, current_only=True).filter(
        organisation_id=item.owner_org_id, user__roles__partnership_id=item.partnership_id,
        user__roles__organisation_id=item.owner_org_id, user__roles__role__in=NEEDS["act"]).distinct()


def requesters(req: AccessRequest) -> QuerySet[Any]:
    """The person (this partnership's record of them) who asked."""
    from accord.partners import selectors as partners

    if req.requested_by_id is None:  # the account was deleted: nobody to tell
        return partners.people(req.item.partnership).none()
    return partners.people(req.item.partnership).filter(user_id=req.requested_by_id,
                                                        organisation_id=req.organisation_id)


def grants_ending(today: dt.date, days: int) -> QuerySet[AccessRequest]:
    """Live grants whose access ends within `days` days of `today`."""
    return AccessRequest.objects.filter(status=AccessRequest.Status.GRANTED, until__gte=today,
                                        until__lte=today + dt.timedelta(days=days)).select_related(
        "item__partnership", "organisation")


def check_file(upload: Any) -> dict[str, Any]:
    """The library's content checks for an uploaded file (type by content, size limit, UTF-8 text), for
    other domains that keep files as the library does (meeting papers): the file's name, content type,
    size and SHA-256, or a ValidationError on "file" saying what to fix. It writes nothing, so it is
    offered here with the library's other reads."""
    from .files import check_upload

    return check_upload(upload)


# ---- the searchable picker of library items (accord.lib.formfields.use_picker; issue 21) ----

ITEM_MESSAGES: dict[str, Any] = {
    "hint": gettext_lazy("Type part of the item's title and choose it from the suggestions."),
    "add": gettext_lazy("Type part of an item's title and choose it from the suggestions; "
                        "separate several titles with a semicolon (;)."),
    "invalid": gettext_lazy("Choose a library item you may open from the list."),
    "none": gettext_lazy("No library item you may open matches “%(text)s”."),
    "several": lambda n: ngettext("%(count)s library item matches “%(text)s”: choose it below.",
                                  "%(count)s library items match “%(text)s”: choose one below.", n),
}


def item_picker(partnership: Any) -> PickerSource:
    """Library items: suggested from what the person may open (library:pick-items), by title. A partnership
    with hundreds of items is not a drop-down of hundreds of titles."""
    return PickerSource(url=reverse("library:pick-items", args=[partnership.pk]), search=("title",),
                        label=lambda item: item.title, messages=ITEM_MESSAGES)


def item_suggestions(access: Access, text: str) -> list[dict[str, Any]]:
    """What the picker suggests for `text`: the items this person may open whose title holds every word."""
    found = picker_search(rules.readable(access).order_by("title", "pk"), text, ("title",))
    return [{"id": item.pk, "label": item.title} for item in found[:PICKER_LIMIT]]
