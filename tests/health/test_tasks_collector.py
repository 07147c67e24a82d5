"""The daily and monthly passes spare the garbage collector the loaded application (gc.freeze) while they
run: nothing is kept longer, and the process is left as it was found."""

import gc
import weakref

from accord.health import tasks


class _Node:
    other: "_Node | None" = None


def test_the_application_is_frozen_only_during_the_pass_and_garbage_is_still_collected(world):
    gc.unfreeze()
    for _ in tasks._spared_batches([]):
        pass
    assert gc.get_freeze_count() == 0  # no batch: nothing frozen
    for _ in tasks._spared_batches([world.partnership.pk]):
        assert gc.get_freeze_count() > 0  # what was alive when the batch began
        a, b = _Node(), _Node()
        a.other, b.other = b, a  # a cycle made during the pass: only the collector frees it
        gone = weakref.ref(a)
        del a, b
        gc.collect()
        assert gone() is None
    assert gc.get_freeze_count() == 0


def test_objects_frozen_before_the_pass_stay_frozen(world):
    gc.freeze()
    try:
        before = gc.get_freeze_count()
        for _ in tasks._spared_batches([world.partnership.pk]):
            pass
        assert gc.get_freeze_count() >= before
    finally:
        gc.unfreeze()
