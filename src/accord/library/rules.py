"""Who may read which item: the audience rules, in one place for pages, API, search and selectors.

- The owner organisation's people always see their own items (withdrawn or expired ones too).
- Other partners (manager, leader, staff) see an item while it is not withdrawn and its terms have
  not expired, when the audience is the whole partnership, or names their organisation, or their
  organisation holds a live grant.
- Funders see an item only while its terms include funders (and it is live). Grants are to partner
  organisations: a grant never opens an item to a funder, even one whose organisation holds it.
- The partnership manager follows the same rules for reading content; they may decide requests and
  see the whole access record, which shows titles, never content.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from accord.core.policy import Access

from .models import AccessRequest, KnowledgeItem, SharingTerms


def _live_grants(org_id: int | None, today: dt.date) -> QuerySet[AccessRequest]:
    return AccessRequest.objects.filter(organisation_id=org_id, status=AccessRequest.Status.GRANTED).filter(  # type: ignore[misc]  # None: IS NULL
        Q(until__isnull=True) | Q(until__gte=today))


def readable_q(access: Access, today: dt.date | None = None) -> Q:
    """A filter on KnowledgeItem for what this user may open."""
    today = today or timezone.localdate()
    org_id = access.organisation.pk if access.organisation else None
    open_ = Q(withdrawn_at__isnull=True) & (Q(terms__expires_on__isnull=True) | Q(terms__expires_on__gte=today))
    granted = Q(pk__in=_live_grants(org_id, today).values("item_id"))
    if access.is_funder:  # least access: only what the owner's terms name funders for; grants are for partners
        return open_ & Q(terms__include_funders=True)
    if not access.can("view_members"):
        return Q(pk__in=[])
    own = Q(owner_org_id=org_id) if org_id else Q(pk__in=[])
    named = Q(pk__in=SharingTerms.objects.filter(named_orgs=org_id).values("item_id")) if org_id else Q(pk__in=[])
    audience = Q(terms__audience=SharingTerms.Audience.PARTNERSHIP) | named
    return own | (open_ & (audience | granted))


def readable(access: Access, today: dt.date | None = None) -> QuerySet[KnowledgeItem]:
    return (KnowledgeItem.objects.filter(partnership=access.partnership).filter(readable_q(access, today))
            .select_related("terms", "owner_org", "author"))


def can_read(access: Access, item: KnowledgeItem) -> bool:
    return readable(access).filter(pk=item.pk).exists()


def is_owner(access: Access, item: KnowledgeItem) -> bool:
    """Speaks for the owner organisation (and is one of the partners' people, not a funder)."""
    return access.can("act") and access.organisation is not None and access.organisation.pk == item.owner_org_id


def may_decide(access: Access, item: KnowledgeItem) -> bool:
    """Grant, decline or revoke: the owner organisation's people, or the partnership manager."""
    return is_owner(access, item) or access.is_manager


def may_see_record(access: Access, item: KnowledgeItem) -> bool:
    return may_decide(access, item)


def askable(access: Access, today: dt.date | None = None) -> QuerySet[KnowledgeItem]:
    """Items a partner cannot open but may ask for: discoverable, live, not theirs."""
    if not access.can("act"):
        return KnowledgeItem.objects.none()
    today = today or timezone.localdate()
    return (KnowledgeItem.objects.filter(partnership=access.partnership, discoverable=True, withdrawn_at__isnull=True)
            .filter(Q(terms__expires_on__isnull=True) | Q(terms__expires_on__gte=today))
            .exclude(readable_q(access, today)).select_related("owner_org", "terms"))
