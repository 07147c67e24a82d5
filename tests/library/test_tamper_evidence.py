"""Someone with write access to the database tries to rewrite the access record unnoticed.

Each attack is one a database writer can make: edit, delete, insert, reorder, and a full rewrite
with every later hash recomputed by the project's own function, without the key (detected by the
seals) and with the key files (detected against a checkpoint a partner downloaded and kept).
"""

import io
import json
import os
import stat

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F

from accord.library import chain, keys, services, verification
from accord.library.models import AccessChain, AccessEntry, Checkpoint


def _rename(pk, label):
    """A forger's edit of who an entry names, with its fingerprint recomputed from the stored salt (so
    only the seal over the fingerprint, not the fingerprint check, can give it away)."""
    entry = AccessEntry.objects.get(pk=pk)
    AccessEntry.objects.filter(pk=pk).update(
        user_label=label, personal_hash=chain.personal_digest(entry.personal_salt, entry.user_id, label))

def _entries(world):
    return list(AccessEntry.objects.filter(partnership=world.partnership).order_by("seq"))


def _reseal_from(world, seq, seal):
    """What a writer does after changing entry `seq`: recompute every later hash and the head."""
    entries = _entries(world)
    prev = entries[seq - 2].hash if seq > 1 else chain.GENESIS
    for e in entries[seq - 1:]:
        e.prev_hash = prev
        e.hash = seal(prev, e)
        AccessEntry.objects.filter(pk=e.pk).update(prev_hash=e.prev_hash, hash=e.hash)
        prev = e.hash
    AccessChain.objects.filter(partnership=world.partnership).update(length=entries[-1].seq, head_hash=prev)


def _first(world, held=None):
    verdict = verification.verify(world.partnership, held)
    assert not verdict.ok
    return verdict.first


def _download_checkpoint(world, persona="leader_b"):
    response = world.client(persona).post(f"/p/{world.partnership.pk}/library/record/checkpoint/")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    return response.content.decode()


def _check_page(world, persona, text):
    return world.client(persona).post(f"/p/{world.partnership.pk}/library/record/verify/",
                                      {"text": text}).content.decode()


def test_the_key_file_is_made_on_first_use_private_and_where_the_setting_says(world, settings, tmp_path, record):
    settings.ACCORD_LEDGER_KEY_FILE = tmp_path / "secrets" / "ledger.key"
    settings.ACCORD_LEDGER_SIGNING_KEY_FILE = tmp_path / "secrets" / "ledger-signing.key"
    keys.hmac_key(), keys.public_key_b64()
    for name in ("ledger.key", "ledger-signing.key"):
        path = tmp_path / "secrets" / name
        assert path.exists() and stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert keys.hmac_key() == (tmp_path / "secrets" / "ledger.key").read_bytes().strip()


def test_an_edit_is_named_as_changed(world, record):
    AccessEntry.objects.filter(pk=record[6].pk).update(user_label="Someone else")
    first = _first(world)
    assert (first.seq, first.kind) == (7, "changed") and first.at == record[6].at


def test_a_deleted_entry_is_named_as_missing(world, record):
    AccessEntry.objects.filter(pk=record[4].pk)._raw_delete(AccessEntry.objects.db)
    first = _first(world)
    assert (first.seq, first.kind) == (6, "missing") and "entry 5 missing" in first.problem


def test_an_inserted_entry_is_named_as_inserted(world, record):
    for e in reversed(record[5:]):  # make room at 6, as a writer would, one row at a time
        AccessEntry.objects.filter(pk=e.pk).update(seq=F("seq") + 1)
    forged = AccessEntry(partnership=world.partnership, seq=6, item=record[5].item, user_label="Ghost",
                         organisation_label="Beta Trust", action="download", at=record[5].at, data={},
                         prev_hash=record[4].hash)
    forged.hash = chain.entry_hash(forged.prev_hash, forged, key=b"a guess at the key, 32 characters!")
    AccessEntry.objects.bulk_create([forged])
    AccessChain.objects.filter(partnership=world.partnership).update(length=12)
    first = _first(world)
    assert (first.seq, first.kind) == (6, "inserted")


def test_an_entry_added_past_the_head_is_named_as_inserted(world, record):
    extra = AccessEntry(partnership=world.partnership, seq=12, item=record[0].item, user_label="Ghost",
                        action="view", at=record[-1].at, data={}, prev_hash=record[-1].hash)
    extra.hash = chain.entry_hash(extra.prev_hash, extra)  # even sealed with the real key
    AccessEntry.objects.bulk_create([extra])
    first = _first(world)
    assert (first.seq, first.kind) == (12, "inserted")


def test_swapped_entries_are_named_as_out_of_order(world, record):
    AccessEntry.objects.filter(pk=record[3].pk).update(seq=1000)
    AccessEntry.objects.filter(pk=record[4].pk).update(seq=4)
    AccessEntry.objects.filter(pk=record[3].pk).update(seq=5)
    first = _first(world)
    assert (first.seq, first.kind) == (4, "out of order") and "this is entry 5" in first.problem


@pytest.mark.parametrize("seal", [
    lambda prev, e: chain.entry_hash(prev, e, key=b"a guess at the key, 32 characters!"),
    chain.legacy_hash,  # the project's own function from before the key
], ids=["entry_hash-with-a-guessed-key", "unkeyed-sha256"])
def test_a_full_rewrite_without_the_key_is_detected_at_the_rewritten_entry(world, record, seal):
    _rename(record[2].pk, "Nobody at all")
    _reseal_from(world, 3, seal)
    first = _first(world)
    assert (first.seq, first.kind) == (3, "changed")


def test_a_full_rewrite_with_the_key_files_is_caught_by_a_checkpoint_a_partner_kept(world, record):
    kept = _download_checkpoint(world, "leader_b")
    assert json.loads(kept)["checkpoint"]["entries"] == 11
    # the writer holds the server's key files: edits entry 3, re-seals everything after it, and
    # deletes the checkpoints Accord kept, so the record looks whole on its own
    _rename(record[2].pk, "Nobody at all")
    _reseal_from(world, 3, chain.entry_hash)
    Checkpoint.objects.all().delete()
    assert verification.verify(world.partnership).ok  # what a key holder can hide without a checkpoint
    page = _check_page(world, "leader_b", kept)
    assert "The access record has been changed" in page and "checkpoint mismatch" in page and "at entry 11" in page
    api = world.client("leader_a").post(f"/api/partnerships/{world.partnership.pk}/library/access-log/verify",
                                        kept, content_type="application/json").json()
    assert api["ok"] is False and api["first_break"]["kind"] == "checkpoint mismatch"


def test_a_rewrite_with_the_key_is_caught_by_the_checkpoints_accord_keeps(world, record):
    assert len(services.checkpoints_daily()) == 1
    assert services.checkpoints_daily() == []  # nothing new: no new checkpoint
    _rename(record[2].pk, "Nobody at all")
    _reseal_from(world, 3, chain.entry_hash)
    first = _first(world)
    assert (first.seq, first.kind) == (11, "checkpoint mismatch") and "stored checkpoint" in first.problem


def test_a_stored_checkpoint_changed_in_the_database_is_reported(world, record):
    services.checkpoints_daily()
    cp = Checkpoint.objects.get()
    body = json.loads(cp.body)
    body["entries"] = 5
    Checkpoint.objects.filter(pk=cp.pk).update(body=json.dumps(body))
    assert _first(world).kind == "checkpoint mismatch"


def test_deleting_the_latest_entries_is_detected_up_to_the_checkpoint_a_partner_holds(world, record):
    kept = _download_checkpoint(world, "leader_a")
    for e in record[8:]:
        AccessEntry.objects.filter(pk=e.pk)._raw_delete(AccessEntry.objects.db)
    AccessChain.objects.filter(partnership=world.partnership).update(length=8, head_hash=record[7].hash)
    Checkpoint.objects.all().delete()
    assert verification.verify(world.partnership).ok  # nothing to compare with: the limit, documented
    page = _check_page(world, "leader_a", kept)
    assert "at entry 9" in page and "missing" in page


def test_a_checkpoint_file_that_was_altered_or_is_not_one_gets_a_plain_answer(world, record):
    kept = json.loads(_download_checkpoint(world))
    kept["checkpoint"]["entries"] = 3
    for text, words in [(json.dumps(kept), "signature does not match"), ("not json", "not JSON"),
                        ("{}", "no “checkpoint”"), ('{"checkpoint": {}, "signature": "x"}', "incomplete")]:
        response = world.client("leader_b").post(f"/p/{world.partnership.pk}/library/record/verify/", {"text": text})
        assert response.status_code == 200 and words in response.content.decode()
    empty = world.client("leader_b").post(f"/p/{world.partnership.pk}/library/record/verify/", {})
    assert "Choose the checkpoint file" in empty.content.decode()
    api = world.client("leader_b").post(f"/api/partnerships/{world.partnership.pk}/library/access-log/verify",
                                        json.dumps(kept), content_type="application/json")
    assert api.status_code == 422 and "signature does not match" in api.json()["detail"]


def test_a_checkpoint_is_signed_so_a_partner_can_check_it_without_accord(world, record):
    import base64

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    kept = json.loads(_download_checkpoint(world))
    page = world.client("leader_b").get(f"/p/{world.partnership.pk}/library/record/verify/").content.decode()
    shown = kept["public_key"]
    assert shown in page
    signed = json.dumps(kept["checkpoint"], sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    Ed25519PublicKey.from_public_bytes(base64.b64decode(shown)).verify(base64.b64decode(kept["signature"]), signed)
    assert kept["checkpoint"]["partnership"] == world.partnership.pk and kept["checkpoint"]["whole"] is True
    assert kept["checkpoint"]["head_hash"] == record[-1].hash and kept["checkpoint"]["last_entry_id"] == record[-1].pk


def test_a_checkpoint_of_another_partnership_is_refused(world, record):
    kept = _download_checkpoint(world)
    from accord.partners.models import Role

    Role.objects.filter(user=world.users["outsider"]).update(role="leader")
    page = world.client("outsider").post(f"/p/{world.other.pk}/library/record/verify/", {"text": kept}).content.decode()
    assert "for another partnership" in page


def test_a_replaced_key_file_is_named_not_mistaken_for_edits(world, record, settings, tmp_path):
    settings.ACCORD_LEDGER_KEY_FILE = tmp_path / "new.key"
    verdict = verification.verify(world.partnership)
    assert [b.kind for b in verdict.breaks] == ["key"] and "key file was replaced" in verdict.breaks[0].problem


def test_who_may_check_and_download_checkpoints(world, record):
    p = world.partnership.pk
    expected = {"manager": 200, "leader_a": 200, "leader_b": 200, "staff_a": 403, "staff_b": 403, "funder": 403,
                "outsider": 404}
    for persona, status in expected.items():
        client = world.client(persona)
        assert client.get(f"/p/{p}/library/record/verify/").status_code == status
        assert client.post(f"/p/{p}/library/record/checkpoint/").status_code == status
        assert client.get(f"/api/partnerships/{p}/library/access-log/verify").status_code == status
    assert world.client("anonymous").post(f"/p/{p}/library/record/checkpoint/").status_code == 302
    assert world.client("leader_a").get(f"/p/{p}/library/record/checkpoint/").status_code == 405


def test_leaders_see_and_download_past_checkpoints_on_the_record_page(world, record):
    services.checkpoints_daily()
    cp = Checkpoint.objects.get()
    url = f"/p/{world.partnership.pk}/library/record/checkpoints/{cp.pk}.json"
    page = world.client("leader_b").get(f"/p/{world.partnership.pk}/library/record/").content.decode()
    assert "Download checkpoint" in page and url in page
    assert json.loads(world.client("leader_b").get(url).content)["signature"] == cp.signature
    assert "Download checkpoint" not in world.client("staff_b").get(
        f"/p/{world.partnership.pk}/library/record/").content.decode()
    assert world.client("staff_b").get(url).status_code == 403
    assert world.client("outsider").get(url).status_code == 404


def test_the_command_checks_a_kept_checkpoint_file(world, record, tmp_path):
    path = tmp_path / "kept.json"
    path.write_text(_download_checkpoint(world))
    out = io.StringIO()
    call_command("verify_access_log", "--checkpoint", str(path), stdout=out)
    assert "OK" in out.getvalue() and "checkpoint(s) agree" in out.getvalue()
    _rename(record[2].pk, "Nobody at all")
    _reseal_from(world, 3, chain.entry_hash)
    Checkpoint.objects.all().delete()
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_access_log", "--checkpoint", str(path), stdout=out)
    assert "entry 11" in out.getvalue() and "checkpoint mismatch" in out.getvalue()
    (tmp_path / "bad.json").write_text("nonsense")
    with pytest.raises(CommandError, match="not a checkpoint file"):
        call_command("verify_access_log", "--checkpoint", str(tmp_path / "bad.json"), stdout=io.StringIO())


def test_upgrading_reseals_an_unkeyed_record_and_remembers_what_it_found(world, record):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("accord.library.migrations.0002_ledger_key_and_checkpoints")
    to_format_2 = importlib.import_module("accord.library.migrations.0003_access_record_personal_fingerprint")
    migration.unseal(apps, None)  # back to the unkeyed chain of before
    assert not verification.verify(world.partnership).ok
    migration.seal_under_key(apps, None)
    to_format_2._convert(apps, None)
    verdict = verification.verify(world.partnership)
    assert verdict.ok and "the unkeyed record was whole" in verdict.notes[0]
    migration.unseal(apps, None)
    AccessEntry.objects.filter(pk=record[5].pk).update(user_label="Edited before the upgrade")
    migration.seal_under_key(apps, None)
    to_format_2._convert(apps, None)
    verdict = verification.verify(world.partnership)
    assert verdict.ok and "already broken at entry 6" in verdict.notes[0]
    page = world.client("leader_a").get(f"/p/{world.partnership.pk}/library/record/verify/").content.decode()
    assert "already broken at entry 6" in page


def test_each_week_leaders_and_the_manager_receive_the_latest_checkpoint(world, record, smtp, settings):
    from accord.library import tasks

    assert tasks.weekly_checkpoint_mail.call_local() == 3  # manager, leader_a, leader_b
    assert {a for _, tos in smtp.envelopes for a in tos} == {
        "manager@example.org", "leader_a@example.org", "leader_b@example.org"}
    msg = smtp.to("leader_b@example.org")[0]
    attached = [p for p in msg.iter_attachments() if p.get_filename().endswith(".json")][0]
    kept = attached.get_content()
    kept = kept.decode() if isinstance(kept, bytes) else kept
    assert json.loads(kept)["checkpoint"]["entries"] == 11 and "outside Accord" in smtp.text(msg)
    _rename(record[2].pk, "Nobody at all")
    _reseal_from(world, 3, chain.entry_hash)
    Checkpoint.objects.all().delete()
    assert "checkpoint mismatch" in _check_page(world, "leader_b", kept)
    settings.LIBRARY_CHECKPOINT_EMAIL = False
    assert services.checkpoints_weekly() == 0
