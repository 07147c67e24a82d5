"""The API's reference as an ordinary Accord page: generated from the same OpenAPI schema as the interactive
documentation at /api/docs (which stays, for developers trying calls), but server-rendered, with no script,
headings to move by, and tables a screen reader can read. The footer of every page links here.

The schema (openapi.json, /api/docs) is in English. The words it carries are marked where they are written,
with `gettext_noop` (the operations' summaries and descriptions in api/*.py, the value descriptions in
api/schema.py), so the schema keeps the English and this page shows them in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.api.schema import EMPTY

# The routers' tags (api/*.py), the names of the reference's sections: the address keeps the English (its slug)
TAGS = (gettext_noop("Partners"), gettext_noop("Charter"), gettext_noop("Corrections"), gettext_noop("Delivery"),
        gettext_noop("Discussions"), gettext_noop("Governance"), gettext_noop("Health"), gettext_noop("Library"),
        gettext_noop("Mailing"), gettext_noop("What needs me"), gettext_noop("Notices"),
        gettext_noop("Personal data"), gettext_noop("Data out"), gettext_noop("Trust"), gettext_noop("Other"))

METHODS = ("get", "post", "put", "patch", "delete")

# The words ninja gives each answer's status code in the schema (HTTP's reason phrases)
STATUSES = (gettext_noop("OK"), gettext_noop("Created"), gettext_noop("Accepted"), gettext_noop("Bad Request"),
            gettext_noop("Unauthorized"), gettext_noop("Forbidden"), gettext_noop("Not Found"),
            gettext_noop("Conflict"), gettext_noop("Unprocessable Entity"), gettext_noop("Service Unavailable"))


def words(text: str) -> str:
    """The schema's English in the active language (an empty text stays empty: gettext("") is the
    catalogue's header)."""
    return _(text) if text else ""


def described(spec: dict[str, Any]) -> str:
    """A schema's description in the active language. A list of allowed values (`one_of`:
    "open: Open; done: Done") keeps its values, which are what a program sends, and translates their
    labels; a value that may be empty (`x | None`) carries its description inside `anyOf`."""
    text = spec.get("description", "")
    if not text:
        inner = [o for o in spec.get("anyOf", []) if o.get("description")]
        return described(inner[0]) if inner else ""
    values = spec.get("enum")
    named = [piece.partition(": ") for piece in text.split("; ")]
    if values and len(named) == len(values) and all(
            name == (str(value) or EMPTY) for (name, _c, _l), value in zip(named, values, strict=True)):
        return "; ".join(f"{words(name) if name == EMPTY else name}: {words(label)}" for name, _c, label in named)
    return words(text)


@dataclass
class Field:
    name: str
    kind: str
    required: bool
    description: str = ""
    where: str = ""


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    description: str
    anchor: str
    parameters: list[Field] = field(default_factory=list)
    body: list[Field] = field(default_factory=list)
    body_name: str = ""
    answer: str = ""
    answer_fields: list[Field] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)


def _resolve(schema: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in spec:
        return schema["components"]["schemas"][spec["$ref"].rsplit("/", 1)[-1]]
    return spec


def kind(schema: dict[str, Any], spec: dict[str, Any]) -> str:
    """A schema's type in words: "text", "whole number", "list of OrganisationOut", "date", "one of: a, b"."""
    if "$ref" in spec:
        return spec["$ref"].rsplit("/", 1)[-1]
    for key in ("anyOf", "oneOf"):
        if key in spec:
            options = [kind(schema, o) for o in spec[key] if o.get("type") != "null"]
            nullable = any(o.get("type") == "null" for o in spec[key])
            either = _(" or ").join(options)
            return _("%(kind)s (or empty)") % {"kind": either} if nullable else either
    if "allOf" in spec:
        return _(" and ").join(kind(schema, o) for o in spec["allOf"])
    if "enum" in spec:
        return _("one of: %(values)s") % {"values": ", ".join(str(v) for v in spec["enum"])}
    t, fmt = spec.get("type"), spec.get("format", "")
    if t == "array":
        return _("list of %(kind)s") % {"kind": kind(schema, spec.get("items", {}))}
    named = {"date": _("date (YYYY-MM-DD)"), "date-time": _("date and time (ISO 8601)"), "email": _("e-mail address"),
             "uri": _("web address"), "time": _("time (HH:MM)"), "binary": _("file")}
    if fmt in named:
        return named[fmt]
    return {"string": _("text"), "integer": _("whole number"), "number": _("number"), "boolean": _("true or false"),
            "object": _("object")}.get(str(t), _("any"))


def fields_of(schema: dict[str, Any], spec: dict[str, Any]) -> list[Field]:
    spec = _resolve(schema, spec)
    if spec.get("type") == "array":
        spec = _resolve(schema, spec.get("items", {}))
    required = set(spec.get("required", []))
    return [Field(name, kind(schema, prop), name in required, described(prop))
            for name, prop in spec.get("properties", {}).items()]


def _operation(schema: dict[str, Any], path: str, method: str, op: dict[str, Any]) -> Operation:
    from accord.api.reports import dataset_summary

    anchor = op.get("operationId", f"{method}-{path}")
    out = Operation(method=method.upper(), path=path, summary=dataset_summary(anchor) or words(op.get("summary", "")),
                    description=words(op.get("description", "")), anchor=anchor)
    for p in op.get("parameters", []):
        out.parameters.append(Field(p["name"], kind(schema, p.get("schema", {})), bool(p.get("required")),
                                    described(p) or described(p.get("schema", {})),
                                    {"path": _("in the address"), "query": _("after ? in the address")}.get(p["in"], p["in"])))
    content = (op.get("requestBody") or {}).get("content", {})
    for media, body in content.items():
        out.body_name = f"{kind(schema, body.get('schema', {}))} ({media})"
        out.body = fields_of(schema, body.get("schema", {}))
        break
    for status, answer in op.get("responses", {}).items():
        code = str(status)
        if code.startswith("2"):
            body_schema = answer.get("content", {}).get("application/json", {}).get("schema")
            out.answer = f"{code} {words(answer.get('description', ''))}" + (
                f": {kind(schema, body_schema)}" if body_schema else "")
            out.answer_fields = fields_of(schema, body_schema) if body_schema else []
        else:
            out.errors.append((code, words(answer.get("description", ""))))
    return out


@cache
def sections(language: str) -> list[tuple[str, list[Operation]]]:
    """The operations grouped by their tag (Partners, Charter, …), in the schema's order, with the words
    of the types in `language` (the one active: kept apart for each language)."""
    from accord.api.main import api

    schema = api.get_openapi_schema(path_prefix="/api/")
    groups: dict[str, list[Operation]] = {}
    for path, operations in schema["paths"].items():
        for method in METHODS:
            if method in operations:
                op = operations[method]
                groups.setdefault((op.get("tags") or ["Other"])[0], []).append(_operation(schema, path, method, op))
    return list(groups.items())


def reference(request: HttpRequest, section: str = "") -> HttpResponse:
    """The basics and the list of sections; or one section's operations (a page each keeps pages short)."""
    from django.http import Http404
    from django.utils.text import slugify

    groups = [(_(name), slugify(name), operations) for name, operations in sections(translation.get_language() or "")]
    if not section:
        return render(request, "api/reference.html", {"groups": groups})
    found = next((g for g in groups if g[1] == section), None)
    if found is None:
        raise Http404("No such part of the API")
    return render(request, "api/reference_section.html", {"name": found[0], "operations": found[2], "groups": groups})
