"""Helpers for charter tests: a draft charter in the `world` partnership."""

from __future__ import annotations

import pytest

from accord.charter import services


@pytest.fixture
def draft(world):
    return services.version_create(actor=world.users["manager"], partnership=world.partnership,
                                   vision="Every family safe.", mission="Stop abuse at source.",
                                   principles="- We share what we learn\n- We keep our word",
                                   roles="Alpha leads practice; Beta leads evaluation.")
