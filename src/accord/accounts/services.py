"""Invitations and tokens: atomic and audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core.audit import log_action
from accord.lib import languages, mail, ratelimit, tokens
from accord.partners import services as partner_services
from accord.partners.models import Organisation, Partnership, Person, Role

from . import throttle
from .models import ApiToken, Invitation, User

PURPOSE = "invitation"


def invitation_link(invitation: Invitation) -> str:
    return mail.absolute(reverse("accounts:accept", args=[tokens.make(PURPOSE, invitation.pk)]))


@transaction.atomic
def invitation_create(
    *, actor: Any, partnership: Partnership, email: str, role: str, organisation: Organisation | None = None
) -> Invitation:
    email = email.strip().lower()
    if role not in dict(Role.CHOICES):
        raise ValidationError({"role": _("“%(role)s” is not a role.") % {"role": role}})
    if organisation is not None and role != Role.FUNDER and not partnership.memberships.filter(
        organisation=organisation
    ).exists():
        raise ValidationError({"organisation": _("%(organisation)s is not a member of this partnership.") % {"organisation": organisation}})
    if Role.objects.filter(partnership=partnership, user__email=email).exists():
        raise ValidationError({"email": _("%(email)s already has access to this partnership.") % {"email": email}})
    try:
        allowed = throttle.email_allowed("invitation", email, f"user:{getattr(actor, 'pk', '')}")
    except ratelimit.Unavailable as exc:
        raise ValidationError(_("The invitation was not sent. %(reason)s") % {"reason": exc}) from exc
    if not allowed:
        raise ValidationError({"email": _("Too many invitations have been sent to this address, or by you, in the "
                                        "last hour. Nothing was sent: please try again later.")})
    invitation = Invitation.objects.create(
        email=email, partnership=partnership, role=role, organisation=organisation, invited_by=actor,
        expires_at=timezone.now() + dt.timedelta(days=settings.INVITATION_DAYS),
    )
    log_action(actor, "accounts.invitation.sent", invitation, {"email": email, "role": role})
    _send_invitation(invitation.pk)  # inside the transaction: if the mail cannot go, nothing is saved
    return invitation


def _send_invitation(pk: int) -> None:
    invitation = Invitation.objects.select_related("partnership", "invited_by").get(pk=pk)
    partnership = invitation.partnership
    mail.send(
        to=[invitation.email],
        subject=lambda: _("You are invited to %(partnership)s on Accord") % {"partnership": partnership},
        template="accounts/email/invitation",
        # nobody knows the invitee's language yet: the partnership's (both when it writes bilingual e-mail)
        language=languages.email_languages(partnership=partnership),
        context={"invitation": invitation, "link": invitation_link(invitation),
                 "role": dict(Role.CHOICES)[invitation.role], "days": settings.INVITATION_DAYS},
    )


def invitation_from_token(token: str) -> Invitation:
    """The invitation a link names, or TokenError/ValidationError saying why it cannot be used."""
    pk = tokens.read(PURPOSE, token, max_age_seconds=settings.INVITATION_DAYS * 86400)
    invitation = Invitation.objects.select_related("partnership").filter(pk=pk).first()
    if invitation is None or invitation.state == "revoked":
        raise ValidationError(_("This invitation has been withdrawn. Ask the partnership manager for a new one."))
    if invitation.state == "accepted":
        raise ValidationError(_("This invitation has already been used. Sign in instead."))
    if invitation.state == "expired":
        raise ValidationError(_("This invitation has expired. Ask the partnership manager to send a new one."))
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User | None = None, full_name: str = "",
                      password: str = "") -> User:
    """Join with the signed-in account, or make a new account for the invited address."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.state != "pending":
        raise ValidationError(_("This invitation can no longer be used."))
    if user is None:
        if User.objects.filter(email=invitation.email).exists():
            raise ValidationError(
                _("An account for %(email)s already exists. Sign in first, then open the link again.") % {"email": invitation.email}
            )
        candidate = User(email=invitation.email, full_name=full_name.strip())
        validate_password(password, candidate)
        user = User.objects.create_user(invitation.email, password, full_name=full_name.strip())
        log_action(user, "accounts.user.created", user, partnership=invitation.partnership)
    partner_services.role_set(actor=user, partnership=invitation.partnership, user=user, role=invitation.role,
                              organisation=invitation.organisation)
    _link_person(invitation, user)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    log_action(user, "accounts.invitation.accepted", invitation, {"email": user.email, "role": invitation.role})
    return user


SENIORITY_FOR_ROLE = {Role.LEADER: "senior_leader", Role.MANAGER: "manager", Role.STAFF: "staff"}


def _link_person(invitation: Invitation, user: User) -> None:
    """Tie the account to the person it is in the partners' records, so that what they do
    (sign the charter, own an action) is done as that person. A person recorded with the same
    e-mail address is linked; otherwise one is added, in post from today."""
    org = invitation.organisation
    partnership = invitation.partnership  # people are recorded per partnership: link only this one's record
    if org is None or invitation.role == Role.FUNDER or user.people.filter(organisation=org,
                                                                          partnership=partnership).exists():
        return
    person = org.people.filter(partnership=partnership, email__iexact=user.email, user__isnull=True).first()
    if person is None:
        person = Person(partnership=partnership, organisation=org, name=user.full_name or user.email, email=user.email,
                        seniority=SENIORITY_FOR_ROLE.get(invitation.role, "staff"), start_date=timezone.localdate())
    person.user = user
    partner_services.person_save(actor=user, person=person, partnership=invitation.partnership)


@transaction.atomic
def invitation_revoke(*, actor: Any, invitation: Invitation) -> None:
    if invitation.state != "pending":
        raise ValidationError(_("Only a pending invitation can be withdrawn."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    log_action(actor, "accounts.invitation.revoked", invitation, {"email": invitation.email})


def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, such as “reporting script”.")})
    return ApiToken.issue(user, name)


def language_choose(*, user: User, language: str) -> None:
    """A person's own language for Accord's pages ("" follows their browser). Not audited: it changes
    nothing anyone else sees, and no partnership's trail is about it."""
    if language and language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose one of the languages listed.")})
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language


def token_revoke(*, user: User, token_id: int) -> None:
    updated = ApiToken.objects.filter(user=user, pk=token_id, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if not updated:
        raise ValidationError(_("That token does not exist or is already revoked."))


@transaction.atomic
def may_act_on(actor: Any, user: User) -> bool:
    """Whether `actor` may sign `user` out or reset their second factor: only a site administrator may do
    that to another site administrator (anyone may to themselves)."""
    return not user.is_superuser or getattr(actor, "is_superuser", False) or getattr(actor, "pk", None) == user.pk


def sessions_end(*, actor: Any, user: User) -> None:
    """Sign `user` out of every browser (their own "sign out everywhere", or an administrator's).
    The caller keeps its own session with update_session_auth_hash when it should. Only a site
    administrator may sign out another site administrator."""
    if not may_act_on(actor, user):
        raise PermissionDenied(_("Only a site administrator can sign out another site administrator."))
    User.objects.filter(pk=user.pk).update(session_version=F("session_version") + 1)
    user.refresh_from_db(fields=["session_version"])
    log_action(actor, "accounts.sessions.ended", user, {"email": user.email})
