"""What the charter asks of one person, for "what needs me": the draft version they are to sign."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accord.core.registry import Todo

from . import services


def collect(user: Any, access: Any) -> list[Todo]:
    if not access.can("act"):
        return []
    draft = services.current_draft(access.partnership)
    if draft is None:
        return []
    try:
        person = services.signer_for(user, access.partnership)
    except ValidationError:
        return []  # not a senior leader in post of a current member: nothing to sign
    if draft.signoffs.filter(organisation=person.organisation).exists():
        return []
    # the link opens exactly the version they will sign, at its text and button
    url = reverse("charter:version", args=[access.partnership.pk, draft.number]) + "#sign"
    return [Todo(kind="charter.sign", title=_("Sign the charter, version %(number)s") % {"number": draft.number},
                 url=url, partnership_id=access.partnership.pk, rank=10,
                 detail=_("For %(organisation)s; drafted %(on)s") % {
                     "organisation": person.organisation.name, "on": date_format(draft.created_at, "j F Y")})]
