"""Words the sign-in and invitation pages show that are written elsewhere, listed here so that
`makemessages` puts them in the accounts catalogue and the Welsh pages have them:

- Django's password rules: its own Welsh catalogue (django/contrib/auth) leaves them untranslated, and
  gettext falls through to the next catalogue that has them (this app's);
- the role names of `partners.Role.CHOICES`, shown on the invitation and team pages (`role_label`), and
  an invitation's state (`invitation_state`).
Nothing here is called at run time except those functions."""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop, ngettext_lazy

from accord.partners.models import Role

DJANGO_PASSWORD_RULES = (
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("This password is too common."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("This password is entirely numeric."),
    ngettext_lazy("Your password must contain at least %(min_length)d character.",
                  "Your password must contain at least %(min_length)d characters.", "min_length"),
    ngettext_lazy("This password is too short. It must contain at least %d character.",
                  "This password is too short. It must contain at least %d characters.", "min_length"),
    gettext_noop("Enter the same password as before, for verification."),  # the password change form's help
)

ROLE_LABELS = {
    Role.MANAGER: gettext_noop("Partnership manager"),
    Role.LEADER: gettext_noop("Senior leader"),
    Role.STAFF: gettext_noop("Partner staff"),
    Role.FUNDER: gettext_noop("Funder"),
}


INVITATION_STATES = {
    "pending": gettext_noop("pending"), "expired": gettext_noop("expired"), "accepted": gettext_noop("accepted"),
    "revoked": gettext_noop("withdrawn"),
}


def invitation_state(state: str) -> str:
    """An invitation's state (Invitation.state) in the page's language."""
    return gettext(INVITATION_STATES.get(state, state))


def role_choices() -> list[tuple[str, str]]:
    """The roles to choose from, named in the page's language."""
    return [(value, role_label(value)) for value, _ in Role.CHOICES]


def role_label(role: str) -> str:
    """A role's name in the page's language (partners.Role.CHOICES keeps the English)."""
    return gettext(ROLE_LABELS.get(role, dict(Role.CHOICES).get(role, role)))
