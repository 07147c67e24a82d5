"""Two-factor sign-in: time-based codes (TOTP), passkeys (WebAuthn) and recovery codes.

Built on django-otp (TOTP devices, throttled verification, the session's "passed the second step"
mark that `request.user.is_verified()` reads) and django-otp-webauthn (passkeys, through py_webauthn).
Accord writes no cryptography of its own here: it decides who must use a second step, keeps the
sign-in in two steps, makes recovery codes (hashed, one use each) and audits every change.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.middleware import csrf
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accord.core.audit import log_action
from accord.partners.models import Role

from .models import RecoveryCode, RecoveryCodes, User

RECOVERY_CODE_COUNT = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


def is_required(user: User) -> bool:
    """Whether ACCORD_REQUIRE_2FA_FOR asks this person for a second step."""
    groups = set(settings.ACCORD_REQUIRE_2FA_FOR)
    if "all" in groups:
        return True
    if "admin" in groups and (user.is_staff or user.is_superuser):
        return True
    return "managers" in groups and Role.objects.filter(user=user, role=Role.MANAGER).exists()


def totp_devices(user: User) -> list[TOTPDevice]:
    return list(TOTPDevice.objects.filter(user=user, confirmed=True))


def passkeys(user: User) -> list[WebAuthnCredential]:
    return list(WebAuthnCredential.objects.filter(user=user, confirmed=True))


def recovery(user: User) -> RecoveryCodes | None:
    return RecoveryCodes.objects.filter(user=user, confirmed=True).first()


def is_enrolled(user: User) -> bool:
    """Has a phone app or a passkey (recovery codes alone are not a second factor)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists() or \
        WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()


def totp_begin(user: User) -> TOTPDevice:
    """A new, unconfirmed phone-app device; it counts only once a code from it is typed back."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)


def pending_totp(user: User, device_id: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False, pk=device_id).first()


@transaction.atomic
def totp_confirm(*, user: User, device: TOTPDevice, code: str) -> list[str]:
    """Turn the device on when `code` is right. Returns new recovery codes to show once (none when
    the person already has some)."""
    if not device.verify_token("".join(code.split())):
        raise ValidationError(_("That code is not right. Check the time on your phone and type the newest code."))
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    log_action(user, "accounts.two_factor.enrolled", user, {"method": "totp"})
    return [] if recovery(user) else _new_recovery_codes(user)


def after_passkey_added(user: User) -> list[str]:
    """Audit a passkey the library just registered; give recovery codes if none yet."""
    log_action(user, "accounts.two_factor.enrolled", user, {"method": "passkey"})
    return [] if recovery(user) else _new_recovery_codes(user)


@transaction.atomic
def recovery_codes_renew(*, user: User) -> list[str]:
    if not is_enrolled(user):
        raise ValidationError(_("Turn on two-factor sign-in first."))
    codes = _new_recovery_codes(user)
    log_action(user, "accounts.two_factor.recovery_codes_renewed", user, {})
    return codes


def _new_recovery_codes(user: User) -> list[str]:
    RecoveryCodes.objects.filter(user=user).delete()
    device = RecoveryCodes.objects.create(user=user, name=_("Recovery codes"), confirmed=True)
    codes = ["".join(secrets.choice(RECOVERY_ALPHABET) for _i in range(10)) for _j in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create([RecoveryCode(device=device, code_hash=make_password(c)) for c in codes])
    return [f"{c[:5]}-{c[5:]}" for c in codes]


def verify_code(user: User, code: str) -> tuple[Any, bool]:
    """The device a typed code belongs to (phone app first, then a recovery code) and whether it
    was a recovery code; (None, False) when it matches none. Each device throttles its own tries."""
    typed = "".join(code.split())
    if typed.isdigit():
        for device in totp_devices(user):
            if device.verify_token(typed):
                return device, False
    device = recovery(user)
    if device is not None and device.verify_token(typed):
        log_action(user, "accounts.two_factor.recovery_code_used", user, {"left": device.remaining})
        return device, True
    return None, False


@transaction.atomic
def device_remove(*, user: User, kind: str, pk: int) -> None:
    model = {"totp": TOTPDevice, "passkey": WebAuthnCredential}.get(kind)
    if model is None or not model.objects.filter(user=user, pk=pk).delete()[0]:
        raise ValidationError(_("That sign-in method does not exist or is already removed."))
    if not is_enrolled(user):
        RecoveryCodes.objects.filter(user=user).delete()
    log_action(user, "accounts.two_factor.removed", user, {"method": kind})


@transaction.atomic
@transaction.atomic
def reset(*, actor: Any, user: User) -> None:
    """An administrator takes away every second factor a person has (they lost phone and codes):
    at their next sign-in they set one up again if it is required of them. Every browser they are signed
    in on is signed out too, so a session someone else took over cannot carry on."""
    from . import services

    if not services.may_act_on(actor, user):
        raise PermissionDenied(_("Only a site administrator can reset another site administrator's two-factor sign-in."))
    TOTPDevice.objects.filter(user=user).delete()
    WebAuthnCredential.objects.filter(user=user).delete()
    RecoveryCodes.objects.filter(user=user).delete()
    services.sessions_end(actor=actor, user=user)
    log_action(actor, "accounts.two_factor.reset", user, {"email": user.email, "at": timezone.now().isoformat()})


def passkey_config(request: HttpRequest) -> dict:
    """What django-otp-webauthn's scripts read (from a JSON data block, not a script)."""
    return {
        "autocompleteLoginFieldSelector": None, "nextFieldSelector": "input[name='next']",
        "csrfToken": csrf.get_token(request),
        "beginAuthenticationUrl": reverse("accounts:passkey-auth-begin"),
        "completeAuthenticationUrl": reverse("accounts:passkey-auth-complete"),
        "beginRegistrationUrl": reverse("accounts:passkey-register-begin"),
        "completeRegistrationUrl": reverse("accounts:passkey-register-complete"),
    }
