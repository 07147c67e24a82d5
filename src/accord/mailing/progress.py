"""How far a campaign has gone: counts of its deliveries by state, and marking it finished."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from accord.core.audit import log_action

from .models import Campaign, Delivery

S = Delivery.Status
BUSY = [S.QUEUED, S.CLAIMED, S.HANDING, S.RETRY]


def finish_if_done(campaign_id: int) -> bool:
    with transaction.atomic():
        if Delivery.objects.filter(campaign_id=campaign_id, status__in=BUSY).exists():
            return False
        done = Campaign.objects.filter(pk=campaign_id, status=Campaign.Status.SENDING).update(
            status=Campaign.Status.SENT, finished_at=timezone.now())
    if done:
        campaign = Campaign.objects.select_related("mailing_list__partnership").get(pk=campaign_id)
        log_action(None, "mailing.campaign.finished", campaign, progress(campaign),
                   partnership=campaign.mailing_list.partnership)
    return bool(done)


def progress(campaign: Campaign) -> dict[str, int]:
    """Counts for the progress display: waiting (queued, being sent or waiting to retry), sent,
    failed, skipped (left the list before their turn)."""
    return progress_many([campaign])[campaign.pk]


def progress_many(campaigns: list[Campaign]) -> dict[int, dict[str, int]]:
    """`progress` for several campaigns in one query (a list's page shows up to fifty)."""
    by_campaign: dict[int, dict[str, int]] = {c.pk: {} for c in campaigns}
    rows = (Delivery.objects.filter(campaign__in=campaigns).values_list("campaign_id", "status")
            .annotate(n=Count("id")))
    for campaign_id, status, n in rows:
        by_campaign[campaign_id][status] = n
    return {pk: _progress_of(counts) for pk, counts in by_campaign.items()}


def _progress_of(counts: dict[str, int]) -> dict[str, int]:
    return {
        "total": sum(counts.values()),
        "queued": counts.get(S.QUEUED, 0) + counts.get(S.CLAIMED, 0) + counts.get(S.HANDING, 0),
        "retrying": counts.get(S.RETRY, 0),
        "sent": counts.get(S.SENT, 0),
        "failed": counts.get(S.FAILED, 0),
        "skipped": counts.get(S.SKIPPED, 0),
    }
