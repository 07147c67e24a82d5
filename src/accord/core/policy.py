"""The access policy: the one place that answers "may this user see or change this?".

Every view and API handler fetches a partnership's objects through `get_partnership` or
`get_object`. Someone with no role in the partnership gets 404, never 403, so that a stranger
cannot even learn that an object exists. Someone with a role that does not reach far enough
gets 403, with a message saying why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext, gettext_noop

if TYPE_CHECKING:  # for the type checker only: core imports no app of its floor at run time
    from accord.partners.models import Organisation, Partnership, Role

# The role names (partners.models.Role's values; tests/core/test_import_rules.py checks they agree).
MANAGER, LEADER, STAFF, FUNDER = "manager", "leader", "staff", "funder"


@dataclass(frozen=True)
class Records:
    """Where the policy reads partnerships and roles: partners' models, handed over by partners'
    AppConfig.ready() (`policy.use_records(...)`), so that core does not import partners, which
    imports core (a circle)."""

    partnership: type[Partnership]
    role: type[Role]


_records: Records | None = None


def use_records(*, partnership: type[Partnership], role: type[Role]) -> None:
    global _records
    _records = Records(partnership=partnership, role=role)


def records() -> Records:
    if _records is None:
        raise ImproperlyConfigured("accord.partners is not installed: the access policy has no roles to read")
    return _records

# What each need admits. Domain apps pick a need; they never test role names themselves.
NEEDS: dict[str, frozenset[str]] = {
    # the partnership, its member organisations and aggregate results: everyone with a role
    "view": frozenset({MANAGER, LEADER, STAFF, FUNDER}),
    # internal detail (people, meetings, library, named results): the partners, not funders
    "view_members": frozenset({MANAGER, LEADER, STAFF}),
    # detail that senior leaders and the manager see but partner staff do not
    "view_confidential": frozenset({MANAGER, LEADER}),
    # things a partner does for itself: sign the charter, answer, record its position
    "act": frozenset({MANAGER, LEADER, STAFF}),
    # changing the partnership's records
    "edit": frozenset({MANAGER}),
    # the audit trail
    "audit": frozenset({MANAGER}),
}

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Access:
    """What one user may do in one partnership."""

    partnership: Partnership
    role: str
    organisation: Organisation | None

    def can(self, need: str) -> bool:
        return self.role in NEEDS[need]

    # for templates, which cannot pass arguments
    @property
    def can_view_members(self) -> bool:
        return self.can("view_members")

    @property
    def can_view_confidential(self) -> bool:
        return self.can("view_confidential")

    @property
    def can_act(self) -> bool:
        return self.can("act")

    @property
    def is_manager(self) -> bool:
        return self.role == MANAGER

    @property
    def is_funder(self) -> bool:
        return self.role == FUNDER


def _roles(user: Any) -> dict[int, Role]:
    """The user's roles by partnership id, cached on the user object for one request."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, "_accord_roles", None)
    if cached is None:
        cached = {r.partnership_id: r for r in records().role.objects.filter(user=user)
                  .select_related("organisation", "partnership")}
        user._accord_roles = cached
    return cached


def forget(user: Any) -> None:
    """Drop the cached roles after a role changes within a request."""
    if hasattr(user, "_accord_roles"):
        del user._accord_roles


def has_role_anywhere(user: Any, role: str) -> bool:
    """Whether the user holds `role` in any partnership (uses the same per-request cache)."""
    return any(r.role == role for r in _roles(user).values())


def access_for(user: Any, partnership: Partnership) -> Access | None:
    role = _roles(user).get(partnership.pk)
    if role is None:
        return None
    return Access(partnership=partnership, role=role.role, organisation=role.organisation)


def partnerships_for(user: Any, need: str = "view") -> QuerySet[Partnership]:
    allowed = [pid for pid, r in _roles(user).items() if r.role in NEEDS[need]]
    return records().partnership.objects.filter(pk__in=allowed)


def allows(user: Any, partnership: Partnership, need: str = "view") -> bool:
    access = access_for(user, partnership)
    return access is not None and access.can(need)


def check(user: Any, partnership: Partnership, need: str = "view") -> Access:
    """Raise Http404 for strangers and PermissionDenied for a role that does not reach `need`."""
    if need not in NEEDS:
        raise ValueError(f"Unknown need {need!r}")
    access = access_for(user, partnership)
    if access is None:
        raise Http404("Not found")
    if not access.can(need):
        raise Refusal(need)
    return access


def get_partnership(user: Any, pk: Any, need: str = "view") -> Access:
    """The user's access to partnership `pk`. The partnership comes with the user's roles (one query for
    both); a partnership the user has no role in is "not found", whether or not it exists."""
    try:
        role = _roles(user).get(int(pk))
    except (ValueError, TypeError):
        raise Http404("Not found") from None
    if role is None:
        raise Http404("Not found")
    return check(user, role.partnership, need)


def get_object(
    user: Any, queryset: QuerySet[M], *, need: str = "view", partnership_field: str = "partnership",
    within: Any = None, **lookup: Any
) -> tuple[M, Access]:
    """Fetch one object of a partnership and check the user's access to that partnership.

    `partnership_field` is the path from the object to its partnership ("meeting__series__partnership").
    `within` is the partnership id of the URL: an object of any other partnership is "not found" before
    any role is checked, so that the answer is the same as for an id that exists nowhere (someone with a
    role in both partnerships would otherwise be told 403 by the other partnership's rules).
    """
    if within is not None:
        try:
            queryset = queryset.filter(**{f"{partnership_field}__pk": int(within)})
        except (ValueError, TypeError):
            raise Http404("Not found") from None
    try:
        obj = queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError):  # get() raises only the model's DoesNotExist
        raise Http404("Not found") from None
    partnership: Any = obj  # walked by field names below (getattr)
    for part in partnership_field.split("__"):
        partnership = getattr(partnership, part)
    return obj, check(user, partnership, need)


def may_start_partnership(user: Any) -> bool:
    """ACCORD_WHO_MAY_START_PARTNERSHIPS: "anyone" signed in, or only site "admins" (superusers)."""
    from django.conf import settings

    if not getattr(user, "is_authenticated", False):
        return False
    who = getattr(settings, "ACCORD_WHO_MAY_START_PARTNERSHIPS", "anyone")
    return who == "anyone" or bool(getattr(user, "is_superuser", False))


class Refusal(PermissionDenied):
    """A role that does not reach what it tried. The words follow what was attempted: someone who only
    opened a page is told they cannot open it, not that they cannot change something they never tried to."""

    def __init__(self, need: str) -> None:
        self.need = need
        super().__init__(_refusal(need))

    def message_for(self, method: str) -> str:
        return _refusal(self.need, looking=method.upper() in ("GET", "HEAD", "OPTIONS"))


def refusal_message(exc: Exception, method: str) -> str:
    """What a 403 page or answer says for this exception and request method."""
    if isinstance(exc, Refusal):
        return exc.message_for(method)
    return str(exc) or gettext("You do not have access to this.")


# what a 403 says, by what was needed: to someone who only looked, and to someone who tried to change something
_NO_ACCESS = gettext_noop("You do not have access to this.")
_REFUSED_LOOKING = {
    "view_members": gettext_noop("Only the partners' own people can see this; funders see aggregates."),
    "view_confidential": gettext_noop("Only senior leaders and the partnership manager can see this."),
    "act": gettext_noop("Only the partners' own people can open this page."),
    "edit": gettext_noop("This page is for making changes, which only the partnership manager can do."),
    "audit": gettext_noop("Only the partnership manager can see the audit trail."),
}
_REFUSED_DOING = {
    "view_members": gettext_noop("Only the partners' own people can see this; funders see aggregates."),
    "view_confidential": gettext_noop("Only senior leaders and the partnership manager can see this."),
    "act": gettext_noop("Only the partners' own people can do this."),
    "edit": gettext_noop("Only the partnership manager can change this."),
    "audit": gettext_noop("Only the partnership manager can see the audit trail."),
}


def _refusal(need: str, *, looking: bool = False) -> str:
    return gettext((_REFUSED_LOOKING if looking else _REFUSED_DOING).get(need, _NO_ACCESS))
