"""A draft campaign is edited or deleted (asked first, undone for a while) until it is scheduled or sent; a
subscriber import made by mistake is undone, removing exactly the subscribers it added and nobody who was on
the list before; pages and API alike, for the list's managers only."""

from accord.core import undo
from accord.core.models import AuditEntry
from accord.mailing import corrections, sending, services
from accord.mailing.models import Campaign, ConsentRecord, Subscriber

from .conftest import subscribe


def _draft(world, mailing_list):
    return sending.campaign_save(actor=world.users["manager"], mailing_list=mailing_list, subject="June news",
                                 body="Hello.")


def test_a_draft_is_edited_and_deleted_after_asking_and_undone(world, lists):
    campaign = _draft(world, lists.shared)
    client, p, lp = world.client("manager"), world.partnership.pk, lists.shared.pk
    response = client.patch(f"/api/partnerships/{p}/lists/{lp}/campaigns/{campaign.pk}", {"subject": "July news"},
                            content_type="application/json")
    assert response.status_code == 200 and Campaign.objects.get(pk=campaign.pk).subject == "July news"
    url = f"/p/{p}/lists/{lp}/campaigns/{campaign.pk}/delete/"
    assert url in client.get(campaign.get_absolute_url()).content.decode()
    assert "Delete the draft</button>" in client.get(url).content.decode()
    assert ">Undo</button>" in client.post(url, follow=True).content.decode()
    assert not Campaign.objects.filter(pk=campaign.pk).exists()
    undo.undo(actor=world.users["manager"], entry=AuditEntry.objects.get(action="mailing.campaign.deleted"))
    assert Campaign.objects.get(pk=campaign.pk).subject == "July news"


def test_a_campaign_being_sent_is_neither_edited_nor_deleted(world, lists):
    campaign = _draft(world, lists.shared)
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.SENDING)
    client, p, lp = world.client("manager"), world.partnership.pk, lists.shared.pk
    response = client.delete(f"/api/partnerships/{p}/lists/{lp}/campaigns/{campaign.pk}")
    assert response.status_code == 422 and "stays in the record" in response.json()["detail"]
    response = client.patch(f"/api/partnerships/{p}/lists/{lp}/campaigns/{campaign.pk}", {"subject": "X"},
                            content_type="application/json")
    assert response.status_code == 422
    assert "stays in the record" in client.get(f"/p/{p}/lists/{lp}/campaigns/{campaign.pk}/delete/").content.decode()
    client.post(f"/p/{p}/lists/{lp}/campaigns/{campaign.pk}/delete/")
    assert Campaign.objects.get(pk=campaign.pk).subject == "June news"


def test_only_the_lists_managers_delete_its_drafts(world, lists):
    campaign = _draft(world, lists.alpha)
    p, lp = world.partnership.pk, lists.alpha.pk
    assert lists.client(world, "manager_b").delete(
        f"/api/partnerships/{p}/lists/{lp}/campaigns/{campaign.pk}").status_code == 404
    assert world.client("leader_a").post(f"/p/{p}/lists/{lp}/campaigns/{campaign.pk}/delete/").status_code == 403
    assert Campaign.objects.filter(pk=campaign.pk).exists()


CSV = "email,name\nbefore@example.org,Already here\nnew1@example.org,New One\nnew2@example.org,New Two\n"


def test_undoing_an_import_removes_exactly_what_it_added(world, lists):
    before = subscribe(lists.shared, "before@example.org")
    outcome = services.subscribers_import(actor=world.users["manager"], mailing_list=lists.shared, data=CSV,
                                          basis="Sign-up sheet")
    assert outcome == {"added": 2, "already_on_list": 1}
    left = Subscriber.objects.get(mailing_list=lists.shared, email="new2@example.org")
    services.subscriber_unsubscribe(subscriber=left)  # their own choice: it stays
    client, p, lp = world.client("manager"), world.partnership.pk, lists.shared.pk
    entry = AuditEntry.objects.get(action="mailing.subscribers.imported")
    url = f"/p/{p}/lists/{lp}/imports/{entry.pk}/undo/"
    assert url in client.get(f"/p/{p}/lists/{lp}/import/").content.decode()
    assert "Undo the import</button>" in client.get(url).content.decode()
    client.post(url)
    emails = set(Subscriber.objects.filter(mailing_list=lists.shared).values_list("email", flat=True))
    assert emails == {"before@example.org", "new2@example.org"}
    assert Subscriber.objects.get(pk=before.pk).status == "subscribed"
    assert ConsentRecord.objects.filter(action="import_undone", email="new1@example.org").count() == 1
    again = client.post(f"/api/partnerships/{p}/lists/{lp}/imports/{entry.pk}/undo")
    assert again.status_code == 422 and "already been undone" in again.json()["detail"]


def test_an_import_is_undone_by_the_api_only_for_the_lists_managers(world, lists):
    services.subscribers_import(actor=world.users["manager"], mailing_list=lists.alpha, data=CSV, basis="Sheet")
    entry = AuditEntry.objects.get(action="mailing.subscribers.imported")
    p = world.partnership.pk
    assert lists.client(world, "manager_b").post(
        f"/api/partnerships/{p}/lists/{lists.alpha.pk}/imports/{entry.pk}/undo").status_code == 404
    assert world.client("manager").post(  # the entry of another list's import: not found here
        f"/api/partnerships/{p}/lists/{lists.shared.pk}/imports/{entry.pk}/undo").status_code == 404
    response = world.client("manager").post(f"/api/partnerships/{p}/lists/{lists.alpha.pk}/imports/{entry.pk}/undo")
    assert response.status_code == 200 and response.json() == {"removed": 3, "kept": 0}
    assert not lists.alpha.subscribers.exists()
    assert corrections.import_undone(entry) is not None
