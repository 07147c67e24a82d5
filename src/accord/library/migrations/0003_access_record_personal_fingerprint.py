"""The access record's format 2: personal fields sealed through a salted fingerprint, so that erasure
can remove them and the record still verifies (see library/chain.py).

Each chain is first checked under format 1 (what it found is kept on the chain, as 0002 does, so the
conversion never hides a break that was already there). Then, in order, each entry keeps its format-1
hash as `legacy_hash` (checkpoints signed before today are checked against it), gets a random salt
and the fingerprint of its reader's account and name, and is sealed again under format 2; the head
moves to the new last hash. Reversing seals every entry under format 1 again (possible while nothing
has been erased; an erased entry's name is gone and stays so).
"""

import secrets

from django.db import migrations, models


def _convert(apps, schema_editor) -> None:
    from django.utils import timezone

    from accord.library import keys
    from accord.library.chain import GENESIS, entry_hash, entry_hash_v1, personal_digest

    Chain = apps.get_model("library", "AccessChain")
    Entry = apps.get_model("library", "AccessEntry")
    if not Entry.objects.exists():
        return
    key = keys.hmac_key()
    for chain in Chain.objects.all().order_by("pk"):
        entries = list(Entry.objects.filter(partnership_id=chain.partnership_id).order_by("seq"))
        found, prev = [], GENESIS
        for n, e in enumerate(entries, start=1):
            if not found and (e.seq != n or e.prev_hash != prev or entry_hash_v1(e.prev_hash, e, key) != e.hash):
                found.append(f"entry {e.seq}")
            prev = e.hash
        if not found and entries and (chain.length != entries[-1].seq or chain.head_hash != prev):
            found.append("its head")
        prev = GENESIS
        for e in entries:
            e.legacy_hash = e.hash
            e.personal_salt = secrets.token_hex(16)
            e.personal_hash = personal_digest(e.personal_salt, e.user_id, e.user_label)
            e.prev_hash = prev
            e.hash = entry_hash(prev, e, key)
            Entry.objects.filter(pk=e.pk).update(legacy_hash=e.legacy_hash, personal_salt=e.personal_salt,
                                                 personal_hash=e.personal_hash, prev_hash=prev, hash=e.hash)
            prev = e.hash
        note = chain.reanchor_note
        if found:
            note = (note + " " if note else "") + f"Converted to format 2 on {timezone.now():%d %B %Y}; before that it was already " \
                f"broken at {found[0]}."
        Chain.objects.filter(pk=chain.pk).update(head_hash=prev, reanchor_note=note)


def _back(apps, schema_editor) -> None:
    from accord.library import keys
    from accord.library.chain import GENESIS, entry_hash_v1

    Chain = apps.get_model("library", "AccessChain")
    Entry = apps.get_model("library", "AccessEntry")
    if not Entry.objects.exists():
        return
    key = keys.hmac_key()
    for chain in Chain.objects.all().order_by("pk"):
        prev = GENESIS
        for e in Entry.objects.filter(partnership_id=chain.partnership_id).order_by("seq"):
            e.prev_hash = prev
            new = entry_hash_v1(prev, e, key)
            Entry.objects.filter(pk=e.pk).update(prev_hash=prev, hash=new)
            prev = new
        Chain.objects.filter(pk=chain.pk).update(head_hash=prev)


class Migration(migrations.Migration):

    dependencies = [
        ("library", "0002_ledger_key_and_checkpoints"),
    ]

    operations = [
        migrations.AddField(
            model_name="accessentry",
            name="legacy_hash",
            field=models.CharField(blank=True, help_text="The hash before format 2, for checkpoints signed before it.",
                                   max_length=64),
        ),
        migrations.AddField(
            model_name="accessentry",
            name="personal_hash",
            field=models.CharField(blank=True, help_text="SHA-256 of the salt, the account and the name; sealed in the "
                                                         "chain.", max_length=64),
        ),
        migrations.AddField(
            model_name="accessentry",
            name="personal_salt",
            field=models.CharField(blank=True, help_text="Removed on erasure.", max_length=32),
        ),
        migrations.RunPython(_convert, _back),
    ]
