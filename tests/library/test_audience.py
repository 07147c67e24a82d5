"""Who may open which item, for every role: the audience rules on pages and API, and that a refused
attempt is not in the access record."""

import datetime as dt

import pytest
from django.utils import timezone

from accord.library import rules
from accord.library.models import AccessEntry

from .conftest import access_of, share

# org A owns every item; the manager, leader_a and staff_a speak for A, leader_b and staff_b for B
CAN_OPEN = {
    "everyone": {"manager", "leader_a", "staff_a", "leader_b", "staff_b"},
    "named_b": {"manager", "leader_a", "staff_a", "leader_b", "staff_b"},
    "named_c": {"manager", "leader_a", "staff_a"},
    "funders": {"manager", "leader_a", "staff_a", "leader_b", "staff_b", "funder"},
    "pdf": {"manager", "leader_a", "staff_a", "leader_b", "staff_b"},
}
PERSONAS = ["manager", "leader_a", "staff_a", "leader_b", "staff_b", "funder", "outsider"]


def accept(client, item):
    client.post(item.get_absolute_url(), {"accept": str(item.terms.version)})


@pytest.mark.parametrize("persona", PERSONAS)
def test_item_pages_and_downloads_follow_the_audience(world, items, persona):
    client = world.client(persona)
    for key, item in items.items():
        before = AccessEntry.objects.count()
        accept(client, item)
        page = client.get(item.get_absolute_url())
        download = client.get(f"{item.get_absolute_url()}download/")
        api = client.get(f"/api/partnerships/{world.partnership.pk}/library/items/{item.pk}")
        if persona in CAN_OPEN[key]:
            assert page.status_code == 200, key
            assert api.status_code == 200, key
            assert download.status_code == (200 if key == "pdf" else 404), key
        else:
            assert (page.status_code, download.status_code, api.status_code) == (404, 404, 404), key
            assert AccessEntry.objects.count() == before, "a refused attempt must not be recorded"


@pytest.mark.parametrize("persona", PERSONAS)
def test_lists_show_only_what_the_user_may_open(world, items, persona):
    client = world.client(persona)
    page = client.get(f"/p/{world.partnership.pk}/library/")
    api = client.get(f"/api/partnerships/{world.partnership.pk}/library/items")
    if persona == "outsider":
        assert page.status_code == api.status_code == 404
        return
    assert page.status_code == api.status_code == 200
    listed = {i["title"] for i in api.json()}
    assert listed == {items[k].title for k, who in CAN_OPEN.items() if persona in who}
    html = page.content.decode()
    for key, item in items.items():
        in_table = f'href="{item.get_absolute_url()}"' in html
        assert in_table == (persona in CAN_OPEN[key]), (key, persona)


def test_anonymous_is_sent_to_sign_in_and_the_api_says_401(world, items):
    client = world.client("anonymous")
    for url in (f"/p/{world.partnership.pk}/library/", items["everyone"].get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/")
    assert client.get(f"/api/partnerships/{world.partnership.pk}/library/items").status_code == 401


def test_expired_terms_close_the_item_to_everyone_but_its_owner(world, items):
    item = share(world, title="Short-lived", expires_on=timezone.localdate())
    assert world.client("staff_b").get(item.get_absolute_url()).status_code == 200  # gate page: still open today
    item.terms.expires_on = timezone.localdate() - dt.timedelta(days=1)
    item.terms.save()
    assert world.client("staff_b").get(item.get_absolute_url()).status_code == 404
    assert world.client("staff_b").get(f"{item.get_absolute_url()}download/").status_code == 404
    page = world.client("staff_a").get(item.get_absolute_url())
    assert page.status_code == 200 and "The terms ended" in page.content.decode()


def test_withdrawn_items_close_but_keep_their_record(world, items):
    from accord.library import services

    from .conftest import access_of

    item = items["everyone"]
    client = world.client("staff_b")
    accept(client, item)
    assert client.get(item.get_absolute_url()).status_code == 200
    services.item_withdraw(actor=world.users["leader_a"], access=access_of(world, "leader_a"), item=item)
    assert client.get(item.get_absolute_url()).status_code == 404
    record = world.client("staff_a").get(f"/api/partnerships/{world.partnership.pk}/library/record?item_id={item.pk}")
    assert [e["action"] for e in record.json()][:2] == ["withdraw", "view"]
    assert any(e["organisation"] == "Beta Trust" for e in record.json())


def test_readers_see_the_terms_before_the_item(world, items):
    item = items["named_b"]
    client = world.client("staff_b")
    gate = client.get(item.get_absolute_url()).content.decode()
    assert "I accept these terms" in gate and "Ask about" not in gate
    assert not AccessEntry.objects.filter(item=item, action="view").exists()
    download = client.get(f"{item.get_absolute_url()}download/")
    assert download.status_code == 404  # a note has no file
    accept(client, item)
    opened = client.get(item.get_absolute_url()).content.decode()
    assert "<strong>risk</strong>" in opened and "Only these partners: Beta Trust" in opened
    entry = AccessEntry.objects.get(item=item, action="view")
    assert (entry.user_id, entry.organisation_id, entry.terms_version) == (world.users["staff_b"].pk, world.org_b.pk, 1)


def test_new_terms_are_shown_again_before_the_next_opening(world, items):
    from accord.library import services

    from .conftest import access_of

    item = items["everyone"]
    client = world.client("staff_b")
    accept(client, item)
    assert "I accept these terms" not in client.get(item.get_absolute_url()).content.decode()
    services.terms_set(actor=world.users["staff_a"], access=access_of(world, "staff_a"), item=item,
                       terms={"audience": "partnership", "uses": ["learning", "adapt"], "attribution": "Alpha 2026"})
    item.refresh_from_db()
    gate = client.get(item.get_absolute_url()).content.decode()
    assert "I accept these terms" in gate and "Alpha 2026" in gate


def test_funders_see_only_items_whose_terms_include_funders_even_with_a_grant(world, items):
    """docs/library.md: funders see only items whose terms include funders. A grant is to a partner
    organisation; one recorded for the funder's organisation opens nothing to a funder."""
    from accord.library.models import AccessRequest

    for key in ("everyone", "named_b", "pdf"):
        AccessRequest.objects.create(item=items[key], organisation=world.funder_org, reason="x",
                                     status=AccessRequest.Status.GRANTED)
    access = access_of(world, "funder")
    assert set(rules.readable(access).values_list("title", flat=True)) == {"Funders too"}
    client = world.client("funder")
    assert client.get(items["everyone"].get_absolute_url()).status_code == 404
    api = client.get(f"/api/partnerships/{world.partnership.pk}/library/items").json()
    assert [i["title"] for i in api] == ["Funders too"]
    assert client.get(items["funders"].get_absolute_url()).status_code == 200
