"""Personal API tokens: made and revoked on the account page, stored hashed, same access as pages."""

import re

from django.test import Client

from accord.accounts.models import ApiToken, hash_token


def _make_token(world, persona="leader_a", name="script"):
    page = world.client(persona).post("/accounts/", {"name": name}).content.decode()
    return re.search(r'<code id="new-token">([^<]+)</code>', page).group(1)


def test_a_token_made_on_the_account_page_reads_the_api_and_is_stored_hashed(world):
    raw = _make_token(world)
    stored = ApiToken.objects.get(user=world.users["leader_a"])
    assert stored.token_hash == hash_token(raw) and raw not in (stored.token_hash, stored.hint)
    response = Client().get("/api/partnerships", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert [p["name"] for p in response.json()] == ["Test partnership"]
    assert response.json()[0]["your_role"] == "leader"
    stored.refresh_from_db()
    assert stored.last_used_at is not None


def test_a_revoked_token_stops_working_at_once(world):
    raw = _make_token(world)
    token = ApiToken.objects.get()
    assert world.client("leader_a").post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 302
    response = Client().get("/api/partnerships", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401 and response.json()["detail"].startswith("Sign in, or send your personal")


def test_nobody_can_revoke_another_persons_token(world):
    _make_token(world)
    token = ApiToken.objects.get()
    world.client("leader_b").post(f"/accounts/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_token_carries_exactly_its_owners_access(world):
    raw = _make_token(world, persona="funder")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert Client().get(f"/api/partnerships/{world.partnership.pk}", **auth).status_code == 200
    denied = Client().get(f"/api/partnerships/{world.partnership.pk}/people", **auth)
    assert denied.status_code == 403 and "funders see aggregates" in denied.json()["detail"]
    assert Client().get(f"/api/partnerships/{world.other.pk}", **auth).status_code == 404


def test_an_empty_token_name_is_refused(world):
    page = world.client("leader_a").post("/accounts/", {"name": "  "}).content.decode()
    assert "This field is required" in page or "Give the token a name" in page
    assert not ApiToken.objects.exists()


def test_bad_input_in_the_url_is_a_clear_json_error(world):
    response = world.client("manager").get("/api/partnerships/not-a-number")
    assert response.status_code == 422 and "detail" in response.json()


def test_the_openapi_schema_and_docs_are_served_without_other_sites(world):
    schema = Client().get("/api/openapi.json").json()
    assert "/api/partnerships/{pk}/memberships" in schema["paths"]
    docs = Client().get("/api/docs").content.decode()
    assert "swagger" in docs.lower() and "cdn." not in docs and "https://" not in docs.split("<body")[0]
