"""Corrections in partners: removing someone's access asks first (partners/correction_views.py) and can be
undone for a while by the manager who did it; their role comes back exactly as it was."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from accord.core import policy, undo
from accord.core.audit import log_action
from accord.core.models import AuditEntry

from .models import Role


@transaction.atomic
def role_restore(*, actor: Any, entry: AuditEntry) -> Role:
    snap = entry.data["snapshot"]
    if snap["fields"]["partnership_id"] != entry.partnership_id:
        raise ValidationError("This role belongs to another partnership.")
    if Role.objects.filter(partnership_id=undo.partnership_of(entry), user_id=snap["fields"]["user_id"]).exists():
        raise ValidationError("They have been given a role in this partnership since; change that role instead.")
    role = undo.rebuild(Role, snap)
    policy.forget(role.user)
    log_action(actor, "partners.role.restored", role, {"user": role.user.email, "role": role.role,
                                                       "undoes": entry.pk})
    return role


def register() -> None:
    undo.register_undo("partners.role.removed", role_restore)
