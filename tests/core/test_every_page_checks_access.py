"""A safety net over every page and endpoint of a partnership, including ones added later: someone
from another partnership gets 404 (GET and POST) and someone signed out is sent to sign in (pages)
or gets 401 (API). Each domain's own matrix tests then check each role in detail."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def _routes(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


def _partnership_pages():
    pages = []
    for route in _routes():
        params = PARAM.findall(route)
        if route.startswith(("api/", "admin/")) or [name for _, name in params] != ["pk"]:
            continue
        pages.append("/" + PARAM.sub("{pk}", route).replace("^", "").replace("$", ""))
    return sorted(set(pages))


PAGES = _partnership_pages()


def test_the_sweep_finds_the_pages():
    assert "/p/{pk}/" in PAGES and "/p/{pk}/people/" in PAGES


@pytest.mark.parametrize("page", PAGES)
def test_a_stranger_gets_not_found_and_a_signed_out_visitor_is_sent_to_sign_in(world, page):
    url = page.format(pk=world.partnership.pk)
    outsider = world.client("outsider")
    get, post = outsider.get(url).status_code, outsider.post(url, {}).status_code
    # 405 (a POST-only or GET-only page) is the same for every partnership, so it reveals nothing
    assert get in (404, 405) and post in (404, 405) and 404 in (get, post)
    response = world.client("anonymous").get(url)
    if response.status_code != 405:
        assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/")


def _api_paths(client):
    schema = client.get("/api/openapi.json").json()
    for path, operations in schema["paths"].items():
        params = re.findall(r"{(\w+)}", path)
        if params == ["pk"]:
            for method in operations:
                yield path, method


def test_every_partnership_endpoint_hides_the_partnership_from_strangers(world):
    outsider, anonymous = world.client("outsider"), world.client("anonymous")
    checked = 0
    for path, method in _api_paths(outsider):
        url = path.replace("{pk}", str(world.partnership.pk))
        response = getattr(outsider, method)(url, data={}, content_type="application/json") \
            if method != "get" else outsider.get(url)
        assert response.status_code in (404, 422), f"{method.upper()} {path} answered {response.status_code}"
        if response.status_code == 422:  # validation ran first: the body was refused before any lookup
            assert "pk" not in str(response.json())
        assert getattr(anonymous, method)(url).status_code == 401, f"{method.upper()} {path} without sign-in"
        checked += 1
    assert checked >= 4


@pytest.mark.parametrize("url", [
    "/p/{pk}/organisations/99999999999999999999999/",
    "/api/partnerships/{pk}/organisations/99999999999999999999999",
])
def test_an_id_too_large_for_the_database_is_not_found(world, url):
    response = world.client("manager").get(url.format(pk=world.partnership.pk))
    assert response.status_code == 404


def test_a_filter_by_an_id_too_large_for_the_database_finds_nothing(world):
    # SQLite cannot hold the number (404); PostgreSQL compares it and finds no entry (an empty list)
    url = f"/api/partnerships/{world.partnership.pk}/library/record?item_id=99999999999999999999999"
    response = world.client("manager").get(url)
    assert response.status_code == 404 or (response.status_code == 200 and response.json() == [])
