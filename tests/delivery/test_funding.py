"""Funding streams: amounts above zero, end after start, and the summaries on the partnership page."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accord.delivery import selectors, services
from accord.delivery.models import FundingStream


def _stream(world, **kw):
    fields = {"title": "Core grant", "funder": world.funder_org, "amount": Decimal("120000"), "currency": "GBP",
              "start": dt.date(2024, 1, 1), "end": dt.date(2026, 1, 1)} | kw
    return FundingStream(partnership=world.partnership, **fields)


@pytest.mark.parametrize("bad,message", [
    ({"amount": Decimal("-5")}, "more than zero"),
    ({"amount": Decimal("0")}, "more than zero"),
    ({"end": dt.date(2023, 12, 31)}, "end date must be after the start"),
    ({"currency": "pounds"}, "three-letter"),
])
def test_bad_streams_are_refused_and_nothing_is_saved(world, bad, message):
    with pytest.raises(ValidationError, match=message):
        services.funding_save(actor=world.users["manager"], stream=_stream(world, **bad))
    assert not FundingStream.objects.exists()


def test_the_api_refuses_a_negative_amount_with_the_same_message(world):
    response = world.client("manager").post(f"/api/partnerships/{world.partnership.pk}/funding-streams", {
        "title": "Bad", "funder_org_id": world.funder_org.pk, "amount": "-100", "start": "2024-01-01",
        "end": "2025-01-01"}, content_type="application/json")
    assert response.status_code == 422 and "more than zero" in str(response.json()["detail"])
    assert not FundingStream.objects.exists()


def test_funding_by_partner_by_year_and_ending_soon(world):
    m = world.users["manager"]
    today = dt.date(2026, 11, 25)
    services.funding_save(actor=m, stream=_stream(world, start=dt.date(2024, 1, 1), end=dt.date(2026, 1, 1)),
                          partners=[world.org_a, world.org_b])
    services.funding_save(actor=m, stream=_stream(world, title="Ending soon", amount=Decimal("10000"),
                                                  start=dt.date(2025, 3, 1), end=dt.date(2027, 3, 1)),
                          partners=[world.org_b])
    services.funding_save(actor=m, stream=_stream(world, title="Long", amount=Decimal("5000"),
                                                  start=dt.date(2025, 3, 1), end=dt.date(2028, 3, 1)))
    s = selectors.funding_summary(world.partnership, today=today)
    by_partner = {r["partner"]: r["amount"] for r in s["by_partner"]}
    assert by_partner == {"Alpha Charity": 60000, "Beta Trust": 70000, "Not assigned to a partner": 5000}
    by_year = {r["year"]: r["amount"] for r in s["by_year"]}
    assert by_year[2024] == pytest.approx(60082, abs=2)  # 366 of 731 days of the first stream
    assert sum(by_year.values()) == pytest.approx(135000, abs=3)
    assert [x.title for x in s["ending_soon"]] == ["Ending soon"]


def test_the_partnership_home_shows_funding(world):
    services.funding_save(actor=world.users["manager"], stream=_stream(world), partners=[world.org_a])
    page = world.client("funder").get(f"/p/{world.partnership.pk}/").content.decode()
    assert "By partner" in page and "By year" in page and "Ending in the next six months" in page
    assert selectors.funding_streams(world.partnership)[0]["partner_org_ids"] == [world.org_a.pk]


def test_another_partnerships_organisation_cannot_be_named_as_funder(world):
    with pytest.raises(ValidationError, match="Choose a funder"):
        services.funding_save(actor=world.users["manager"], stream=_stream(world, funder=world.other_org))
    page = world.client("manager").get(f"/p/{world.partnership.pk}/delivery/funding/new/").content.decode()
    assert "Gamma Fund" in page and "Delta Org" not in page


def test_the_api_does_not_describe_another_partnerships_organisation(world):
    response = world.client("manager").post(f"/api/partnerships/{world.partnership.pk}/funding-streams", {
        "title": "S", "funder_org_id": world.funder_org.pk, "amount": "100", "start": "2025-01-01",
        "end": "2026-01-01", "partner_org_ids": [world.other_org.pk]}, content_type="application/json")
    assert response.status_code == 422 and "Delta Org" not in response.content.decode()
    assert not FundingStream.objects.exists()


def test_updating_a_stream_through_the_api_keeps_the_rules(world):
    stream = services.funding_save(actor=world.users["manager"], stream=_stream(world))
    url = f"/api/partnerships/{world.partnership.pk}/funding-streams/{stream.pk}"
    client = world.client("manager")
    bad = client.patch(url, {"end": "2023-01-01"}, content_type="application/json")
    assert bad.status_code == 422 and "end date must be after the start" in str(bad.json()["detail"])
    stream.refresh_from_db()
    assert stream.end == dt.date(2026, 1, 1)
    ok = client.patch(url, {"amount": "99000", "partner_org_ids": [world.org_b.pk]}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["amount"] == "99000.00" and ok.json()["partner_org_ids"] == [world.org_b.pk]
