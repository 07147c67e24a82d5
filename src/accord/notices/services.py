"""Emitting notices. Domains call `notify` inside their own service's transaction."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from accord.partners.models import Partnership, Person

from . import kinds
from .models import Notice


def notify(*, partnership: Partnership, people: Iterable[Person], kind: str, event_key: str, title: str,
           url: str, body: str = "") -> list[Notice]:
    """Record a notice of `kind` for each person (of this partnership) once per event.

    `event_key` names the event (`"charter.version:12"`, `"governance.action:7:assigned"`): a second call
    with the same key for the same person and kind creates nothing. Returns the notices created now.
    Delivery (in-app list, e-mail now or in a digest) follows each person's preferences.
    """
    kinds.get(kind)  # a kind nobody registered is a wiring fault: fail loudly
    created: list[Notice] = []
    with transaction.atomic():
        for person in {p.pk: p for p in people}.values():
            if person.partnership_id != partnership.pk:
                raise ValueError(f"{person} is not recorded in {partnership}")
            notice, made = Notice.objects.get_or_create(
                person=person, kind=kind, event_key=event_key,
                defaults={"partnership": partnership, "title": title[:300], "url": url, "body": body},
            )
            if made:
                created.append(notice)
    return created
