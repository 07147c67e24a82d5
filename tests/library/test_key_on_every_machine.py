"""A machine started without a copy of the access record's key files makes a key of its own; it must
not seal new entries with it (the record would stop verifying for every machine), so it refuses."""

import pytest

from accord.library import keys, verification
from accord.library.models import AccessEntry, KnowledgeItem

from .conftest import share


def test_a_machine_with_another_key_adds_nothing_to_the_record(world, settings, tmp_path):
    share(world, title="First")
    before, first_machines_key = AccessEntry.objects.count(), settings.ACCORD_LEDGER_KEY_FILE
    settings.ACCORD_LEDGER_KEY_FILE = tmp_path / "this-machine.key"  # a second machine, no copy of the key
    with pytest.raises(keys.NotThisRecordsKey, match="Copy the key files"):
        share(world, title="Second")
    assert AccessEntry.objects.count() == before
    assert not KnowledgeItem.objects.filter(title="Second").exists()  # the whole change was refused
    settings.ACCORD_LEDGER_KEY_FILE = first_machines_key  # the first machine's key: the record still verifies and grows
    assert verification.verify(world.partnership).breaks == []
    share(world, title="Third")
    assert AccessEntry.objects.count() == before + 1
