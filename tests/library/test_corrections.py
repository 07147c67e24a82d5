"""Correcting the library: an item withdrawn by mistake is shared again by its owner (recorded in the access
record), and revoking a grant asks first; pages and API alike."""

from accord.core.models import AuditEntry
from accord.library import corrections, services
from accord.library.models import AccessEntry, AccessRequest

from .conftest import access_of, share


def test_a_withdrawn_item_is_shared_again_by_its_owner_only(world):
    item = share(world)
    services.item_withdraw(actor=world.users["staff_a"], access=access_of(world, "staff_a"), item=item)
    client, p = world.client("leader_b"), world.partnership.pk
    assert client.post(f"/api/partnerships/{p}/library/items/{item.pk}/reinstate").status_code in (403, 404)
    item.refresh_from_db()
    assert item.is_withdrawn
    response = world.client("staff_a").post(f"/api/partnerships/{p}/library/items/{item.pk}/reinstate")
    assert response.status_code == 200 and response.json()["withdrawn"] is False
    assert AccessEntry.objects.filter(item=item, action="reinstate").count() == 1
    assert AuditEntry.objects.filter(action="library.item.reinstated").count() == 1
    response = world.client("staff_a").post(f"/api/partnerships/{p}/library/items/{item.pk}/reinstate")
    assert response.status_code == 422 and "not withdrawn" in response.json()["detail"]


def test_the_reinstate_page_asks_first(world):
    item = share(world)
    services.item_withdraw(actor=world.users["staff_a"], access=access_of(world, "staff_a"), item=item)
    client, url = world.client("staff_a"), f"/p/{world.partnership.pk}/library/{item.pk}/reinstate/"
    assert "Share it again" in client.get(url).content.decode()
    item.refresh_from_db()
    assert item.is_withdrawn
    client.post(url)
    item.refresh_from_db()
    assert not item.is_withdrawn


def test_revoking_a_grant_asks_first(world, items):
    item = items["named_c"]  # org B is outside its audience, so asks
    req = services.request_create(actor=world.users["staff_b"], access=access_of(world, "staff_b"), item=item,
                                  reason="For our training.")
    services.request_decide(actor=world.users["staff_a"], access=access_of(world, "staff_a"), request=req, grant=True)
    client, url = world.client("staff_a"), f"/p/{world.partnership.pk}/library/requests/{req.pk}/revoke/"
    page = client.get(url).content.decode()
    assert "Revoke access" in page and "can no longer open" in page
    assert AccessRequest.objects.get(pk=req.pk).status == AccessRequest.Status.GRANTED
    client.post(url)
    assert AccessRequest.objects.get(pk=req.pk).status == AccessRequest.Status.REVOKED


def test_the_service_refuses_someone_else(world):
    import pytest
    from django.core.exceptions import PermissionDenied

    item = share(world)
    services.item_withdraw(actor=world.users["staff_a"], access=access_of(world, "staff_a"), item=item)
    with pytest.raises(PermissionDenied):
        corrections.item_reinstate(actor=world.users["staff_b"], access=access_of(world, "staff_b"), item=item)


def _declined(world, items):
    item = items["named_c"]  # org B is outside its audience, so asks
    req = services.request_create(actor=world.users["staff_b"], access=access_of(world, "staff_b"), item=item,
                                  reason="For our training.")
    services.request_decide(actor=world.users["staff_a"], access=access_of(world, "staff_a"), request=req,
                            grant=False)
    return item, req


def test_a_refusal_is_reconsidered_by_the_owner_and_recorded(world, items):
    from accord.library import rules

    item, req = _declined(world, items)
    client, p = world.client("staff_a"), world.partnership.pk
    assert f"/library/requests/{req.pk}/reconsider/" in client.get(f"/p/{p}/library/requests/").content.decode()
    assert "Grant access" in client.get(f"/p/{p}/library/requests/{req.pk}/reconsider/").content.decode()
    client.post(f"/p/{p}/library/requests/{req.pk}/reconsider/", {"note": "Sorry, yes."})
    assert AccessRequest.objects.get(pk=req.pk).status == AccessRequest.Status.GRANTED
    assert rules.can_read(access_of(world, "staff_b"), item)
    grant = AccessEntry.objects.filter(item=item, action="grant").latest("pk")
    assert grant.data["reconsidered"] == "declined"
    assert AuditEntry.objects.filter(action="library.access.reconsidered").count() == 1
    again = client.post(f"/api/partnerships/{p}/library/requests/{req.pk}/reconsider", {},
                        content_type="application/json")
    assert again.status_code == 422 and "only a declined request" in again.json()["detail"]


def test_only_the_owner_or_the_manager_reconsiders(world, items):
    _, req = _declined(world, items)
    p = world.partnership.pk
    response = world.client("staff_b").post(f"/api/partnerships/{p}/library/requests/{req.pk}/reconsider", {},
                                            content_type="application/json")
    assert response.status_code == 403
    assert AccessRequest.objects.get(pk=req.pk).status == AccessRequest.Status.DECLINED
    response = world.client("manager").post(f"/api/partnerships/{p}/library/requests/{req.pk}/reconsider",
                                            {"until": "2000-01-01"}, content_type="application/json")
    assert response.status_code == 422
    response = world.client("manager").post(f"/api/partnerships/{p}/library/requests/{req.pk}/reconsider", {},
                                            content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "granted"
