"""The demo builds a partnership list with topics, subscribers who each have consent records, one who
left, and a sent campaign; it e-mails nobody."""

from django.core import mail

from accord.mailing.models import Campaign, ConsentRecord, MailingList
from tests.demo.snapshot import load_demo


def test_the_demo_has_a_list_with_subscribers_consent_and_a_sent_campaign(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    load_demo()
    news = MailingList.objects.get(slug="compass-news")
    assert news.organisation is None and news.topics.count() == 3
    statuses = sorted(news.subscribers.values_list("status", flat=True))
    assert statuses == ["subscribed"] * 5 + ["unsubscribed"]
    for subscriber in news.subscribers.all():
        assert subscriber.consent_records.exists()
    assert set(ConsentRecord.objects.filter(mailing_list=news).values_list("method", flat=True)) >= {
        "form", "email_link", "admin", "import"}
    campaign = Campaign.objects.get(mailing_list=news)
    assert campaign.status == "sent" and campaign.deliveries.filter(status="sent").count() == 6
    assert MailingList.objects.get(slug="safer-homes-practice").organisation.name == "Safer Homes Together"
    assert mail.outbox == []
