"""The readiness check page and its one-page PDF."""

import datetime as dt

from accord.partners.models import Capability

from .conftest import full


def _caps(world):
    a = world.partnership.memberships.get(organisation=world.org_a)
    b = world.partnership.memberships.get(organisation=world.org_b)
    Capability.objects.create(membership=a, kind="expertise")
    Capability.objects.create(membership=a, kind="data")
    Capability.objects.create(membership=b, kind="delivery")


def test_the_page_names_what_is_in_place_and_what_to_do(world, fake):
    full(fake, world)
    _caps(world)
    fake.charter = {"agreed_version": None, "agreed_on": None, "draft_version": 1,
                    "draft_since": dt.date(2026, 1, 1), "unsigned_orgs": ["Beta Trust"], "url": "/c/"}
    page = world.client("funder").get(f"/p/{world.partnership.pk}/health/readiness/").content.decode()
    assert "4 of 5 conditions are in place" in page
    assert "Not yet signed by: Beta Trust" in page and "every partner signs the same version" in page
