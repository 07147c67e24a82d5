"""`log_action`: the one way any domain records who did what (and `redact`, the one way erasure touches it)."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model

from .models import AuditEntry


def _jsonable(data: dict[str, Any] | None) -> dict[str, Any]:
    import json

    return json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))


def log_action(
    actor: Any,
    action: str,
    obj: Model | None = None,
    data: dict[str, Any] | None = None,
    *,
    partnership: Any = None,
) -> AuditEntry:
    """Record `action` (a namespaced code such as "partners.membership.added") on `obj`.

    The partnership is found from the object when it has one, so a manager's log is complete.
    """
    if partnership is None and obj is not None:
        partnership = getattr(obj, "partnership", None)
        if partnership is None and obj.__class__.__name__ == "Partnership":
            partnership = obj
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=user,
        actor_label=str(user) if user else (str(actor) if actor else "system"),
        action=action,
        partnership=partnership,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        data=_jsonable(data),
    )


def redact(obj: Model) -> int:
    """Erasure: the trail's entries about `obj` keep what was done and when, but no longer say to whom or
    with what data (entries are never deleted). Returns how many were redacted."""
    ct = ContentType.objects.get_for_model(obj)
    return AuditEntry.objects.filter(content_type=ct, object_id=str(obj.pk)).update(object_repr="[erased]", data={})


def changes(before: Model | None, after: Model, fields: list[str]) -> dict[str, Any]:
    """The fields that differ between two states of an object, as {field: [old, new]}."""
    out: dict[str, Any] = {}
    for name in fields:
        old = getattr(before, name, None) if before is not None else None
        new = getattr(after, name, None)
        if old != new:
            out[name] = [old, new]
    return _jsonable(out)


def log_actions(entries: list[tuple[Any, str, Model, dict[str, Any] | None]]) -> list[AuditEntry]:
    """`log_action` for many (actor, action, object, data) at once, in one statement: for passes that
    derive or open many things together (the partnership is each object's own)."""
    rows = []
    for actor, action, obj, data in entries:
        user = actor if getattr(actor, "is_authenticated", False) else None
        rows.append(AuditEntry(
            actor=user, actor_label=str(user) if user else (str(actor) if actor else "system"), action=action,
            partnership=getattr(obj, "partnership", None), content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk), object_repr=str(obj)[:300], data=_jsonable(data)))
    return AuditEntry.objects.bulk_create(rows, batch_size=1000)
