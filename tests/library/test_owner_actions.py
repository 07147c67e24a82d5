"""What the owner does through the pages: change the terms (a new version, recorded), withdraw; and
what readers get through the API read: the terms with the item, recorded once."""

import datetime as dt

from django.utils import timezone

from accord.library.models import AccessEntry, TermsVersion

from .conftest import share


def _terms_post(**over):
    data = {"audience": "named", "uses": ["learning", "joint_delivery"], "attribution": "Alpha, 2026",
            "expires_on": (timezone.localdate() + dt.timedelta(days=90)).isoformat()}
    data.update(over)
    return data


def test_the_owner_changes_the_terms_on_the_page_and_it_is_recorded(world, items):
    item = items["everyone"]
    url = f"{item.get_absolute_url()}terms/"
    response = world.client("leader_a").post(url, {**_terms_post(), "named_orgs": [world.org_b.pk]})
    assert response.status_code == 302
    item.terms.refresh_from_db()
    assert item.terms.version == 2 and list(item.terms.named_orgs.all()) == [world.org_b]
    assert TermsVersion.objects.get(item=item, version=2).snapshot["named_orgs"] == ["Beta Trust"]
    entry = AccessEntry.objects.filter(item=item).latest("seq")
    assert (entry.action, entry.terms_version, entry.user_id) == ("terms", 2, world.users["leader_a"].pk)
    assert entry.data["terms"]["uses"] == ["learning", "joint_delivery"]


def test_terms_ending_in_the_past_are_refused_on_the_page(world, items):
    item = items["everyone"]
    past = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    response = world.client("staff_a").post(f"{item.get_absolute_url()}terms/",
                                            {**_terms_post(audience="partnership"), "expires_on": past})
    assert response.status_code == 200 and "in the past" in response.content.decode()
    item.terms.refresh_from_db()
    assert item.terms.version == 1 and item.terms.expires_on is None


def test_only_the_owner_withdraws(world, items):
    item = items["everyone"]
    url = f"{item.get_absolute_url()}withdraw/"
    assert world.client("leader_b").get(url).status_code == 403
    assert world.client("leader_b").post(url, {"confirm": "on"}).status_code == 403
    assert world.client("manager").post(url, {"confirm": "on"}).status_code == 302  # speaks for A
    item.refresh_from_db()
    assert item.is_withdrawn


def test_withdrawing_asks_for_confirmation_first(world, items):
    item = items["everyone"]
    url = f"{item.get_absolute_url()}withdraw/"
    client = world.client("staff_a")
    assert f'href="{url}"' in client.get(item.get_absolute_url()).content.decode()  # a link, not a one-click form
    page = client.get(url).content.decode()
    assert "no longer be able to open" in page and "cannot be undone" in page and 'name="confirm"' in page
    unconfirmed = client.post(url, {})
    assert unconfirmed.status_code == 200 and "Tick the box to confirm" in unconfirmed.content.decode()
    item.refresh_from_db()
    assert not item.is_withdrawn and not AccessEntry.objects.filter(item=item, action="withdraw").exists()
    assert client.post(url, {"confirm": "on"}).status_code == 302
    item.refresh_from_db()
    assert item.is_withdrawn and AccessEntry.objects.filter(item=item, action="withdraw").count() == 1
    assert client.get(url).status_code == 302  # already withdrawn: back to the item, nothing done twice


def test_the_api_read_returns_the_terms_and_records_one_view(world, items):
    item = items["named_b"]
    body = world.client("staff_b").get(f"/api/partnerships/{world.partnership.pk}/library/items/{item.pk}").json()
    assert body["terms"]["named_org_names"] == ["Beta Trust"] and body["terms"]["version"] == 1
    assert "<strong>risk</strong>" in body["note_html"]
    assert AccessEntry.objects.filter(item=item, action="view", user=world.users["staff_b"]).count() == 1


def test_notes_are_sanitised(world):
    item = share(world, title="Unsafe", body="Hello <script>alert(1)</script> [x](javascript:alert(2))")
    client = world.client("staff_b")
    client.post(item.get_absolute_url(), {"accept": "1"})
    page = client.get(item.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page and "javascript:alert" not in page


def test_accepting_old_terms_does_not_open_the_item(world, items):
    item = items["everyone"]
    client = world.client("staff_b")
    client.post(item.get_absolute_url(), {"accept": "0"})
    assert "I accept these terms" in client.get(item.get_absolute_url()).content.decode()
    assert not AccessEntry.objects.filter(item=item, action="view").exists()
