"""A manager's path through the pages: create a list, share its form, compose a campaign with a
preview, and send it; bad input gives a clear message and saves nothing."""

import re
from html import unescape

from django.test import Client

from accord.mailing.models import Campaign, MailingList, Subscriber

from .conftest import subscribe


def test_a_manager_creates_a_list_and_gets_a_form_to_embed_that_works(world, smtp):
    manager = world.client("manager")
    p = world.partnership.pk
    response = manager.post(f"/p/{p}/lists/new/", {
        "name": "Practice notes", "slug": "", "owner": str(world.org_a.pk), "description": "Quarterly.",
        "statement": "We send practice notes. We never share your data.", "topics": "Housing\nCourts",
        "from_name": "", "reply_to": "", "is_open": "on"})
    mailing_list = MailingList.objects.get(slug="practice-notes")
    assert response.status_code == 302 and mailing_list.organisation == world.org_a
    assert [t.name for t in mailing_list.topics.all()] == ["Housing", "Courts"]
    page = manager.get(mailing_list.get_absolute_url()).content.decode()
    snippet = unescape(re.search(r'<textarea id="snippet"[^>]*>(.*?)</textarea>', page, re.S).group(1))
    assert 'action="http://testserver/lists/practice-notes/"' in snippet
    assert "We send practice notes. We never share your data." in snippet
    # the owner's own site posts the snippet's fields, with no CSRF token
    fields = dict(re.findall(r'name="(statement_version)" value="(\d+)"', snippet))
    outside = Client(enforce_csrf_checks=True)
    answer = outside.post("/lists/practice-notes/", {"email": "site@example.org", "agree": "on", **fields})
    assert answer.status_code == 200 and "Check your inbox" in answer.content.decode()
    assert len(smtp.to("site@example.org")) == 1


def test_changing_the_statement_makes_a_new_version(world, lists):
    manager = world.client("manager")
    url = f"/p/{world.partnership.pk}/lists/{lists.shared.pk}/edit/"
    manager.post(url, {"name": "Partnership news", "slug": "news", "statement": "Different words.",
                       "topics": "Research\nEvents", "is_open": "on"})
    assert [s.version for s in lists.shared.statements.all()] == [2, 1]
    assert "Different words." in Client().get("/lists/news/").content.decode()


def test_a_taken_web_address_is_refused(world, lists):
    response = world.client("manager").post(f"/p/{world.partnership.pk}/lists/new/", {
        "name": "Again", "slug": "news", "owner": "partnership", "statement": "x", "topics": "", "is_open": "on"})
    assert response.status_code == 200 and "already uses this web address" in response.content.decode()
    assert MailingList.objects.filter(slug="news").count() == 1


def test_compose_preview_and_send_from_the_pages(world, lists, smtp):
    subscribe(lists.shared, "reader@example.org", topics=["Research"])
    manager = world.client("manager")
    base = f"/p/{world.partnership.pk}/lists/{lists.shared.pk}/campaigns/"
    research = lists.shared.topics.get(name="Research").pk
    response = manager.post(base + "new/", {"subject": "Findings", "body": "# Results\n\nIt *worked*.",
                                            "topics": [research]})
    campaign = Campaign.objects.get()
    assert response["Location"] == campaign.get_absolute_url()
    page = manager.get(campaign.get_absolute_url()).content.decode()
    assert "<h1>Results</h1>" in page and "<em>worked</em>" in page  # the preview
    assert "1 confirmed subscriber" in page
    past = manager.post(campaign.get_absolute_url(), {"action": "send", "send_at": "2020-01-01T09:00"})
    assert past.status_code == 400 and "This time has passed" in past.content.decode()
    manager.post(campaign.get_absolute_url(), {"action": "send", "send_at": ""})
    campaign.refresh_from_db()
    assert campaign.status == "sent"
    assert "<h1>Results</h1>" in smtp.html(smtp.to("reader@example.org")[0])
    progress = manager.get(campaign.get_absolute_url()).content.decode()
    assert re.search(r"<dt>Sent</dt><dd>1</dd>", progress)


def test_sending_to_nobody_says_why_on_the_page(world, lists):
    manager = world.client("manager")
    campaign = Campaign.objects.create(mailing_list=lists.shared, subject="Empty", body="Hi")
    response = manager.post(campaign.get_absolute_url(), {"action": "send", "send_at": ""})
    assert response.status_code == 400 and "Nobody would receive" in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.status == "draft"


def test_a_manager_adds_someone_only_with_a_basis(world, lists):
    url = f"/p/{world.partnership.pk}/lists/{lists.shared.pk}/subscribers/add/"
    refused = world.client("manager").post(url, {"email": "paper@example.org", "basis": ""})
    assert refused.status_code == 200 and not Subscriber.objects.exists()
    world.client("manager").post(url, {"email": "paper@example.org", "basis": "Paper form, 3 May"})
    record = Subscriber.objects.get().consent_records.get()
    assert (record.method, record.basis) == ("admin", "Paper form, 3 May")
