"""Appends lock the chain head, so people opening items at the same moment never fork the chain."""

import threading

import pytest
from django.db import connection, connections

from accord.library import services, verification
from accord.library.models import AccessEntry

from .conftest import access_of, share

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="row locks matter on PostgreSQL; SQLite serialises every write anyway"),
]


def test_parallel_appends_keep_one_unbroken_chain(world):
    item = share(world, title="Busy item")
    readers = ["staff_b", "leader_b", "staff_a", "leader_a"]
    accesses = {p: access_of(world, p) for p in readers}
    barrier = threading.Barrier(len(readers))
    errors: list[BaseException] = []

    def work(persona):
        try:
            barrier.wait()
            for _ in range(15):
                services.record_view(actor=world.users[persona], access=accesses[persona], item=item)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(p,)) for p in readers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    seqs = list(AccessEntry.objects.filter(partnership=world.partnership).order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, 62))
    assert verification.verify(world.partnership).ok
