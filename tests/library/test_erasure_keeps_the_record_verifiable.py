"""Erasure removes a reader's account and name from the sealed access record and the record still
verifies, with every checkpoint, including checkpoints signed before the chain's format 2 (migration
0003 converts a format-1 chain). Changing a reader who is still named is still detected."""

import importlib
import json

from django.apps import apps
from django.utils import timezone

from accord.library import chain, checkpoints, keys, verification
from accord.library.models import AccessChain, AccessEntry, Checkpoint

convert = importlib.import_module("accord.library.migrations.0003_access_record_personal_fingerprint")


def _staff_b_entries(world):
    return AccessEntry.objects.filter(partnership=world.partnership, user=world.users["staff_b"])


def test_erasing_a_reader_keeps_the_chain_and_checkpoints_whole(world, record):
    checkpoints.make(world.partnership, kind="daily", whole=True)
    before = list(AccessEntry.objects.filter(partnership=world.partnership).order_by("seq").values_list("hash",
                                                                                                           flat=True))
    name = str(world.users["staff_b"])
    assert chain.erase_personal(_staff_b_entries(world), label="Former member E1") == 2
    assert not AccessEntry.objects.filter(user_label=name).exists()
    erased = AccessEntry.objects.filter(user_label="Former member E1")
    assert erased.count() == 2 and all(e.personal_salt == "" and e.user_id is None for e in erased)
    after = list(AccessEntry.objects.filter(partnership=world.partnership).order_by("seq").values_list("hash",
                                                                                                          flat=True))
    assert after == before  # nothing re-sealed: the seals never held the name
    verdict = verification.verify(world.partnership)
    assert verdict.ok and verdict.checkpoints_checked == 1, verdict.breaks


def test_changing_who_an_entry_names_is_detected(world, record):
    AccessEntry.objects.filter(pk=record[6].pk).update(user_label="Someone innocent")
    verdict = verification.verify(world.partnership)
    assert [b.seq for b in verdict.breaks] == [7] and "fingerprint" in verdict.breaks[0].problem


def test_naming_someone_in_an_erased_entry_is_detected(world, record):
    chain.erase_personal(AccessEntry.objects.filter(pk=record[6].pk))
    assert verification.verify(world.partnership).ok
    AccessEntry.objects.filter(pk=record[6].pk).update(user=world.users["leader_a"])
    assert [b.seq for b in verification.verify(world.partnership).breaks] == [7]


def test_the_fingerprint_cannot_be_recomputed_once_the_salt_is_gone(world, record):
    entry = AccessEntry.objects.get(pk=record[6].pk)
    guess = chain.personal_digest("", entry.user_id, entry.user_label)
    assert guess != entry.personal_hash  # without the salt a guess of who it was does not match


def _to_format_1(world):
    """Rewrite the chain as it was before format 2: sealed over the personal fields, no fingerprint."""
    key, prev = keys.hmac_key(), chain.GENESIS
    for e in AccessEntry.objects.filter(partnership=world.partnership).order_by("seq"):
        e.prev_hash = prev
        e.hash = chain.entry_hash_v1(prev, e, key)
        AccessEntry.objects.filter(pk=e.pk).update(prev_hash=prev, hash=e.hash, personal_salt="", personal_hash="",
                                                   legacy_hash="")
        prev = e.hash
    AccessChain.objects.filter(partnership=world.partnership).update(head_hash=prev)
    return prev


def _v1_checkpoint(world, n, head_hash):
    payload = {"format": checkpoints.FORMAT_V1, "partnership": world.partnership.pk,
               "partnership_name": world.partnership.name, "entries": n, "last_entry_id": None,
               "head_hash": head_hash, "at": timezone.now().isoformat(timespec="seconds"), "key_id": keys.key_id(),
               "whole": True}
    signature = checkpoints.sign(payload)
    Checkpoint.objects.create(partnership=world.partnership, kind="daily", entries=n, head_hash=head_hash,
                              at=timezone.now(), body=checkpoints.canonical(payload).decode(), signature=signature)
    return checkpoints.file_text(checkpoints.canonical(payload).decode(), signature)


def test_the_migration_converts_a_format_1_chain_and_old_checkpoints_still_verify(world, record):
    head = _to_format_1(world)
    partner_kept = _v1_checkpoint(world, len(record), head)  # a partner downloaded this before the upgrade
    convert._convert(apps, None)
    entries = AccessEntry.objects.filter(partnership=world.partnership).order_by("seq")
    assert entries.last().legacy_hash == head and all(e.personal_salt for e in entries)
    held = checkpoints.parse(partner_kept, world.partnership)
    verdict = verification.verify(world.partnership, [held])
    assert verdict.ok and verdict.checkpoints_checked == 2, verdict.breaks
    # erasure after the conversion: still whole, old and new checkpoints alike
    checkpoints.make(world.partnership, kind="daily", whole=True)
    chain.erase_personal(_staff_b_entries(world))
    verdict = verification.verify(world.partnership, [held])
    assert verdict.ok and verdict.checkpoints_checked == 3, verdict.breaks
    # the old hash is sealed too: changing it is detected
    target = entries[4]
    AccessEntry.objects.filter(pk=target.pk).update(legacy_hash="0" * 64)
    assert [b.seq for b in verification.verify(world.partnership).breaks][:1] == [5]


def test_the_migration_notes_a_chain_that_was_already_broken(world, record):
    _to_format_1(world)
    AccessEntry.objects.filter(pk=record[3].pk).update(organisation_label="edited")
    convert._convert(apps, None)
    note = AccessChain.objects.get(partnership=world.partnership).reanchor_note
    assert "already broken at entry 4" in note
    assert json.dumps(verification.verify(world.partnership).notes)
