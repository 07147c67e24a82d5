"""Demo data for mailing: the partnership's public list with three topics, a handful of fictional
subscribers who joined in different ways (each with its consent records), one who left, one sent
campaign, and a small list owned by Safer Homes Together alone. Nothing is e-mailed."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from accord.mailing import sending, services
from accord.mailing.models import Campaign, ConsentRecord, Delivery, Subscriber

from .context import END, DemoContext

STATEMENT = ("We'll e-mail you news of The Compass Partnership: what we learn, events, and progress in each "
             "area, about once a month. We keep your data secure and won't share it outside the partnership, "
             "ever. You can change your topics or leave at any time with the link in every message.")
TOPICS = ["Research and evaluation", "Events", "Local areas"]

# e-mail, name (only when they gave one), topics, how they joined
SUBSCRIBERS = [
    ("jo.bright@example.net", "Jo Bright", ["Research and evaluation", "Events"], "form"),
    ("m.okafor@example.net", "", ["Local areas"], "form"),
    ("commissioning@northbridge.example", "Aisha Rahman", ["Research and evaluation"], "form"),
    ("dan.h@example.com", "Dan Hughes", ["Events"], "admin"),
    ("info@riverside-refuge.example", "", ["Local areas", "Events"], "import"),
    ("l.fenwick@example.org", "Lou Fenwick", ["Research and evaluation"], "form"),
]
LEAVER = "m.okafor@example.net"

CAMPAIGN = """Dear friends,

**Seven areas are now live.** Midshire became the seventh in September, ahead of the three-year plan.

What we learned this quarter:

- Senior leaders from every partner met monthly; the decisions are on our website.
- Our evaluation partners published the first-year findings: [read the summary](https://example.org/findings).

Thank you for following our work.
"""


def _at(days_before_end: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(END - dt.timedelta(days=days_before_end), dt.time(10, 0)))


@transaction.atomic
def build(ctx: DemoContext) -> None:
    manager = ctx.users["manager"]
    news = services.list_create(
        actor=manager, partnership=ctx.partnership, name="Compass news", slug="compass-news",
        description="Monthly news of the partnership's work to stop domestic abuse at source.",
        statement=STATEMENT, topics=TOPICS, from_name="The Compass Partnership")
    services.list_create(
        actor=manager, partnership=ctx.partnership, organisation=ctx.orgs["survivors"],
        name="Safer Homes practice notes", slug="safer-homes-practice",
        statement="Safer Homes Together will e-mail you practice notes. Only Safer Homes Together sees your "
                  "details.", topics=["Practice notes"])
    news.statements.update(created_at=_at(400))
    topic_ids = {t.name: t.pk for t in news.topics.all()}
    statement = news.current_statement()
    assert statement is not None  # the list was made with a statement above
    version = statement.version
    for i, (email, name, topics, how) in enumerate(SUBSCRIBERS):
        ids = [topic_ids[t] for t in topics]
        if how == "form":
            pk, _ = services._signup_record(mailing_list=news, email=email, name=name, topic_ids=ids,
                                            statement_version=version, ip=None)
            services.subscriber_confirm(subscriber=Subscriber.objects.get(pk=pk))
        elif how == "admin":
            services.subscriber_add(actor=manager, mailing_list=news, email=email, name=name, topic_ids=ids,
                                    basis="Signed the paper sign-up sheet at the Cardwen launch event.")
        else:
            services.subscribers_import(actor=manager, mailing_list=news, basis="Asked to join by e-mail to the "
                                        "partnership office; the e-mails are kept on file.",
                                        data=f"email,name,topics\n{email},{name},{';'.join(topics)}\n")
        joined = _at(200 - 20 * i)
        Subscriber.objects.filter(mailing_list=news, email=email).update(created_at=joined, requested_at=joined,
                                                                         confirmed_at=joined)
        ConsentRecord.objects.filter(mailing_list=news, email=email).update(created_at=joined)
    leaver = Subscriber.objects.get(mailing_list=news, email=LEAVER)
    services.subscriber_unsubscribe(subscriber=leaver)
    Subscriber.objects.filter(pk=leaver.pk).update(unsubscribed_at=_at(30))
    ConsentRecord.objects.filter(subscriber=leaver, action="unsubscribed").update(created_at=_at(30))

    # One campaign, sent before the leaver left: its deliveries are recorded as sent (no mail goes out).
    Subscriber.objects.filter(pk=leaver.pk).update(status="subscribed")
    campaign = sending.campaign_save(actor=manager, mailing_list=news, subject="Seven areas live: autumn news",
                                     body=CAMPAIGN)
    sending.queue_deliveries(campaign)
    Subscriber.objects.filter(pk=leaver.pk).update(status="unsubscribed")
    Delivery.objects.filter(campaign=campaign).update(status="sent", sent_at=_at(45))
    Campaign.objects.filter(pk=campaign.pk).update(status="sent", created_at=_at(47), started_at=_at(45),
                                                   finished_at=_at(45))
    ctx.extra["mailing_list"] = news
