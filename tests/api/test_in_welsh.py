"""The API answers in the language the client asks for (Accept-Language: cy): every message in Welsh,
while status codes, field names and the shape of the body stay as documented."""

from __future__ import annotations

import pytest

from accord.api.errors import _PYDANTIC

WELSH = {"HTTP_ACCEPT_LANGUAGE": "cy"}


def test_a_refused_input_is_explained_in_welsh_with_the_same_fields(world):
    client = world.client("manager")
    url = f"/api/partnerships/{world.partnership.pk}/areas"
    english = client.post(url, {"ons_code": "E08000035"}, content_type="application/json")
    welsh = client.post(url, {"ons_code": "E08000035"}, content_type="application/json", **WELSH)
    assert english.status_code == welsh.status_code == 422
    assert english.json()["errors"] == [{"field": "name", "message": "Field required"}]
    assert welsh.json()["errors"] == [{"field": "name", "message": "Mae angen y maes hwn"}]
    assert welsh.json()["detail"] == "name: Mae angen y maes hwn" and set(welsh.json()) == {"detail", "errors"}


def test_a_model_rule_refused_by_a_service_comes_in_welsh_too(world):
    # the model's own check (Django's validators carry Django's Welsh), through the service's full_clean
    client = world.client("manager")
    url = f"/api/partnerships/{world.partnership.pk}/areas"
    english = client.post(url, {"name": "x" * 500}, content_type="application/json")
    welsh = client.post(url, {"name": "x" * 500}, content_type="application/json", **WELSH)
    assert english.status_code == welsh.status_code == 422
    assert [p["field"] for p in welsh.json()["errors"]] == [p["field"] for p in english.json()["errors"]]
    assert "Ensure this value" in english.json()["detail"] and "Ensure this value" not in welsh.json()["detail"]


def test_other_errors_in_welsh(world):
    unreadable = world.client("manager").post(f"/api/partnerships/{world.partnership.pk}/areas", b"\xff{",
                                              content_type="application/json", **WELSH)
    assert unreadable.status_code == 400 and unreadable.json()["detail"].startswith("Nid oedd modd darllen")
    missing = world.client("manager").get(f"/api/partnerships/{world.partnership.pk}/areas/999999", **WELSH)
    assert missing.status_code == 404 and missing.json() == {"detail": "Heb ei ganfod"}
    anonymous = world.client("anonymous").get(f"/api/partnerships/{world.partnership.pk}/areas", **WELSH)
    assert anonymous.status_code == 401 and anonymous.json()["detail"].startswith("Mewngofnodwch")
    english = world.client("manager").get(f"/api/partnerships/{world.partnership.pk}/areas/999999")
    assert english.json() == {"detail": "Not Found"}


@pytest.mark.parametrize("kind", sorted(_PYDANTIC))
def test_every_pydantic_message_has_a_welsh_form(kind):
    from django.utils import translation

    context = {"min_length": 2, "max_length": 3, "pattern": "x", "gt": 1, "ge": 1, "lt": 1, "le": 1, "expected": "'a'"}
    with translation.override("en"):
        english = _PYDANTIC[kind](context)
    with translation.override("cy"):
        assert _PYDANTIC[kind](context) != english
