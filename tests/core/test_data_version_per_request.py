"""Within one request the data version stamp (core/freshness.py) is read from the cache once and remembered (issue 21,
home-page throughput); a write made by the request itself forgets it, and outside a request every read goes to
the cache, so a change made elsewhere is seen at once."""

from django.core.cache import cache

from accord.core import freshness
from accord.partners.models import Organisation


def _stamp_reads(monkeypatch):
    reads = []
    real = cache.get

    def counting(key, *args, **kwargs):
        if key == freshness.VERSION_KEY:
            reads.append(key)
        return real(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", counting)
    return reads


def test_a_page_reads_the_stamp_once(world, monkeypatch):
    client = world.client("manager")
    client.get(f"/p/{world.partnership.pk}/")  # fills the caches (user, roles, page)
    reads = _stamp_reads(monkeypatch)
    assert client.get(f"/p/{world.partnership.pk}/").status_code == 200
    assert len(reads) == 1


def test_a_write_within_the_request_is_seen_by_its_next_read(world):
    freshness.request_started()
    try:
        before = freshness.data_version()
        assert freshness.data_version() == before  # remembered
        Organisation.objects.filter(pk=world.org_b.pk).update(name="Beta Renamed")
        assert freshness.data_version() != before
    finally:
        freshness.request_finished()


def test_outside_a_request_a_change_made_elsewhere_is_seen_at_once(world):
    before = freshness.data_version()
    cache.set(freshness.VERSION_KEY, "changed-by-another-process", None)
    assert freshness.data_version() == "changed-by-another-process" != before
    freshness.request_started()
    try:
        seen = freshness.data_version()
        cache.set(freshness.VERSION_KEY, "changed-again", None)
        assert freshness.data_version() == seen  # within a request: the stamp it started from
    finally:
        freshness.request_finished()
    assert freshness.data_version() == "changed-again"
