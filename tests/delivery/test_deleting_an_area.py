"""An area added by mistake is deleted (asked first, undone for a while); one with a stage move or a funding
stream is not, with the reason; the page and the API agree, for the manager only."""

import datetime as dt

from accord.core import undo
from accord.core.models import AuditEntry
from accord.delivery import services
from accord.delivery.models import Area


def test_an_area_added_by_mistake_is_deleted_after_asking_and_undone(world, area):
    area.local_partners.add(world.org_b)
    client, p = world.client("manager"), world.partnership.pk
    assert f"/p/{p}/delivery/areas/{area.pk}/delete/" in client.get(area.get_absolute_url()).content.decode()
    assert "Delete the area</button>" in client.get(f"/p/{p}/delivery/areas/{area.pk}/delete/").content.decode()
    assert ">Undo</button>" in client.post(f"/p/{p}/delivery/areas/{area.pk}/delete/", follow=True).content.decode()
    assert not Area.objects.filter(pk=area.pk).exists()
    undo.undo(actor=world.users["manager"], entry=AuditEntry.objects.get(action="delivery.area.deleted"))
    assert list(Area.objects.get(pk=area.pk).local_partners.all()) == [world.org_b]


def test_an_area_with_a_stage_move_is_not_deleted(world, area):
    services.stage_move(actor=None, area=area, stage="mobilising", on=dt.date(2024, 2, 1))
    client, p = world.client("manager"), world.partnership.pk
    assert "1 stage move" in client.get(f"/p/{p}/delivery/areas/{area.pk}/delete/").content.decode()
    response = client.delete(f"/api/partnerships/{p}/areas/{area.pk}")
    assert response.status_code == 422 and "Withdraw its stage moves first" in response.json()["detail"]
    assert world.client("leader_a").delete(f"/api/partnerships/{p}/areas/{area.pk}").status_code == 403
    assert world.client("outsider").delete(f"/api/partnerships/{p}/areas/{area.pk}").status_code == 404
    assert Area.objects.filter(pk=area.pk).exists()
