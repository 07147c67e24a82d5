"""What still refers to a record, in plain words, before it is deleted.

A delete of something other records point at (a person, a membership, an area, a goal, a commitment, a
meeting series) refuses while anything still refers to it, naming what ("2 actions, 1 signature"), and says
what to do instead (end it, or remove those first). The rows are found from the model's relations, so a new
model pointing at a person blocks deleting them without anyone remembering to add a check here.

Some rows are part of what is deleted and go with it (a person's expected attendance at meetings still to
come, their notices): the app owning those rows declares them with `register_passing(...)` from its
`AppConfig.ready()`, as a filter leaving only the rows that still block (`lambda qs: qs.filter(...)`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import ForeignObjectRel, Q, QuerySet

Blocking = Callable[[QuerySet[Any]], QuerySet[Any]]
PASSING: dict[tuple[str, str], Blocking] = {}


def register_passing(model_label: str, field: str, blocking: Blocking) -> None:
    """Rows of `model_label` pointing through `field` that go with the record deleted: `blocking(qs)` keeps
    only the ones that should still stop the delete (`qs.none()` when none should)."""
    PASSING[(model_label.lower(), field)] = blocking


def _partnership_paths(model: type[models.Model], depth: int = 4, seen: frozenset[Any] = frozenset()) -> list[str]:
    """Every chain of foreign keys from `model` to a partnership (`meeting__series__partnership`)."""
    if model._meta.label_lower == "partners.partnership":
        return [""]
    if depth == 0 or model in seen:
        return []
    paths = []
    for field in model._meta.concrete_fields:
        if field.is_relation and field.many_to_one and field.related_model is not None:
            for rest in _partnership_paths(field.related_model, depth - 1, seen | {model}):
                paths.append(f"{field.name}__{rest}" if rest else field.name)
    return paths


def within_partnership(qs: QuerySet[Any], partnership: Any) -> QuerySet[Any]:
    """The rows of `qs` that belong to `partnership`, by any chain of foreign keys (none when there is none)."""
    paths = _partnership_paths(qs.model)
    if not paths:
        return qs.none()
    where = Q()
    for path in paths:
        where |= Q(**{path or "pk": getattr(partnership, "pk", partnership)})
    return qs.filter(where).distinct()


def references(obj: models.Model, *, partnership: Any = None, skip: Collection[str] = ()) -> list[str]:
    """What refers to `obj`, counted by kind ("2 actions"); only rows of `partnership` when given (an
    organisation is shared, and another partnership's rows are neither counted nor named)."""
    found = []
    for rel in obj._meta.get_fields(include_hidden=True):
        if not isinstance(rel, ForeignObjectRel) or rel.related_model is None or rel.concrete:
            continue  # only the relations other models hold to this one
        model: Any = rel.related_model
        label = model._meta.label_lower
        if label in skip or model._meta.auto_created:  # an M2M's own table: counted as the model holding it
            continue
        qs = model._default_manager.filter(**{rel.field.name: obj})
        if partnership is not None:
            qs = within_partnership(qs, partnership)
        narrow = PASSING.get((label, rel.field.name))
        if narrow is not None:
            qs = narrow(qs)
        count = qs.count()
        if count:
            name = model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural
            found.append(f"{count} {name}")
    return found


def check_unreferenced(obj: models.Model, *, what: str, instead: str, partnership: Any = None,
                       skip: Collection[str] = (), pronoun: str = "it") -> None:
    """Refuse to delete `obj` while anything refers to it: `what` names it (`pronoun`: "them" for a person),
    `instead` says what to do."""
    found = references(obj, partnership=partnership, skip=skip)
    if found:
        listed = ", ".join(found[:-1]) + f" and {found[-1]}" if len(found) > 1 else found[0]
        raise ValidationError(f"{what} cannot be deleted: other records still name {pronoun} ({listed}). {instead}")
