"""The manager's list pages cost the same queries however many lists and campaigns there are."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.mailing.models import Campaign, MailingList


def _count(client, url):
    client.get(url)  # warm: what the header and session keep between requests is the same for both counts
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_lists_and_campaigns_pages_do_not_query_per_row(world):
    client = world.client("manager")
    p = world.partnership
    first = MailingList.objects.create(partnership=p, name="List 0", slug="list-0")
    few_lists = _count(client, f"/p/{p.pk}/lists/")
    for i in range(1, 5):
        MailingList.objects.create(partnership=p, name=f"List {i}", slug=f"list-{i}")
    assert _count(client, f"/p/{p.pk}/lists/") == few_lists

    Campaign.objects.create(mailing_list=first, subject="One", body="x")
    few_campaigns = _count(client, first.get_absolute_url())
    for i in range(4):
        Campaign.objects.create(mailing_list=first, subject=f"More {i}", body="x")
    assert _count(client, first.get_absolute_url()) == few_campaigns
