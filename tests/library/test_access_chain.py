"""The access record is a sealed chain: changing, deleting or inserting any entry is detected, with
the entry number, by the verifier, the command and the leaders' page."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accord.library import chain
from accord.library.models import AccessChain, AccessEntry


def test_an_untouched_record_verifies_and_each_entry_links_to_the_one_before(world, record):
    verdict = chain.verify(world.partnership)
    assert verdict.ok and verdict.entries == len(record) == 11
    assert [e.seq for e in record] == list(range(1, 12))
    assert all(b.prev_hash == a.hash for a, b in zip(record, record[1:], strict=False))
    assert AccessChain.objects.get(partnership=world.partnership).head_hash == record[-1].hash


FIELDS = [("user_label", "Someone Else"), ("organisation_label", "Other Org"), ("action", "download"),
          ("terms_version", 7), ("data", {"forged": True}), ("seq", 99)]


@pytest.mark.parametrize("position", [0, 5, 10])
@pytest.mark.parametrize("field,value", FIELDS, ids=[f for f, _ in FIELDS])
def test_changing_any_field_of_any_entry_is_detected_at_that_entry(world, record, position, field, value):
    target = record[position]
    AccessEntry.objects.filter(pk=target.pk).update(**{field: value})
    verdict = chain.verify(world.partnership)
    assert not verdict.ok
    # a renumbered entry shows as missing where it was (reported at the entry after it)
    assert verdict.breaks[0].seq in ((target.seq, target.seq + 1, value) if field == "seq" else (target.seq,))


def test_changing_the_time_or_the_reader_is_detected(world, record):
    import datetime as dt

    AccessEntry.objects.filter(pk=record[6].pk).update(at=record[6].at - dt.timedelta(seconds=1))
    assert chain.verify(world.partnership).breaks[0].seq == 7
    AccessEntry.objects.filter(pk=record[6].pk).update(at=record[6].at, user=world.users["leader_a"])
    assert chain.verify(world.partnership).breaks[0].seq == 7


def test_resealing_a_changed_entry_with_the_key_still_breaks_the_next_link(world, record):
    target = AccessEntry.objects.get(pk=record[3].pk)
    target.organisation_label = "Forger"
    AccessEntry.objects.filter(pk=target.pk).update(organisation_label="Forger",
                                                    hash=chain.entry_hash(target.prev_hash, target))
    verdict = chain.verify(world.partnership)
    assert [b.seq for b in verdict.breaks] == [5]
    assert "previous entry (4)" in verdict.breaks[0].problem


def test_deleting_an_entry_in_the_middle_or_at_the_end_is_detected(world, record):
    AccessEntry.objects.filter(pk=record[4].pk)._raw_delete(AccessEntry.objects.db)
    breaks = chain.verify(world.partnership).breaks
    assert breaks[0].seq == 6 and "entry 5 missing" in breaks[0].problem
    AccessEntry.objects.filter(pk=record[10].pk)._raw_delete(AccessEntry.objects.db)
    assert any(b.seq == 11 and "latest entries were deleted" in b.problem for b in chain.verify(world.partnership).breaks)


def test_entries_cannot_be_changed_or_deleted_through_the_model(world, record):
    entry = record[0]
    entry.user_label = "x"
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        entry.delete()


def test_the_command_says_where_the_chain_breaks(world, record):
    out = io.StringIO()
    call_command("verify_access_log", stdout=out)
    assert "OK" in out.getvalue() and "11 entries" in out.getvalue()
    AccessEntry.objects.filter(pk=record[2].pk).update(terms_version=9)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_access_log", stdout=out)
    assert "BROKEN" in out.getvalue() and "entry 3 (written" in out.getvalue()
    assert "changed: its content does not match its seal" in out.getvalue()


def test_leaders_and_the_manager_check_the_chain_on_the_page(world, record):
    url = f"/p/{world.partnership.pk}/library/record/verify/"
    assert "The access record is whole" in world.client("manager").get(url).content.decode()
    AccessEntry.objects.filter(pk=record[7].pk).update(user_label="Nobody")
    for persona in ("manager", "leader_a", "leader_b"):
        page = world.client(persona).get(url).content.decode()
        assert "The access record has been changed" in page and "at entry 8" in page and "changed" in page
    for persona, status in {"staff_a": 403, "staff_b": 403, "funder": 403, "outsider": 404}.items():
        assert world.client(persona).get(url).status_code == status


def test_chains_of_two_partnerships_are_separate(world, record):
    from accord.library import services
    from accord.partners.models import Role

    Role.objects.filter(user=world.users["outsider"]).update(role="leader")
    item = services.item_create(actor=world.users["outsider"], access=access_of_other(world), kind="note",
                                title="Other", body="x", terms={"audience": "partnership"})
    entry = AccessEntry.objects.get(item=item)
    assert entry.seq == 1 and entry.prev_hash == chain.GENESIS
    assert chain.verify(world.partnership).ok and chain.verify(world.other).ok


def access_of_other(world):
    from accord.core import policy

    policy.forget(world.users["outsider"])
    return policy.access_for(world.users["outsider"], world.other)
