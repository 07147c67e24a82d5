"""Asking for access, granting (until a date), declining and revoking, with the refusals the issue
names: asking for what one can already see, and a grant by someone who is not the owner."""

import datetime as dt

import pytest
from django.utils import timezone

from accord.library.models import AccessEntry, AccessRequest

API = "/api/partnerships/{p}/library"


@pytest.fixture
def hidden(world, items):
    return items["named_c"]  # owned by A, for C only: B is outside its audience


def _ask(world, persona, item, reason="We run the same service in Northbridge."):
    return world.client(persona).post(f"{API.format(p=world.partnership.pk)}/items/{item.pk}/requests",
                                      {"reason": reason}, content_type="application/json")


def _decide(world, persona, req_id, **payload):
    return world.client(persona).post(f"{API.format(p=world.partnership.pk)}/requests/{req_id}/decision",
                                      {"grant": True, **payload}, content_type="application/json")


def test_the_catalogue_offers_hidden_items_to_ask_for(world, hidden):
    page = world.client("staff_b").get(f"/p/{world.partnership.pk}/library/").content.decode()
    assert "Only for Charlie" in page and f"/library/{hidden.pk}/ask/" in page
    assert world.client("staff_b").get(f"/p/{world.partnership.pk}/library/{hidden.pk}/ask/").status_code == 200
    askable = world.client("staff_b").get(f"{API.format(p=world.partnership.pk)}/askable").json()
    assert [i["title"] for i in askable] == ["Only for Charlie"]
    assert world.client("staff_a").get(f"{API.format(p=world.partnership.pk)}/askable").json() == []


def test_ask_grant_open_then_revoke_takes_effect_at_once(world, hidden):
    response = _ask(world, "staff_b", hidden)
    assert response.status_code == 201 and response.json()["status"] == "pending"
    req_id = response.json()["id"]
    assert world.client("staff_b").get(hidden.get_absolute_url()).status_code == 404

    until = timezone.localdate() + dt.timedelta(days=30)
    assert _decide(world, "leader_a", req_id, until=until.isoformat()).json()["status"] == "granted"
    client = world.client("leader_b")  # the grant is to the organisation: everyone at B
    client.post(hidden.get_absolute_url(), {"accept": "1"})
    assert client.get(hidden.get_absolute_url()).status_code == 200

    page = world.client("staff_a").post(f"/p/{world.partnership.pk}/library/requests/{req_id}/revoke/")
    assert page.status_code == 302
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert world.client("staff_b").get(f"{API.format(p=world.partnership.pk)}/items/{hidden.pk}").status_code == 404
    actions = list(AccessEntry.objects.filter(item=hidden).order_by("seq").values_list("action", flat=True))
    assert actions == ["terms", "grant", "view", "revoke"]


def test_a_grant_ends_after_its_date(world, hidden):
    req = AccessRequest.objects.get(pk=_ask(world, "staff_b", hidden).json()["id"])
    _decide(world, "staff_a", req.pk, until=timezone.localdate().isoformat())
    assert world.client("staff_b").get(hidden.get_absolute_url()).status_code == 200
    AccessRequest.objects.filter(pk=req.pk).update(until=timezone.localdate() - dt.timedelta(days=1))
    assert world.client("staff_b").get(hidden.get_absolute_url()).status_code == 404


def test_decline_leaves_the_item_closed_and_is_recorded(world, hidden):
    req_id = _ask(world, "staff_b", hidden).json()["id"]
    response = _decide(world, "manager", req_id, grant=False, note="Charlie's data only.")
    assert response.json()["status"] == "declined"
    assert world.client("staff_b").get(hidden.get_absolute_url()).status_code == 404
    assert AccessEntry.objects.filter(item=hidden, action="decline", data__to="Beta Trust").count() == 1


def test_asking_for_an_item_one_can_already_see_is_refused(world, items):
    count = AccessRequest.objects.count()
    response = _ask(world, "staff_b", items["everyone"])
    assert response.status_code == 422 and "already open this item" in str(response.json()["detail"])
    page = world.client("staff_b").get(f"/p/{world.partnership.pk}/library/{items['everyone'].pk}/ask/")
    assert page.status_code == 302
    assert AccessRequest.objects.count() == count


def test_a_grant_by_someone_who_is_not_the_owner_is_refused(world, hidden):
    req_id = _ask(world, "staff_b", hidden).json()["id"]
    entries = AccessEntry.objects.count()
    response = _decide(world, "leader_b", req_id)
    assert response.status_code == 403 and "Alpha Charity" in response.json()["detail"]
    page = world.client("leader_b").post(f"/p/{world.partnership.pk}/library/requests/{req_id}/decide/",
                                         {"decision": "grant"})
    assert page.status_code == 403
    assert AccessRequest.objects.get(pk=req_id).status == "pending" and AccessEntry.objects.count() == entries
    assert _decide(world, "funder", req_id).status_code == 403
    assert _decide(world, "outsider", req_id).status_code == 404


def test_a_grant_until_a_past_date_and_a_second_request_are_refused(world, hidden):
    req_id = _ask(world, "staff_b", hidden).json()["id"]
    again = _ask(world, "leader_b", hidden)
    assert again.status_code == 422 and "already asked" in str(again.json()["detail"])
    past = _decide(world, "staff_a", req_id, until=(timezone.localdate() - dt.timedelta(days=1)).isoformat())
    assert past.status_code == 422 and "in the past" in str(past.json()["detail"])
    assert AccessRequest.objects.get(pk=req_id).status == "pending"


def test_a_request_without_a_reason_is_refused(world, hidden):
    response = _ask(world, "staff_b", hidden, reason="  ")
    assert response.status_code == 422 and not AccessRequest.objects.exists()


def test_outsiders_and_funders_cannot_ask(world, hidden):
    assert _ask(world, "outsider", hidden).status_code == 404
    assert _ask(world, "funder", hidden).status_code == 403


def test_requests_page_shows_requests_to_the_owner_and_the_manager_only(world, hidden):
    _ask(world, "staff_b", hidden, reason="For our Midshire pilot.")
    url = f"/p/{world.partnership.pk}/library/requests/"
    for persona, sees in {"staff_a": True, "manager": True, "leader_b": False, "staff_b": False}.items():
        page = world.client(persona).get(url).content.decode()
        assert ("For our Midshire pilot." in page) == sees
    assert "Waiting for the owner" in world.client("leader_b").get(url).content.decode()  # B's own requests
    assert world.client("funder").get(url).status_code == 403
    # A and the manager may answer it; B may not
    assert "Send answer" in world.client("staff_a").get(url).content.decode()
    assert "Send answer" not in world.client("staff_b").get(url).content.decode()


def test_an_item_kept_out_of_the_catalogue_cannot_be_asked_for(world, hidden):
    from accord.library import services

    from .conftest import access_of

    services.terms_set(actor=world.users["staff_a"], access=access_of(world, "staff_a"), item=hidden,
                       terms={"audience": "named", "named_orgs": [world.org_c.pk], "discoverable": False})
    page = world.client("staff_b").get(f"/p/{world.partnership.pk}/library/").content.decode()
    assert "Only for Charlie" not in page
    assert _ask(world, "staff_b", hidden).status_code == 404
    assert world.client("staff_b").get(f"/p/{world.partnership.pk}/library/{hidden.pk}/ask/").status_code == 404
