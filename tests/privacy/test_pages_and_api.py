"""Subject access and erasure from the pages and the API, within the access policy; a person's own
copy and closing their own account (with reauthentication)."""

import io
import json
import time
import zipfile

import pytest
from django.utils import timezone

from accord.accounts import reauth
from accord.privacy.models import Erasure, SubjectAccess


@pytest.fixture
def run_now(django_capture_on_commit_callbacks):
    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)
    return run


def _zip(response):
    body = b"".join(response.streaming_content)
    return zipfile.ZipFile(io.BytesIO(body))


def test_the_page_is_the_managers(world):
    url = f"/p/{world.partnership.pk}/privacy/"
    response = world.client("manager").get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Record of processing" in body and "partners.Person" in body and "What will be removed next" in body
    assert world.client("leader_a").get(url).status_code == 403
    assert world.client("staff_a").get(url).status_code == 403
    assert world.client("outsider").get(url).status_code == 404


def test_manager_asks_for_a_copy_and_only_they_can_download_it(world, run_now):
    manager = world.client("manager")
    email = world.people["staff_a"].email
    response = run_now(manager.post, f"/p/{world.partnership.pk}/privacy/", {"action": "access", "email": email})
    row = SubjectAccess.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/p/{world.partnership.pk}/privacy/access/{row.pk}/"
    row.refresh_from_db()
    assert row.status == "ready" and row.expires_at > timezone.now()
    page = manager.get(response["Location"])
    assert "Download the ZIP" in page.content.decode()
    download = manager.get(f"/p/{world.partnership.pk}/privacy/access/{row.pk}/download/")
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    with _zip(download) as zf:
        data = json.loads(zf.read("everything.json"))
        assert {r["id"] for r in data["records"]["partners.Person"]} == {world.people["staff_a"].pk}
        assert any(n.startswith("csv/") for n in zf.namelist()) and "summary.html" in zf.namelist()
    # nobody else, not even another manager of the partnership or the person themselves
    for persona in ("leader_a", "staff_a", "outsider"):
        assert world.client(persona).get(f"/p/{world.partnership.pk}/privacy/access/{row.pk}/download/").status_code \
            in (403, 404)
    # and not after it expires
    SubjectAccess.objects.filter(pk=row.pk).update(expires_at=timezone.now())
    assert manager.get(f"/p/{world.partnership.pk}/privacy/access/{row.pk}/download/").status_code == 404


def test_an_address_nobody_has_is_a_clear_message(world):
    response = world.client("manager").post(f"/p/{world.partnership.pk}/privacy/",
                                            {"action": "access", "email": "nobody@nowhere.example"})
    assert response.status_code == 200 and "Nobody with this e-mail address" in response.content.decode()
    response = world.client("manager").post(f"/p/{world.partnership.pk}/privacy/", {"action": "access", "email": "x"})
    assert "This is not an e-mail address" in response.content.decode()
    assert not SubjectAccess.objects.exists()


def test_csv_in_the_copy_is_formula_safe(world, run_now):
    from accord.partners.models import Person

    Person.objects.filter(pk=world.people["staff_a"].pk).update(job_title="=HYPERLINK(\"http://x\")")
    row = run_now(__import__("accord.privacy.services", fromlist=["x"]).export_request, actor=world.users["manager"],
                  partnership=world.partnership, email=world.people["staff_a"].email)
    row.refresh_from_db()
    with row.file.open("rb") as fh, zipfile.ZipFile(io.BytesIO(fh.read())) as zf:
        text = zf.read("csv/partners-person.csv").decode()
    assert "'=HYPERLINK" in text


def test_erasure_from_the_page_needs_a_reason_and_a_tick(world):
    manager = world.client("manager")
    url = f"/p/{world.partnership.pk}/privacy/"
    email = world.people["staff_a"].email
    response = manager.post(url, {"action": "erase", "erase-email": email, "erase-reason": ""})
    assert response.status_code == 200 and "Tick the box" in response.content.decode()
    assert not Erasure.objects.exists()
    response = manager.post(url, {"action": "erase", "erase-email": email, "erase-reason": "asked on 3 May",
                                  "erase-confirm": "on"})
    assert response.status_code == 302
    record = Erasure.objects.get()
    assert record.partnership == world.partnership and record.actor == world.users["manager"]
    world.people["staff_a"].refresh_from_db()
    assert world.people["staff_a"].name.startswith("Former member") and world.people["staff_a"].email == ""
    assert "asked on 3 May" in manager.get(url).content.decode()


def test_api_request_status_download_and_erase(world, run_now):
    from django.test import Client

    from accord.accounts.models import ApiToken

    token = ApiToken.issue(world.users["manager"], "t")[1]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    base = f"/api/partnerships/{world.partnership.pk}/privacy"
    email = world.people["staff_b"].email
    response = run_now(api.post, f"{base}/access", {"email": email}, content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    status = api.get(f"{base}/access/{body['id']}").json()
    assert status["status"] == "ready" and status["download_url"] == f"{base}/access/{body['id']}/download"
    assert api.get(status["download_url"]).status_code == 200
    staff = Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(world.users['staff_a'], 't')[1]}")
    assert staff.get(f"{base}/access/{body['id']}").status_code in (403, 404)
    assert api.post(f"{base}/access", {"email": "nobody@x.example"}, content_type="application/json").status_code == 422
    response = api.post(f"{base}/erasures", {"email": email, "reason": "asked"}, content_type="application/json")
    assert response.status_code == 201 and response.json()["counts"]["partners.Person"] == 1
    assert staff.post(f"{base}/erasures", {"email": email, "reason": "x"},
                      content_type="application/json").status_code == 403


def test_a_person_downloads_their_own_from_their_account(world, run_now):
    client = world.client("leader_a")
    assert "Download everything Accord holds about you" in client.get("/accounts/").content.decode()
    response = run_now(client.post, "/accounts/my-data/")
    row = SubjectAccess.objects.get(requested_by=world.users["leader_a"])
    assert response.status_code == 302 and row.scope == "self"
    download = client.get(f"/accounts/my-data/{row.pk}/download/")
    with _zip(download) as zf:
        data = json.loads(zf.read("everything.json"))
    assert data["records"]["accounts.User"][0]["email"] == world.users["leader_a"].email
    assert world.client("manager").get(f"/accounts/my-data/{row.pk}/download/").status_code == 404


def test_closing_ones_account_needs_reauthentication_then_erases_it(world):
    from accord.accounts.models import User

    client = world.client("staff_a")
    session = client.session
    session[reauth.SESSION_KEY] = time.time() - 10 * 3600
    session.save()
    response = client.post("/accounts/close/", {"confirm": "on"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/confirm/")
    assert User.objects.filter(pk=world.users["staff_a"].pk).exists()
    session = client.session
    session[reauth.SESSION_KEY] = time.time()
    session.save()
    response = client.post("/accounts/close/", {"confirm": "on", "reason": "moving on"})
    assert response.status_code == 200 and "Your account is closed" in response.content.decode()
    assert not User.objects.filter(pk=world.users["staff_a"].pk).exists()
    world.people["staff_a"].refresh_from_db()
    assert world.people["staff_a"].name.startswith("Former member") and world.people["staff_a"].user is None
    record = Erasure.objects.get()
    assert record.scope == "self" and record.actor is None and record.actor_label == "the person themselves"
    assert client.get("/accounts/").status_code == 302  # signed out


def test_a_site_administrator_works_on_the_whole_site(world, run_now):
    from accord.accounts.models import User

    admin = User.objects.create_superuser("root@site.example", "pw-root-1234")
    from django.test import Client

    client = Client()
    client.force_login(admin)
    assert client.get("/privacy/site/").status_code == 200
    response = run_now(client.post, "/privacy/site/", {"action": "access", "email": world.users["leader_a"].email})
    row = SubjectAccess.objects.get(requested_by=admin)
    assert response.status_code == 302 and row.scope == "site" and row.partnership is None
    with _zip(client.get(f"/accounts/my-data/{row.pk}/download/")) as zf:
        records = json.loads(zf.read("everything.json"))["records"]
    assert "accounts.User" in records and "partners.Role" in records


def test_api_the_record_of_processing_and_what_retention_removes_next(world):
    from django.test import Client

    from accord.accounts.models import ApiToken

    base = f"/api/partnerships/{world.partnership.pk}/privacy"
    manager = Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(world.users['manager'], 't')[1]}")
    body = manager.get(base).json()
    records = {r["record"]: r for r in body["record_of_processing"]}
    assert records["partners.Person"]["lawful_basis"] == "legitimate interests" and records["partners.Person"]["kept"]
    assert {u["key"] for u in body["removed_next"]} >= {"people-who-left", "invitations", "notices", "audit"}
    assert body["erasures"] == []
    for persona, code in (("leader_a", 403), ("staff_a", 403), ("outsider", 404)):
        other = Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(world.users[persona], 't')[1]}")
        assert other.get(base).status_code == code


def test_api_a_site_administrator_works_on_the_whole_site(world, run_now):
    from django.test import Client

    from accord.accounts.models import ApiToken, User

    admin = User.objects.create_superuser("root@site.example", "pw-root-1234")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(admin, 't')[1]}")
    manager = Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(world.users['manager'], 't')[1]}")
    email = world.users["leader_a"].email
    response = run_now(api.post, "/api/privacy/access", {"email": email}, content_type="application/json")
    assert response.status_code == 201, response.content
    status = api.get(f"/api/privacy/access/{response.json()['id']}").json()
    assert status["scope"] == "site" and status["download_url"] == f"/api/privacy/access/{status['id']}/download"
    with _zip(api.get(status["download_url"])) as zf:
        records = json.loads(zf.read("everything.json"))["records"]
    assert "accounts.User" in records and "partners.Role" in records
    # to anyone else the site's operations do not exist, as the page
    assert manager.get("/api/privacy").status_code == 404
    assert manager.get(f"/api/privacy/access/{status['id']}").status_code == 404
    assert manager.post("/api/privacy/erasures", {"email": email, "reason": "x"},
                        content_type="application/json").status_code == 404
    assert User.objects.filter(email=email).exists()
    response = api.post("/api/privacy/erasures", {"email": email, "reason": "asked on 3 May"},
                        content_type="application/json")
    assert response.status_code == 201 and response.json()["counts"]["accounts.User"] == 1
    assert not User.objects.filter(email=email).exists()
    assert api.get("/api/privacy").json()["erasures"][0]["reference"] == response.json()["reference"]


def test_the_copy_in_preparation_shows_its_progress_without_reloading_the_page(world):
    row = SubjectAccess.objects.create(requested_by=world.users["manager"], partnership=world.partnership,
                                       email=world.people["staff_a"].email, scope="partnership", status="running",
                                       done=3, total=12)
    page = world.client("manager").get(f"/p/{world.partnership.pk}/privacy/access/{row.pk}/").content.decode()
    assert 'http-equiv="refresh"' not in page  # WCAG 2.2.1: the page fetches its progress (core/progress.js)
    assert "core/progress.js" in page and 'data-working="yes"' in page and "25%" in page
    assert "Check progress" in page and 'role="status"' in page
