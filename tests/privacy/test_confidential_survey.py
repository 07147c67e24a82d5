"""A confidential survey says nothing about who answered, and a manager's subject access and erasure must not
either: whether a person answered a confidential wave is in their own copy (and a site administrator's), never
in their partnership manager's copy or in the erasure's counts the manager sees."""

import datetime as dt

import pytest

from accord.privacy import services

from .support import records_of


@pytest.fixture
def answered(world):
    from accord.trust.models import Invitation, Response, Wave

    today = dt.date.today()
    out = {}
    for kind in (Wave.Confidentiality.CONFIDENTIAL, Wave.Confidentiality.NAMED):
        wave = Wave.objects.create(partnership=world.partnership, name=f"Survey {kind}", confidentiality=kind,
                                   opens_on=today - dt.timedelta(days=20), closes_on=today - dt.timedelta(days=1))
        person = world.people["staff_a"]
        inv = Invitation.objects.create(wave=wave, person=person, organisation=person.organisation, email=person.email)
        out[kind] = Response.objects.create(wave=wave, organisation=person.organisation, invitation=inv,
                                            finished_at=dt.datetime.now(dt.UTC))
    return out


def test_a_managers_copy_does_not_say_whether_they_answered_a_confidential_wave(world, answered,
                                                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = services.export_request(actor=world.users["manager"], partnership=world.partnership,
                                      email=world.people["staff_a"].email)
    responses = {r["id"] for r in records_of(row).get("trust.Response", [])}
    assert responses == {answered["named"].pk}
    # the person's own copy holds both
    with django_capture_on_commit_callbacks(execute=True):
        own = services.export_request(actor=world.users["staff_a"], own=True)
    assert {r["id"] for r in records_of(own)["trust.Response"]} == {r.pk for r in answered.values()}


def test_a_managers_erasure_counts_do_not_say_it_either(world, answered):
    record = services.erase(actor=world.users["manager"], partnership=world.partnership,
                            email=world.people["staff_a"].email, reason="asked")
    assert record.counts.get("trust.Response", 0) <= 1  # the named wave's answer at most, never the confidential one
    from accord.trust.models import Response

    confidential = Response.objects.get(pk=answered["confidential"].pk)
    assert confidential.invitation.email.endswith("@erased.invalid")  # the link to the person is still gone
