"""The introductions a departing leader's handover checklist proposes (issue 21).

One item per other partner ("Introduce the incoming leader to X") is a good checklist for a partnership of a
dozen; for one of 2,000 it is 2,000 items nobody ticks. Past `ACCORD_PAGE_SIZE` other partners the checklist
has one item instead, giving their number and linking to the partner list (searchable, a page at a time,
each partner with its senior leaders). Small partnerships keep their item per partner. Kept apart from
health/services.py so that the rule has one home."""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse
from django.utils.translation import gettext_noop

from accord.core import listing
from accord.lib import stored_text
from accord.partners.models import Organisation

from .models import Handover

Proposal = tuple[str, stored_text.Stored, str]  # (key, stored text, address)


def introductions(handover: Handover, members: Sequence[Organisation]) -> list[Proposal]:
    """The introductions to propose: one per other current member, or past the page size one that names
    how many there are and links to the partner list. No query (the members are read by the caller)."""
    others = [o for o in members if o.pk != handover.leaving.organisation_id]
    if len(others) <= listing.page_size():
        return [(f"relationship:{o.name}", stored_text.message(
            gettext_noop("Introduce the incoming leader to %(organisation)s"), organisation=o.name), "")
            for o in others]
    return [("introductions", stored_text.plural(
        "Introduce the incoming leader to the other partner: find it, with its senior leaders, in the partner list",
        "Introduce the incoming leader to the %(count)s other partners: find each, with its senior leaders, "
        "in the partner list", "count", count=len(others)),
        reverse("partners:home", args=[handover.partnership_id]) + "#partners")]
