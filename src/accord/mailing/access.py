"""Who manages a mailing list, and therefore who may see its subscribers.

- A list owned by the partnership (no organisation): the partnership's managers.
- A list owned by an organisation: the partnership's managers who speak for that organisation
  (their Role.organisation is the owner). Managers of other organisations do not even learn it exists.

Leaders, staff and funders never see subscriber data (403 from the policy); anyone without a role
in the partnership gets 404, as everywhere in Accord.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from accord.core import policy

from .models import MailingList, Subscriber


def can_manage(access: policy.Access, mailing_list: MailingList) -> bool:
    if not access.can("edit") or mailing_list.partnership_id != access.partnership.pk:
        return False
    if mailing_list.organisation_id is None:
        return True
    return access.organisation is not None and access.organisation.pk == mailing_list.organisation_id


def managed_lists(access: policy.Access) -> QuerySet[MailingList]:
    if not access.can("edit"):
        return MailingList.objects.none()
    mine = Q(organisation__isnull=True)
    if access.organisation is not None:
        mine |= Q(organisation=access.organisation)
    return MailingList.objects.filter(mine, partnership=access.partnership).select_related("organisation", "partnership")


def status_counts(mailing_list: MailingList) -> dict[str, int]:
    """How many subscribers the list has in each status (every status present, zero if none)."""
    return status_counts_many([mailing_list])[mailing_list.pk]


def status_counts_many(lists: list[MailingList]) -> dict[int, dict[str, int]]:
    """`status_counts` for several lists in one query."""
    out = {m.pk: dict.fromkeys(Subscriber.Status.values, 0) for m in lists}
    rows = (Subscriber.objects.filter(mailing_list__in=lists).values_list("mailing_list_id", "status")
            .annotate(n=Count("id")))
    for list_id, status, n in rows:
        out[list_id][status] = n
    return out


def get_list(user: Any, pk: Any, list_pk: Any) -> tuple[MailingList, policy.Access]:
    """The list, if `user` manages it: 404 for strangers and other organisations' lists, 403 for roles
    that never manage lists (leaders, staff, funders)."""
    access = policy.get_partnership(user, pk, need="edit")
    try:
        mailing_list = managed_lists(access).get(pk=int(list_pk))
    except (MailingList.DoesNotExist, ValueError, TypeError):
        raise Http404("Not found") from None
    return mailing_list, access
