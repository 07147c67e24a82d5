"""Personal data held by accounts (and the sign-in libraries it uses)."""

from __future__ import annotations

from typing import Any

from accord.core.personal import Declaration, Erase, Find, Retention, register

CONTRACT = "contract"
LI = "legitimate interests"


def _invitations_never_accepted(partnership: Any, cutoff: Any) -> Any:
    from .models import Invitation

    qs = Invitation.objects.filter(accepted_at__isnull=True, expires_at__lt=cutoff)
    return qs.filter(partnership=partnership) if partnership is not None else qs


def _delete(qs: Any) -> int:
    return int(qs.delete()[1].get(qs.model._meta.label, 0))


def declare() -> None:
    register(
        Declaration(
            model="accounts.User",
            fields={"email": Erase.PSEUDONYMISE, "full_name": Erase.BLANK},
            purpose="Signing in; the name shown beside what the person does.",
            basis=CONTRACT, who="The person; site administrators.",
            retention="Until the person closes their account or a site administrator erases it.",
            subject={"pk": Find.USER}, partnership="", on_erase="delete",
        ),
        Declaration(
            model="accounts.ApiToken",
            fields={"user": Erase.KEEP, "name": Erase.KEEP},
            purpose="The person's own API tokens (only a hash of each is kept).",
            basis=CONTRACT, who="The person.", retention="Until revoked and the account closed.",
            subject={"user": Find.USER}, partnership="", on_erase="delete",
        ),
        Declaration(
            model="accounts.Invitation",
            fields={"email": Erase.PSEUDONYMISE, "invited_by": Erase.UNLINK, "accepted_by": Erase.UNLINK},
            purpose="Inviting someone to join the partnership with a role.",
            basis=LI, who="The partnership's manager.",
            retention="Accepted: for the partnership's life. Never accepted: ACCORD_RETAIN_INVITATIONS_DAYS after "
                      "it expired, then deleted.",
            subject={"email": Find.EMAIL, "invited_by": Find.USER, "accepted_by": Find.USER},
            retention_rules=(Retention(
                key="invitations", setting="ACCORD_RETAIN_INVITATIONS_DAYS", default_days=90,
                describe="Invitations never accepted, past the period after they expired: deleted",
                due=_invitations_never_accepted, apply=_delete),),
        ),
        Declaration(
            model="accounts.RecoveryCodes",
            fields={"user": Erase.KEEP, "name": Erase.KEEP},
            purpose="The person's second sign-in step (codes kept only as password hashes).",
            basis=CONTRACT, who="The person.", retention="Until the person removes them or closes the account.",
            subject={"user": Find.USER}, partnership="", on_erase="delete",
        ),
        Declaration(
            model="otp_totp.TOTPDevice",
            fields={"user": Erase.KEEP, "name": Erase.KEEP},
            purpose="The person's authenticator app for the second sign-in step.",
            basis=CONTRACT, who="The person.", retention="Until the person removes it or closes the account.",
            subject={"user": Find.USER}, partnership="", on_erase="delete",
        ),
        Declaration(
            model="django_otp_webauthn.WebAuthnCredential",
            fields={"user": Erase.KEEP, "name": Erase.KEEP},
            purpose="The person's passkeys for signing in.",
            basis=CONTRACT, who="The person.", retention="Until the person removes it or closes the account.",
            subject={"user": Find.USER}, partnership="", on_erase="delete",
        ),
        Declaration(
            model="django_otp_webauthn.WebAuthnUserHandle",
            fields={"user": Erase.KEEP},
            purpose="The random handle passkeys know the person by.",
            basis=CONTRACT, who="Nobody (internal).", retention="Until the account is closed.",
            subject={"user": Find.USER}, partnership="", on_erase="delete",
        ),
    )
