""""What needs me": the to-dos every domain registered (core.registry.TodoSource), for one person, most
urgent first. Each source reads through the person's access in one partnership, so nothing a role may
not see is listed; a partnership the person has no role in is never asked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from . import policy
from .registry import TODO_SOURCES, Todo


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.max


def urgency(todo: Todo) -> tuple[int, dt.date, int, str]:
    """Overdue first, then by due date (undated last), then by the source's rank."""
    return (0 if todo.overdue else 1, _as_date(todo.due), todo.rank, todo.title)


def for_access(user: Any, access: policy.Access) -> list[Todo]:
    todos: list[Todo] = []
    for source in sorted(TODO_SOURCES.values(), key=lambda s: s.key):
        todos += [t for t in source.collect(user, access) if t.partnership_id == access.partnership.pk]
    return sorted(todos, key=urgency)


@dataclass
class PartnershipTodos:
    access: policy.Access
    todos: list[Todo] = field(default_factory=list)


def for_user(user: Any) -> list[PartnershipTodos]:
    """Every partnership the person has a role in, each with its to-dos; those with most to do first."""
    out = []
    for partnership in policy.partnerships_for(user).order_by("name"):
        access = policy.access_for(user, partnership)
        if access is not None:
            out.append(PartnershipTodos(access, for_access(user, access)))
    return sorted(out, key=lambda p: (urgency(p.todos[0]) if p.todos else (2, dt.date.max, 0, ""),
                                      p.access.partnership.name))


def flat(groups: list[PartnershipTodos]) -> list[tuple[Todo, policy.Access]]:
    return sorted(((t, g.access) for g in groups for t in g.todos), key=lambda pair: urgency(pair[0]))
