"""Funders see the partnerships they fund as aggregates: index, components, trend, open warnings,
delivery against targets; never survey answers, confidential results, library content or people."""

import csv
import datetime as dt
import io

from django.utils import timezone

from accord.health import services
from accord.health.models import HealthSnapshot
from accord.partners.models import Partnership, Role

from .conftest import TODAY, full, wave


def _portfolio(world, fake, extra=0):
    full(fake, world)
    services.snapshot_take(partnership=world.partnership, as_of=dt.date(2026, 5, 31))
    services.snapshot_take(partnership=world.partnership, as_of=TODAY)
    made = []
    for i in range(extra):
        p = Partnership.objects.create(name=f"Funded {i:02d}", purpose="x", start_date=dt.date(2024, 1, 1))
        Role.objects.create(partnership=p, user=world.users["funder"], role=Role.FUNDER)
        for month, score in ((dt.date(2026, 5, 1), 90.0), (dt.date(2026, 6, 1), 95.0)):
            HealthSnapshot.objects.create(partnership=p, month=month, computed_at=timezone.now(), overall=score,
                                          scores={"stability": score}, weights={"stability": 1.0})
        services.current_refresh([p.pk])
        made.append(p)
    return made


def test_the_funder_sees_aggregates_of_what_they_fund(world, fake):
    _portfolio(world, fake, extra=1)
    services.evaluate(world.partnership, TODAY)
    page = world.client("funder").get("/funders/").content.decode()
    assert "Test partnership" in page and "Funded 00" in page and "Other partnership" not in page
    assert "Wave 2" not in page and "/trust/waves/" not in page and "/meetings/" not in page
    assert "Leader B" not in page and "Beta Trust" not in page  # no names of people or partner detail


def test_someone_who_funds_nothing_sees_none(world):
    page = world.client("manager").get("/funders/").content.decode()
    assert "not a funder of any partnership" in page
    assert world.client("anonymous").get("/funders/").status_code == 302


def test_a_confidential_trust_result_is_withheld_from_funders(world, fake):
    full(fake, world)
    fake.waves[-1] = wave(2, dt.date(2026, 1, 10), 60.0, confidential=True)
    services.snapshot_take(partnership=world.partnership, as_of=TODAY)
    page = world.client("funder").get("/funders/").content.decode()
    assert "withheld" in page
    rows = list(csv.reader(io.StringIO(world.client("funder").get("/funders/?format=csv").content.decode())))
    assert rows[1][rows[0].index("Trust")] == "withheld"
    api = world.client("funder").get(f"/api/partnerships/{world.partnership.pk}/health/snapshots").json()
    trust = next(c for c in api[-1]["components"] if c["key"] == "trust")
    assert trust["score"] is None and trust["inputs"] == {} and trust["evidence"] == []
    # senior leaders see it; partner staff, who may not see confidential results, do not
    api = world.client("leader_a").get(f"/api/partnerships/{world.partnership.pk}/health/snapshots").json()
    assert next(c for c in api[-1]["components"] if c["key"] == "trust")["score"] == 55.0
    api = world.client("staff_a").get(f"/api/partnerships/{world.partnership.pk}/health/snapshots").json()
    assert next(c for c in api[-1]["components"] if c["key"] == "trust")["score"] is None
    page = world.client("staff_a").get(f"/p/{world.partnership.pk}/health/").content.decode()
    assert "Trust: withheld" in page and "Latest wave 60%" not in page
    page = world.client("funder").get(f"/p/{world.partnership.pk}/health/").content.decode()
    assert "Trust: withheld" in page and "/trust/waves/" not in page
    page = world.client("leader_a").get(f"/p/{world.partnership.pk}/health/").content.decode()
    assert "Trust: 55 of 100" in page and "/p/1/trust/waves/2/" in page


def test_sort_filter_and_csv(world, fake):
    made = _portfolio(world, fake, extra=2)
    client = world.client("funder")
    # the others have only stability (95); the test partnership is lower
    page = client.get("/funders/?sort=overall").content.decode()
    assert page.index("Test partnership") < page.index("Funded 00")
    page = client.get("/funders/?sort=-overall").content.decode()
    assert page.index("Funded 00") < page.index("Test partnership")
    page = client.get("/funders/?q=funded").content.decode()
    assert "Test partnership" not in page and "Funded 01" in page
    page = client.get("/funders/?below=90").content.decode()
    assert "Test partnership" in page and "Funded 01" not in page
    assert "must be a number" in client.get("/funders/?below=lots").content.decode()
    response = client.get("/funders/?sort=name&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Partnership", "Month", "Index"]
    assert [r[0] for r in rows[1:]] == ["Funded 00", "Funded 01", "Test partnership"]
    test_row = rows[3]
    assert test_row[rows[0].index("Areas live")] == "4" and test_row[rows[0].index("Areas in the ambition")] == "10"
    assert len(made) == 2


def test_query_count_does_not_grow_with_partnerships(world, fake, django_assert_max_num_queries):
    _portfolio(world, fake, extra=12)
    client = world.client("funder")
    with django_assert_max_num_queries(10):
        assert client.get("/funders/").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/api/funders/portfolio").status_code == 200


def test_the_api_portfolio(world, fake):
    _portfolio(world, fake, extra=1)
    rows = world.client("funder").get("/api/funders/portfolio?sort=-overall").json()
    assert [r["name"] for r in rows] == ["Funded 00", "Test partnership"]
    assert rows[0]["overall"] == 95.0 and rows[0]["trend"] == 5.0
    assert set(rows[1]) >= {"overall", "trend", "scores", "open_warnings", "live_now", "target_live"}
    assert world.client("manager").get("/api/funders/portfolio").json() == []
    assert world.client("anonymous").get("/api/funders/portfolio").status_code == 401


def test_a_long_portfolio_is_paged_and_the_csv_has_every_row(world, fake, monkeypatch):
    from accord.health import views

    monkeypatch.setattr(views, "PER_PAGE", 5)
    _portfolio(world, fake, extra=7)
    client = world.client("funder")
    first = client.get("/funders/?sort=name").content.decode()
    assert "Funded 04" in first and "Funded 05" not in first and "page 1 of 2" in first
    second = client.get("/funders/?sort=name&page=2").content.decode()
    assert "Funded 05" in second and "Test partnership" in second
    assert client.get("/funders/?format=csv").content.decode().count("\n") == 9


def test_a_withheld_trust_score_is_not_revealed_by_the_drivers(world, fake):
    full(fake, world)
    services.snapshot_take(partnership=world.partnership, as_of=dt.date(2026, 5, 31))
    fake.waves.append(wave(3, dt.date(2026, 6, 1), 40.0, confidential=True))
    services.snapshot_take(partnership=world.partnership, as_of=TODAY)
    leader = world.client("leader_a").get(f"/p/{world.partnership.pk}/health/").content.decode()
    assert "55 → 30" in leader
    for persona in ("staff_a", "funder"):
        page = world.client(persona).get(f"/p/{world.partnership.pk}/health/").content.decode()
        assert "55 → 30" not in page and "withheld (a confidential survey wave)" in page
        api = world.client(persona).get(f"/api/partnerships/{world.partnership.pk}/health/snapshots").json()
        trust = next(d for d in api[-1]["drivers"] if d["key"] == "trust")
        assert trust["before"] is None and trust["after"] is None and trust["note"] == "withheld"
