"""The OpenAPI document tells the truth: one schema per name, valid OpenAPI 3.1, every error documented
with its body, and anonymous writes answered 401 (not a CSRF message)."""

from __future__ import annotations

import json
import re
import types
import typing
from collections import defaultdict
from typing import Any

import pytest
from django.test import Client
from pydantic import BaseModel

from accord.api.main import api
from tests.once import ONCE_ONLY

WRITES = ("post", "put", "patch", "delete")


def _document() -> dict[str, Any]:
    return json.loads(json.dumps(api.get_openapi_schema()))  # as served: status codes become strings


def _models(annotation: Any, seen: set[type]) -> None:
    """Every pydantic model reachable from a type annotation (fields, lists, unions, dict values)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in seen:
            return
        seen.add(annotation)
        for field in annotation.model_fields.values():
            _models(field.annotation, seen)
        return
    for arg in typing.get_args(annotation):
        _models(arg, seen)
    if isinstance(annotation, types.UnionType):
        for arg in annotation.__args__:
            _models(arg, seen)


def _operations() -> list[Any]:
    return [op for router in api._get_bound_routers() for view in router.path_operations.values()
            for op in view.operations]


@ONCE_ONLY
def test_no_two_schema_classes_share_a_name():
    """ninja names each component after its class and silently keeps one of two same-named classes, so an
    operation would be documented with another's body."""
    seen: set[type] = set()
    for op in _operations():
        for model in op.models:
            _models(model, seen)
        for model in op.response_models.values():
            if isinstance(model, type):
                _models(model, seen)
    by_name: dict[str, set[str]] = defaultdict(set)
    for model in seen:
        if model.__module__.startswith("accord."):
            by_name[model.__name__].add(f"{model.__module__}.{model.__qualname__}")
    clashes = {name: sorted(where) for name, where in by_name.items() if len(where) > 1}
    assert not clashes, f"rename these with a domain prefix: {clashes}"
    assert len(by_name) > 50  # the walk really reached the schemas


@ONCE_ONLY
def test_the_document_is_valid_openapi_3_1():
    validator = pytest.importorskip("openapi_spec_validator")
    document = _document()
    assert document["openapi"].startswith("3.1")
    validator.validate(document)


@ONCE_ONLY
def test_every_operation_documents_its_errors_with_their_bodies():
    document = _document()
    schemas = document["components"]["schemas"]
    assert schemas["ErrorOut"]["required"] == ["detail"]
    assert schemas["ErrorOut"]["properties"]["detail"]["type"] == "string"
    assert {"detail", "errors"} <= set(schemas["InvalidOut"]["required"])
    count = 0
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            for status in ("400", "401", "403", "404", "409", "422", "503"):
                body = operation["responses"].get(status, {}).get("content", {}).get("application/json", {})
                expected = "InvalidOut" if status == "422" else "ErrorOut"
                assert body.get("schema", {}).get("$ref", "").endswith(f"/{expected}"), (method, path, status)
            count += 1
    assert count == len(_operations())


@ONCE_ONLY
def test_times_and_pairs_are_documented_as_they_are_sent():
    """A local time has no UTC offset, so not JSON Schema's `time` format; the rollout's series is named
    points, not [date, count] pairs that tools misread."""
    document = _document()
    text = json.dumps(document)
    assert '"format": "time"' not in text and "prefixItems" not in text
    start = document["components"]["schemas"]["SeriesIn"]["properties"]["start_time"]
    assert re.fullmatch(start["pattern"], "10:00") and re.fullmatch(start["pattern"], "18:30:00")
    assert not re.fullmatch(start["pattern"], "25:00")


def test_the_rollout_series_is_named_points(world):
    client = world.client("manager")
    base = f"/api/partnerships/{world.partnership.pk}"
    area = client.post(f"{base}/areas", {"name": "Leeds"}, content_type="application/json").json()
    client.post(f"{base}/areas/{area['id']}/moves", {"stage": "live", "on": "2024-03-01"},
                content_type="application/json")
    series = client.get(f"{base}/rollout").json()["series"]
    assert series[0] == {"on": "2024-03-01", "live": 1}


def _writes() -> list[tuple[str, str]]:
    return [(method, path) for path, methods in _document()["paths"].items() for method in methods
            if method in WRITES]


def test_anonymous_writes_answer_401_with_a_json_body_not_a_csrf_message(world):
    writes = _writes()
    assert len(writes) > 30
    client = Client(enforce_csrf_checks=True)
    for method, path in writes:
        url = re.sub(r"\{[^}]+\}", "1", path).replace("/1/", f"/{world.partnership.pk}/", 1)
        response = getattr(client, method)(url, "{}", content_type="application/json")
        assert response.status_code == 401, (method, path, response.content)
        assert "Sign in" in response.json()["detail"] and "CSRF" not in response.json()["detail"]


def test_a_signed_in_browser_still_needs_the_csrf_token_and_a_token_does_not(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["manager"])
    url = f"/api/partnerships/{world.partnership.pk}/areas"
    forged = client.post(url, {"name": "Leeds"}, content_type="application/json")
    assert forged.status_code == 403 and "CSRF" in forged.json()["detail"]
    client.get("/accounts/")  # any page sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    made = client.post(url, {"name": "Leeds"}, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert made.status_code == 201


def test_refused_and_unreadable_input_answer_their_documented_bodies(world):
    client = world.client("manager")
    url = f"/api/partnerships/{world.partnership.pk}/areas"
    refused = client.post(url, {"ons_code": "E08000035"}, content_type="application/json")
    assert refused.status_code == 422
    assert refused.json()["errors"] == [{"field": "name", "message": "Field required"}]
    assert "name" in refused.json()["detail"]
    unreadable = client.post(url, b"\xff{not json", content_type="application/json")
    assert unreadable.status_code == 400 and "send JSON" in unreadable.json()["detail"]
    rule = client.post(f"/api/partnerships/{world.partnership.pk}/areas/1/moves",
                       {"stage": "live"}, content_type="application/json")
    assert rule.status_code == 404 and isinstance(rule.json()["detail"], str)


def test_a_write_that_meets_a_concurrent_change_answers_409_not_500(world, monkeypatch):
    from django.db import IntegrityError

    from accord.delivery import services

    def clash(**kwargs: Any) -> None:
        raise IntegrityError("UNIQUE constraint failed: delivery_area.partnership_id, delivery_area.name")

    monkeypatch.setattr(services, "area_save", clash)
    response = world.client("manager").post(f"/api/partnerships/{world.partnership.pk}/areas", {"name": "Leeds"},
                                            content_type="application/json")
    assert response.status_code == 409 and "same moment" in response.json()["detail"]
    assert "UNIQUE" not in response.json()["detail"]  # no database internals in the answer


@pytest.mark.parametrize("time_zone", ["Europe/" + "x" * 300, "Europe", "../../etc/passwd", "Mars/Olympus"])
def test_a_time_zone_that_is_no_zone_is_refused_plainly_not_a_500(world, time_zone):
    """Found by the fuzzer on PostgreSQL: a name too long for a file name made zoneinfo raise OSError."""
    response = world.client("manager").post(
        f"/api/partnerships/{world.partnership.pk}/meeting-series",
        {"title": "Leaders", "rrule": "FREQ=MONTHLY;COUNT=2", "starts_on": "2024-02-06", "time_zone": time_zone},
        content_type="application/json")
    assert response.status_code == 422 and "is not a time zone" in response.json()["detail"]
