"""Background work for mailing lists: sending campaigns in batches, starting scheduled ones and
picking up retries or a crashed sender's work every minute, and purging unconfirmed sign-ups daily."""

from __future__ import annotations

import time

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import sending, services

TASK_SECONDS = 120  # a sender re-queues itself after this long, so one campaign cannot hog a worker


@db_task(retries=3, retry_delay=60)
def send_signup_mail(subscriber_pk: int, kind: str) -> None:
    services.send_signup_mail(subscriber_pk, kind)


@db_task(retries=3, retry_delay=60)
def send_preferences_link(list_pk: int, address: str) -> None:
    from .models import MailingList

    mailing_list = MailingList.objects.filter(pk=list_pk).first()
    if mailing_list is not None:
        services.send_preferences_link(mailing_list=mailing_list, email=address)


@db_task()
def send_campaign(campaign_id: int) -> None:
    deadline = time.monotonic() + TASK_SECONDS
    while sending.send_batch(campaign_id).claimed:
        if time.monotonic() > deadline:
            send_campaign(campaign_id)
            return


@db_periodic_task(crontab(minute="*"))
def mailing_tick() -> None:
    sending.start_due_campaigns()
    for campaign_id in sending.campaigns_with_work():
        send_campaign(campaign_id)


@db_periodic_task(crontab(hour="3", minute="17"))
def purge_unconfirmed() -> None:
    services.purge_unconfirmed(days=settings.MAILING_PURGE_UNCONFIRMED_DAYS)
