"""The manager sees what went to whom: every notice of the partnership, to whom, how (in Accord, e-mail
now, a digest), when, and failures. Only the manager (need "audit")."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accord.notices import sending, services
from accord.notices.models import Notice
from tests.conftest import _free_port

from .conftest import PING, emit


def test_the_manager_sees_each_notice_its_recipient_and_how_it_went(world, smtp, settings):
    services.preferences_set(actor=world.users["leader_b"], choices={PING: "daily"})
    services.preferences_set(actor=world.users["staff_a"], choices={PING: "off"})
    emit(world, ["leader_a", "leader_b", "staff_a"], title="Please sign version 2")
    sending.sweep()
    sending.sweep(now=timezone.now() + dt.timedelta(days=2))
    settings.NOTICES_MAX_ATTEMPTS = 1
    real, settings.EMAIL_PORT = settings.EMAIL_PORT, _free_port()
    emit(world, ["staff_b"], key="e:2", title="An action for you")
    sending.sweep()
    settings.EMAIL_PORT = real
    page = world.client("manager").get(f"/p/{world.partnership.pk}/notices/").content.decode()
    assert page.count("Please sign version 2") == 3 and "An action for you" in page
    assert "Leader A" in page and "Leader B" in page and "Staff A" in page
    assert "e-mail straight away" in page and "in a daily digest" in page and "Not e-mailed" in page
    assert "(in the daily digest)" in page
    assert "ConnectionRefusedError" in page  # the failure, with what went wrong
    failed = world.client("manager").get(f"/p/{world.partnership.pk}/notices/?show=failed").content.decode()
    assert "An action for you" in failed and "Please sign version 2" not in failed
    assert Notice.objects.filter(state="failed").count() == 1


def test_only_the_manager_may_see_it(world):
    url = f"/p/{world.partnership.pk}/notices/"
    assert world.client("manager").get(url).status_code == 200
    for persona in ("leader_a", "staff_b", "funder"):
        assert world.client(persona).get(url).status_code == 403
    assert world.client("outsider").get(url).status_code == 404
    assert world.client("anonymous").get(url)["Location"].startswith("/accounts/sign-in/")
