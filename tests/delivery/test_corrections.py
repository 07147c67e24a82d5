"""Correcting delivery: an area's latest stage move can be withdrawn (its current stage follows), a funding
stream deleted; each asks first, is audited and can be undone for a while; pages and API alike."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accord.core import undo
from accord.core.models import AuditEntry
from accord.delivery import corrections, services
from accord.delivery.models import Area, FundingStream, StageMove


@pytest.fixture
def area(world):
    a = services.area_save(actor=None, area=Area(partnership=world.partnership, name="Leeds"))
    services.stage_move(actor=None, area=a, stage="mobilising", on=dt.date(2024, 2, 1))
    services.stage_move(actor=None, area=a, stage="live", on=dt.date(2024, 3, 1))
    return a


@pytest.fixture
def stream(world):
    return services.funding_save(actor=None, stream=FundingStream(
        partnership=world.partnership, title="Core grant", funder=world.funder_org, amount=Decimal("50000"),
        start=dt.date(2024, 1, 1), end=dt.date(2025, 1, 1)), partners=[world.org_a])


def test_withdrawing_the_latest_move_brings_back_the_stage_before(world, area):
    latest = area.current_move()
    latest_pk = latest.pk
    entry = corrections.stage_move_delete(actor=world.users["manager"], move=latest)
    assert area.current_move().stage == "mobilising"
    assert entry.data["stage"] == ["live", "mobilising"]
    undo.undo(actor=world.users["manager"], entry=entry)
    assert area.current_move().pk == latest_pk and area.current_move().stage == "live"


def test_only_the_latest_move_is_withdrawn(world, area):
    first = area.moves.order_by("on").first()
    with pytest.raises(ValidationError, match="Only Leeds's latest stage move"):
        corrections.stage_move_delete(actor=None, move=first)
    assert area.moves.count() == 2


def test_undo_is_refused_once_another_move_is_recorded(world, area):
    manager = world.users["manager"]
    entry = corrections.stage_move_delete(actor=manager, move=area.current_move())
    services.stage_move(actor=None, area=area, stage="closed", on=dt.date(2024, 4, 1))
    with pytest.raises(ValidationError, match="another stage move recorded since"):
        undo.undo(actor=manager, entry=entry)
    assert list(area.moves.values_list("stage", flat=True)) == ["mobilising", "closed"]


def test_a_funding_stream_is_deleted_and_put_back_with_its_partners(world, stream):
    manager, pk = world.users["manager"], stream.pk
    entry = corrections.funding_delete(actor=manager, stream=stream)
    assert not FundingStream.objects.filter(pk=pk).exists() and entry.data["title"] == "Core grant"
    undo.undo(actor=manager, entry=entry)
    back = FundingStream.objects.get(pk=pk)
    assert back.amount == Decimal("50000") and list(back.partners.all()) == [world.org_a]


def test_the_pages_ask_then_act(world, area, stream):
    client, p = world.client("manager"), world.partnership.pk
    move = area.current_move()
    page = client.get(f"/p/{p}/delivery/areas/{area.pk}/moves/{move.pk}/delete/").content.decode()
    assert "Withdraw the move" in page and "mobilising again" in page
    first = area.moves.order_by("on").first()
    page = client.get(f"/p/{p}/delivery/areas/{area.pk}/moves/{first.pk}/delete/").content.decode()
    assert "latest stage move" in page and "Withdraw the move</button>" not in page
    page = client.post(f"/p/{p}/delivery/funding/{stream.pk}/delete/", follow=True).content.decode()
    assert "is deleted" in page and ">Undo</button>" in page
    assert not FundingStream.objects.filter(pk=stream.pk).exists()
    assert world.client("leader_a").post(f"/p/{p}/delivery/areas/{area.pk}/moves/{move.pk}/delete/").status_code == 403
    assert StageMove.objects.filter(pk=move.pk).exists()


def test_the_api_deletes_refuses_and_undoes(world, area, stream):
    client, base = world.client("manager"), f"/api/partnerships/{world.partnership.pk}"
    first = area.moves.order_by("on").first()
    response = client.delete(f"{base}/areas/{area.pk}/moves/{first.pk}")
    assert response.status_code == 422 and "latest stage move" in response.json()["detail"]
    response = client.delete(f"{base}/funding-streams/{stream.pk}")
    assert response.status_code == 200
    assert client.post(f"{base}/undo/{response.json()['entry_id']}").status_code == 200
    assert FundingStream.objects.filter(pk=stream.pk).exists()
    assert AuditEntry.objects.filter(action="delivery.funding.restored").count() == 1
