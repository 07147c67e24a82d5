"""Every Person now belongs to one partnership (see docs/conventions.md, "Partnership boundaries").

Data: each existing Person is given a partnership in which its organisation is a member (the one
whose records use it most, then the earliest membership). Where the organisation is a member of
several partnerships, the Person is copied once for each other partnership, and every row in other
apps that points at the Person (charter sign-offs and commitments, meeting attendance, agenda items,
actions, extra attendees, survey invitations, health events, handovers, ...) is repointed to the copy
of the referencing row's own partnership. Nothing is deleted, except a Person whose organisation is a
member of no partnership and that no row uses: no page could show it before either.
"""

from __future__ import annotations

from collections import Counter, deque

from django.db import migrations

PERSON = "partners.person"
PARTNERSHIP = "partners.partnership"
COPIED = ["organisation_id", "name", "job_title", "seniority", "email", "start_date", "end_date", "user_id"]


def _path_to_partnership(model, skip=()):
    """The shortest chain of foreign keys from `model` to Partnership, as a lookup ("meeting__series__partnership")."""
    queue = deque([(model, "")])
    seen = {model._meta.label_lower}
    while queue:
        current, path = queue.popleft()
        for field in current._meta.concrete_fields:
            if not field.is_relation or not field.many_to_one or (current is model and field.name in skip):
                continue
            target = field.related_model
            label = target._meta.label_lower
            lookup = f"{path}__{field.name}" if path else field.name
            if label == PARTNERSHIP:
                return lookup
            if label not in seen and label != PERSON and lookup.count("__") < 4:
                seen.add(label)
                queue.append((target, lookup))
    return None


def _references(apps):
    """(model, person field name, path to partnership) for every foreign key to Person, M2M through tables included."""
    out = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.label_lower == PERSON:
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and field.many_to_one and field.related_model._meta.label_lower == PERSON:
                path = _path_to_partnership(model, skip={field.name})
                if path is not None:
                    out.append((model, field.name, path))
    return out


def forwards(apps, schema_editor):
    Person = apps.get_model("partners", "Person")
    Membership = apps.get_model("partners", "Membership")
    refs = _references(apps)
    # which partnerships use each person, and how often
    uses: dict[int, Counter] = {}
    for model, field, path in refs:
        for person_id, partnership_id in model.objects.exclude(**{f"{field}__isnull": True}).values_list(
                f"{field}_id", path):
            if partnership_id is not None:
                uses.setdefault(person_id, Counter())[partnership_id] += 1
    members: dict[int, list[int]] = {}
    for org_id, partnership_id in Membership.objects.order_by("pk").values_list("organisation_id", "partnership_id"):
        members.setdefault(org_id, []).append(partnership_id)

    copies: dict[tuple[int, int], int] = {}  # (original person id, partnership id) -> person id
    for person in Person.objects.filter(partnership__isnull=True).order_by("pk"):
        wanted = list(dict.fromkeys(members.get(person.organisation_id, []) + sorted(uses.get(person.pk, {}))))
        if not wanted:
            person.delete()
            continue
        counts = uses.get(person.pk, Counter())
        home = max(wanted, key=lambda p: (counts[p], -wanted.index(p)))
        person.partnership_id = home
        person.save(update_fields=["partnership"])
        copies[(person.pk, home)] = person.pk
        for other in wanted:
            if other != home:
                copy = Person.objects.create(partnership_id=other, **{f: getattr(person, f) for f in COPIED})
                copies[(person.pk, other)] = copy.pk

    for model, field, path in refs:
        rows = model.objects.exclude(**{f"{field}__isnull": True}).values_list("pk", f"{field}_id", path)
        for pk, person_id, partnership_id in list(rows):
            target = copies.get((person_id, partnership_id))
            if target is not None and target != person_id:
                model.objects.filter(pk=pk).update(**{f"{field}_id": target})


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0003_person_partnership"),
        ("charter", "0001_initial"),
        ("governance", "0001_initial"),
        ("health", "0001_initial"),
        ("trust", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
