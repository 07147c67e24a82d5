"""Personal data: download and erasure (by the person or a manager), suppression against re-import,
redaction rather than deletion of consent records and audit entries, CSV export and import."""

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accord.core.models import AuditEntry
from accord.lib.csvimport import ImportRejected
from accord.mailing import services
from accord.mailing.models import ConsentRecord, Subscriber, Suppression, email_hash

from .conftest import link, subscribe


def _prefs_path(lists, smtp, address):
    Client().post(f"/lists/{lists.shared.slug}/preferences/", {"email": address})
    return link(smtp.text(smtp.to(address)[-1]), "preferences")


def test_a_subscriber_downloads_their_data_as_json(lists, smtp):
    subscribe(lists.shared, "me@example.org", name="Me Myself", topics=["Research"])
    path = _prefs_path(lists, smtp, "me@example.org")
    response = Client().get(path + "data.json")
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert data["email"] == "me@example.org" and data["name"] == "Me Myself" and data["topics"] == ["Research"]
    assert data["consent_records"][0]["what"] == "added"
    assert data["consent_records"][0]["basis"] == "Signed the paper form at the test event."


def test_erasure_keeps_only_a_hash_and_redacts_records(lists, smtp):
    subscriber = subscribe(lists.shared, "gone@example.org", name="Gone Person")
    pk = subscriber.pk
    path = _prefs_path(lists, smtp, "gone@example.org")
    refused = Client().post(path, {"action": "erase"})
    assert refused.status_code == 400 and Subscriber.objects.filter(pk=pk).exists()
    done = Client().post(path, {"action": "erase", "confirm_erase": "yes"})
    assert "erased" in done.content.decode()
    assert not Subscriber.objects.filter(pk=pk).exists()
    assert Suppression.objects.filter(mailing_list=lists.shared, email_hash=email_hash("gone@example.org")).exists()
    records = ConsentRecord.objects.filter(mailing_list=lists.shared)
    assert records.count() == 2  # added, erased: kept
    assert all(r.redacted and r.email == "" and r.ip is None for r in records)
    assert not ConsentRecord.objects.filter(email__icontains="gone").exists()
    for entry in AuditEntry.objects.all():
        assert "gone@example.org" not in json.dumps(entry.data) + entry.object_repr
    assert Client().get(path).status_code == 404  # the old link no longer finds anyone


def test_an_erased_address_cannot_be_imported_or_added_again(lists, smtp):
    subscriber = subscribe(lists.shared, "erased@example.org")
    services.subscriber_erase(subscriber=subscriber, actor=None, method="admin")
    with pytest.raises(ImportRejected) as rejected:
        services.subscribers_import(actor=None, mailing_list=lists.shared, basis="Paper forms, May 2026",
                                    data="email\nfine@example.org\nErased@Example.org\n")
    assert "row 3" in str(rejected.value.errors[0]) and "erased" in str(rejected.value.errors[0])
    assert not Subscriber.objects.filter(email="fine@example.org").exists()  # all or nothing
    with pytest.raises(Exception, match="erased"):
        subscribe(lists.shared, "erased@example.org")


def test_import_requires_a_consent_basis_and_known_columns(lists):
    with pytest.raises(ImportRejected, match="consent basis"):
        services.subscribers_import(actor=None, mailing_list=lists.shared, data="email\na@example.org\n", basis=" ")
    with pytest.raises(ImportRejected, match="Unknown column"):
        services.subscribers_import(actor=None, mailing_list=lists.shared, basis="Forms",
                                    data="email,phone\na@example.org,0123\n")
    with pytest.raises(ImportRejected) as bad:
        services.subscribers_import(actor=None, mailing_list=lists.shared, basis="Forms",
                                    data="email,topics\na@example.org,Research\nnope,\nb@example.org,Gardening\n")
    assert [e.row for e in bad.value.errors] == [3, 4]
    assert not Subscriber.objects.exists()


def test_import_records_the_basis_and_leaves_existing_subscribers_alone(lists, world):
    subscribe(lists.shared, "already@example.org", name="Kept Name")
    manager = world.client("manager")
    upload = SimpleUploadedFile("people.csv", b"email,name,topics\nnew@example.org,New One,Research;Events\n"
                                              b"already@example.org,Other Name,\n")
    response = manager.post(f"/p/{world.partnership.pk}/lists/{lists.shared.pk}/import/",
                            {"file": upload, "basis": "Signed up at the conference stand, 2 May 2026"})
    assert response.status_code == 302
    new = Subscriber.objects.get(email="new@example.org")
    assert new.status == "subscribed" and new.topics.count() == 2
    record = new.consent_records.get()
    assert (record.action, record.method, record.basis) == ("imported", "import",
                                                            "Signed up at the conference stand, 2 May 2026")
    assert record.actor == world.users["manager"]
    assert Subscriber.objects.get(email="already@example.org").name == "Kept Name"


def test_import_page_shows_every_row_error_and_saves_nothing(lists, world):
    upload = SimpleUploadedFile("x.csv", b"email\nbad\n")
    response = world.client("manager").post(f"/p/{world.partnership.pk}/lists/{lists.shared.pk}/import/",
                                            {"file": upload, "basis": "Forms"})
    assert response.status_code == 400
    assert "Nothing was imported" in response.content.decode() and "row 2" in response.content.decode()


def test_export_holds_only_this_lists_subscribers(lists, world):
    subscribe(lists.shared, "shared@example.org", topics=["Events"])
    subscribe(lists.alpha, "alpha-only@example.org")
    subscribe(lists.beta, "beta-only@example.org")
    response = world.client("manager").get(f"/p/{world.partnership.pk}/lists/{lists.shared.pk}/export.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["E-mail address"] for r in rows] == ["shared@example.org"]
    assert rows[0]["Topics"] == "Events" and rows[0]["Status"] == "subscribed"


def test_a_manager_erases_on_request_from_the_subscriber_page(lists, world):
    subscriber = subscribe(lists.shared, "ask@example.org")
    url = f"/p/{world.partnership.pk}/lists/{lists.shared.pk}/subscribers/{subscriber.pk}/"
    manager = world.client("manager")
    data = json.loads(manager.get(url + "data.json").content)
    assert data["email"] == "ask@example.org"
    manager.post(url, {"action": "erase", "confirm_erase": "yes"})
    assert not Subscriber.objects.filter(email="ask@example.org").exists()
    assert ConsentRecord.objects.filter(action="erased", method="admin", actor=world.users["manager"]).exists()
