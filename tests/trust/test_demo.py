"""The demo's trust story: quarterly waves in which trust in Change Path dips after its leader
leaves and then recovers, visible on the pages."""

import time

from django.test import Client
from django.utils import timezone

from accord.demo import partnership as demo
from accord.demo import trust as demo_trust
from accord.demo.context import LEADER_CHANGE
from accord.trust import selectors
from accord.trust.models import Response, Wave


def test_demo_waves_show_the_dip_and_the_recovery(db):
    ctx = demo.build()
    started = time.perf_counter()
    demo_trust.build(ctx)
    elapsed = time.perf_counter() - started
    assert elapsed < 20  # generous: the point is that it stays a few seconds, not minutes
    waves = selectors.wave_summaries(ctx.partnership)
    assert len(waves) == 12
    assert sum(w["confidential"] for w in waves) == 1
    cp = ctx.orgs["perpetrators"].pk
    series = [(w["closed_on"], selectors.trust_received_by_org(ctx.partnership, w["id"]).get(cp))
              for w in waves if not w["confidential"]]
    before = [v for d, v in series if d < LEADER_CHANGE]
    first_after = next(v for d, v in series if d > LEADER_CHANGE)
    last = series[-1][1]
    assert first_after < min(before) - 0.4
    assert last > first_after + 0.4
    client = Client()
    client.force_login(ctx.users["leader_survivors"])
    after_wave = next(w for w in waves if w["closed_on"] > LEADER_CHANGE)
    page = client.get(after_wave["url"]).content.decode()
    assert "Trust in Change Path’s reliability fell" in page
    # the wave after the confidential one compares with the named wave before it, and says so
    winter = next(w for w in waves if w["name"] == "Winter 2024")
    response = client.get(winter["url"])
    page = response.content.decode()
    assert "Compared with Summer 2024; the confidential wave in between (Autumn 2024) is not compared." in page
    assert "since September 2024" not in page
    # two people answered for Change Path, so its row of the heat map is shown; one for the council, so not
    rows = {r["org"]["name"]: r for r in response.context["trust_matrix"]["rows"]}
    assert any(c.get("value") is not None for c in rows["Change Path"]["cells"])
    assert all(c.get("value") is None for c in rows["Northbridge Borough Council"]["cells"])
    assert "Northbridge Borough Council" in page and "fewer than 2 people answered" in page
    overview = client.get(f"/p/{ctx.partnership.pk}/trust/").content.decode()
    assert "Trust each partner receives" in overview and "New leader: Change Path" in overview

    # answers were given while each wave was open, and a leader's handover dates them so
    for r in Response.objects.filter(wave__partnership=ctx.partnership).select_related("wave"):
        opened, closed = r.wave.opens_on, r.wave.closes_on
        assert opened <= timezone.localtime(r.finished_at).date() <= closed
        assert opened <= timezone.localtime(r.updated_at).date() <= closed
    rows = selectors.relationships_of(ctx.people["survivors_ceo"])
    # the eleven named waves: a confidential wave never tells who answered about whom
    assert len({r["wave"] for r in rows}) == 11 and "Autumn 2024" not in {r["wave"] for r in rows}
    opens = {w.name: (w.opens_on, w.closes_on) for w in Wave.objects.filter(partnership=ctx.partnership)}
    assert all(opens[r["wave"]][0] <= r["answered_on"] <= opens[r["wave"]][1] for r in rows)
