"""Removing someone's access asks first, refuses to leave no manager, and can be undone for a while."""

from accord.core.models import AuditEntry
from accord.partners.models import Role


def test_removing_access_asks_then_offers_undo(world):
    role = Role.objects.get(partnership=world.partnership, user=world.users["staff_b"])
    client, p = world.client("manager"), world.partnership.pk
    page = client.get(f"/p/{p}/team/{role.pk}/remove/").content.decode()
    assert "Remove their access" in page and Role.objects.filter(pk=role.pk).exists()
    response = client.post(f"/p/{p}/team/{role.pk}/remove/", follow=True)
    page = response.content.decode()
    assert response.status_code == 200 and response.redirect_chain[-1][0] == f"/accounts/p/{p}/team/"
    assert ">Undo</button>" in page and not Role.objects.filter(pk=role.pk).exists()
    entry = AuditEntry.objects.get(action="partners.role.removed")
    client.post(f"/p/{p}/undo/{entry.pk}/")
    assert Role.objects.get(pk=role.pk).role == Role.STAFF
    assert world.client("staff_b").get(f"/p/{p}/").status_code == 200


def test_the_last_manager_is_not_removed(world):
    role = Role.objects.get(partnership=world.partnership, user=world.users["manager"])
    client, p = world.client("manager"), world.partnership.pk
    assert "at least one manager" in client.get(f"/p/{p}/team/{role.pk}/remove/").content.decode()
    response = client.delete(f"/api/partnerships/{p}/roles/{role.pk}")
    assert response.status_code == 422 and "at least one manager" in response.json()["detail"]
    assert Role.objects.filter(pk=role.pk).exists()
