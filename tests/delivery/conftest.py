from __future__ import annotations

import pytest

from accord.delivery import services
from accord.delivery.models import Area


@pytest.fixture
def area(world):
    return services.area_save(actor=world.users["manager"], area=Area(partnership=world.partnership, name="Eastmarsh",
                                                                       ons_code="E06000001"))
