from __future__ import annotations

import json

import pytest

from accord.delivery import services
from accord.delivery.models import Area
from accord.partners.models import Membership, Organisation
from tests.conftest import shared_dir

# Real grants published by the Andrew Lloyd Webber Foundation through 360Giving (CC BY 4.0)
REAL = shared_dir() / "data" / "360giving" / "alwf-grants-a003W000001B7PzQAK.json"
FUNDER_ID = "GB-CHC-1015648"


@pytest.fixture
def area(world):
    return services.area_save(actor=world.users["manager"], area=Area(partnership=world.partnership, name="Eastmarsh",
                                                                       ons_code="E06000001"))


@pytest.fixture
def grants():
    return json.loads(REAL.read_text())["grants"]


@pytest.fixture
def partners(world):
    """Two of the file's recipients are members of the test partnership (24 of the grants are theirs)."""
    out = []
    for org_id, name in [("GB-EDU-133843", "Royal Northern College of Music"),
                         ("GB-COH-00203645", "Royal Central School of Speech & Drama")]:
        org = Organisation.objects.create(name=name, kind="other", org_id=org_id)
        Membership.objects.create(partnership=world.partnership, organisation=org, joined=world.partnership.start_date)
        out.append(org)
    return out
