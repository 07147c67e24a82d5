"""Each domain offers its data to health through a source it registers, and a failing one is shown."""

from __future__ import annotations

import dataclasses

import pytest

from accord.core import registry
from accord.health import services, signals

from .conftest import TODAY, full, put


@pytest.mark.parametrize("domain", registry.HEALTH_DOMAINS)
def test_every_domain_registers_its_health_source_in_full(domain):
    source = registry.HEALTH_SOURCES.get(domain)
    assert source is not None, f"{domain} registers no HealthSource in its AppConfig.ready()"
    assert source.domain == domain
    for name in registry.HEALTH_CONTRACT[domain]:
        assert callable(getattr(source, name)), f"{domain} does not offer {name} to health"


def test_the_contract_covers_the_five_domains_and_every_field():
    assert set(registry.HEALTH_CONTRACT) == set(registry.HEALTH_DOMAINS) == {
        "trust", "governance", "charter", "delivery", "library"}
    fields = {f.name for f in dataclasses.fields(registry.HealthSource)} - {"domain"}
    assert fields == {n for names in registry.HEALTH_CONTRACT.values() for n in names}


def test_asking_for_a_selector_outside_the_contract_fails_loudly():
    with pytest.raises(LookupError):
        signals.read("trust", lambda s: s.wave_summary, None)  # a typo is an error, never a silent "unknown"
    with pytest.raises(LookupError):
        signals.read("governance", lambda s: s.rollout, None)  # rollout belongs to delivery


def test_a_source_that_raises_is_logged_with_its_domain_and_shown_as_could_not_be_read(world, fake, monkeypatch,
                                                                                       caplog):
    full(fake, world)

    def broken(p, start=None, end=None):
        raise KeyError("by_org")

    put(monkeypatch, "governance", governance_health=broken)
    with caplog.at_level("ERROR", logger="accord.health.signals"):
        services.snapshot_take(partnership=world.partnership, as_of=TODAY)
    failures = [r for r in caplog.records if r.exc_info and "governance" in r.getMessage()]
    assert failures and "could not read the governance domain" in failures[0].getMessage()

    page = world.client("manager").get(f"/p/{world.partnership.pk}/health/").content.decode()
    assert "Engagement: missing" in page
    assert "Could not be read: the governance data failed to load" in page
    assert page.count("Could not be read") == 1  # only engagement: commitments still has its charter data


def test_a_domain_with_no_data_is_missing_but_not_could_not_be_read(world, no_selectors):
    services.snapshot_take(partnership=world.partnership, as_of=TODAY)
    page = world.client("manager").get(f"/p/{world.partnership.pk}/health/").content.decode()
    assert "Engagement: missing" in page and "Could not be read" not in page
