"""The demo partnership's library: items from each national partner on different terms, requests
granted and declined, a record of access whose chain verifies."""

from accord.demo import partnership as demo
from accord.library import selectors, verification
from accord.library.models import AccessEntry, AccessRequest, KnowledgeItem
from accord.partners.models import Partnership
from tests.demo.snapshot import load_demo


def test_the_demo_library(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    load_demo()
    p = Partnership.objects.get(name=demo.NAME)
    items = KnowledgeItem.objects.filter(partnership=p)
    owners = set(items.values_list("owner_org__name", flat=True))
    assert {"Safer Homes Together", "Change Path", "Common Good Finance"} <= owners
    assert len({(i.terms.audience, tuple(i.terms.uses), i.terms.onward_sharing) for i in items}) >= 4
    assert set(items.values_list("kind", flat=True)) == {"file", "note", "link"}
    statuses = set(AccessRequest.objects.filter(item__partnership=p).values_list("status", flat=True))
    assert {"granted", "declined", "revoked", "pending"} <= statuses
    actions = set(AccessEntry.objects.filter(partnership=p).values_list("action", flat=True))
    assert {"view", "download", "grant", "decline", "revoke", "terms"} <= actions
    assert verification.verify(p).ok
    rows = selectors.reciprocity(p)
    assert any(r["opens"] > 0 for r in rows) and any(r["items_shared"] == 0 for r in rows)
