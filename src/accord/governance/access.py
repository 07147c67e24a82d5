"""Who may do what to one record, beyond the partnership-wide needs of core.policy."""

from __future__ import annotations

from typing import Any


def may_update_action(access: Any, action: Any, user: Any) -> bool:
    """The manager, the owner, and the owning organisation's people (need "act") update an action."""
    if access.is_manager:
        return True
    return access.can("act") and (action.owner.user_id == user.pk or access.organisation == action.organisation)
