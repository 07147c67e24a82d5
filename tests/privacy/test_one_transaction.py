"""Erasure is one transaction across every app: when one app's part fails, nothing any app changed stays,
and no erasure is recorded."""

import dataclasses

import pytest

from accord.core.audit import log_action
from accord.core.models import AuditEntry
from accord.core.personal import REGISTER
from accord.notices.models import Notice
from accord.privacy import services
from accord.privacy.models import Erasure


def test_a_failure_in_one_app_leaves_every_app_as_it_was(world, monkeypatch):
    person = world.people["staff_a"]
    Notice.objects.create(partnership=world.partnership, person=person, kind="k", event_key="e", title="t", url="/")
    log_action(world.users["staff_a"], "test.said", person, {"who": person.name})

    def broken(qs, ctx):
        raise RuntimeError("the notices part failed")

    # notices.Notice runs after accounts.* and core.AuditEntry are already changed in the transaction
    monkeypatch.setitem(REGISTER, "notices.notice", dataclasses.replace(REGISTER["notices.notice"], on_erase=broken))
    with pytest.raises(RuntimeError):
        services.erase(actor=world.users["manager"], partnership=world.partnership, email=person.email,
                       reason="asked")
    person.refresh_from_db()
    assert person.name == world.people["staff_a"].name and person.email and person.user_id
    assert AuditEntry.objects.get(action="test.said").actor_id == world.users["staff_a"].pk
    assert Notice.objects.filter(person=person).exists() and not Erasure.objects.exists()
