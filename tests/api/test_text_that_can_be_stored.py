"""A NUL character in any text sent to the API is refused with the field named, before anything is saved
(PostgreSQL cannot store one: it was a server error there, and SQLite kept it)."""

from __future__ import annotations

from accord.delivery.models import Area


def test_a_nul_in_a_body_is_refused_with_its_field_named_and_nothing_saved(world):
    client = world.client("manager")
    url = f"/api/partnerships/{world.partnership.pk}/areas"
    before = Area.objects.count()
    answer = client.post(url, {"name": "Cardiff\x00 East"}, content_type="application/json")
    assert answer.status_code == 422
    assert answer.json()["errors"] == [
        {"field": "name", "message": "The text holds a character that cannot be saved (NUL). Remove it and try again."}]
    assert Area.objects.count() == before
    assert client.post(url, {"name": "Cardiff East"}, content_type="application/json").status_code == 201


def test_a_nul_deep_in_a_body_or_in_the_query_string_is_refused_too(world):
    client = world.client("manager")
    url = f"/api/partnerships/{world.partnership.pk}/areas"
    nested = client.post(url, {"name": "Ok", "extra": [{"note": "a\x00b"}]}, content_type="application/json")
    assert nested.status_code == 422 and nested.json()["errors"][0]["field"] == "extra.0.note"
    query = client.get(f"/api/partnerships/{world.partnership.pk}/library/items?q=a%00b")
    assert query.status_code == 422 and query.json()["errors"][0]["field"] == "q"


def test_the_refusal_comes_in_welsh(world):
    answer = world.client("manager").post(f"/api/partnerships/{world.partnership.pk}/areas", {"name": "a\x00"},
                                          content_type="application/json", HTTP_ACCEPT_LANGUAGE="cy")
    assert answer.status_code == 422 and "NUL" in answer.json()["detail"]
    assert "cannot be saved" not in answer.json()["detail"]
