"""Pages for two-factor sign-in: the second step of signing in, setting up an authenticator app or
a passkey, recovery codes, and removing a method. Passkey ceremonies use django-otp-webauthn's
views, tied here to the half-way sign-in; their script is the library's static file plus
accounts/passkeys.js (no inline script, for the Content-Security-Policy)."""

from __future__ import annotations

from typing import Any

import segno
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_otp_webauthn import exceptions as webauthn_errors
from django_otp_webauthn import views as webauthn_views

from accord.lib.formerrors import apply_errors

from . import reauth, signin, twofactor
from .models import User

NEW_CODES_KEY = "accord_new_recovery_codes"
SETUP_KEY = "accord_totp_setup"


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40, strip=True,
                           help_text=_("The 6-digit code your authenticator app shows now, or one of your recovery codes."),
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "off",
                                                         "spellcheck": "false"}))


def second_step(request: HttpRequest) -> HttpResponse:
    """After the password: a code from the app, a recovery code, or a passkey."""
    user = signin.pending_user(request)
    if user is None:
        return signin.start_over(request)
    if not twofactor.is_enrolled(user):
        return redirect("accounts:two-factor-app")
    form = CodeForm(request.POST or None)
    form.fields["code"].label = _("Code from your authenticator app, or a recovery code")
    if request.method == "POST" and form.is_valid():
        device, was_recovery = twofactor.verify_code(user, form.cleaned_data["code"])
        if device is not None:
            destination = signin.complete(request, user, device)
            if was_recovery:
                messages.warning(request, ngettext(
                    "You signed in with a recovery code; %(count)d is left. If you have lost your phone or "
                    "passkey, remove it here and set up a new one.",
                    "You signed in with a recovery code; %(count)d are left. If you have lost your phone or "
                    "passkey, remove it here and set up a new one.", device.remaining) % {"count": device.remaining})
                return redirect("accounts:two-factor")
            return redirect(destination)
        if signin.count_wrong_try(request):
            messages.error(request, _("Too many wrong codes. Please sign in again."))
            return redirect("accounts:sign-in")
        form.add_error("code", _("That code is not right, or was used already. Type the newest code from your app."))
    return render(request, "accounts/second_step.html", {
        "form": form, "has_totp": bool(twofactor.totp_devices(user)), "has_passkey": bool(twofactor.passkeys(user)),
        "passkey_config": twofactor.passkey_config(request), "next": signin.pending_next(request),
    })


def _current_user(request: HttpRequest) -> tuple[User | None, bool]:
    """The person setting up a method: signed in, or half-way through a sign-in that needs one."""
    if request.user.is_authenticated:
        return request.user, False
    return signin.pending_user(request), True


def _may_change(request: HttpRequest, user: User) -> bool:
    """Someone who already has a second factor changes methods only in a session that passed it."""
    return not twofactor.is_enrolled(user) or request.user.is_verified()  # type: ignore[union-attr]  # django-otp's middleware adds it


def security(request: HttpRequest) -> HttpResponse:
    """The person's two-factor page: what is on, add, remove, recovery codes."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:sign-in')}?next={request.path}")
    user = request.user
    return render(request, "accounts/two_factor.html", {
        "totp_devices": twofactor.totp_devices(user), "passkeys": twofactor.passkeys(user),
        "recovery": twofactor.recovery(user), "enrolled": twofactor.is_enrolled(user),
        "required": twofactor.is_required(user), "may_change": _may_change(request, user),
        "new_codes": request.session.pop(NEW_CODES_KEY, None), "passkey_config": twofactor.passkey_config(request),
        "confirmed": reauth.is_fresh(request), "confirm_url": reauth.confirm_url(request.path),
    })


@reauth.required(back="accounts:two-factor")
def app_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan, then type a code back to prove it works."""
    user, pending = _current_user(request)
    if user is None:
        return signin.start_over(request)
    if not pending and not _may_change(request, user):
        messages.error(request, _("Sign in again with your second step before changing it."))
        return redirect("accounts:two-factor")
    if pending and twofactor.is_enrolled(user):
        return redirect("accounts:second-step")
    device = twofactor.pending_totp(user, request.session.get(SETUP_KEY))
    if device is None or request.method == "GET":
        device = twofactor.totp_begin(user)
        request.session[SETUP_KEY] = device.pk
    form = CodeForm(request.POST or None)
    form.fields["code"].label = _("The 6-digit code your app shows")
    form.fields["code"].help_text = ""
    if request.method == "POST" and form.is_valid():
        try:
            codes = twofactor.totp_confirm(user=user, device=device, code=form.cleaned_data["code"])
        except ValidationError as exc:
            apply_errors(form, ValidationError(exc.messages), field="code")
        else:
            request.session.pop(SETUP_KEY, None)
            destination = signin.complete(request, user, device) if pending else reverse("accounts:two-factor")
            if not pending and not request.user.is_verified():  # type: ignore[union-attr]  # django-otp's middleware
                from django_otp import login as otp_login

                otp_login(request, device)
            messages.success(request, _("Two-factor sign-in is on: you will be asked for a code when you sign in."))
            if codes:
                return render(request, "accounts/recovery_codes.html", {"codes": codes, "continue_to": destination})
            return redirect(destination)
    secret = device.config_url.split("secret=")[1].split("&")[0]
    return render(request, "accounts/two_factor_app.html", {
        "form": form, "pending": pending, "required": twofactor.is_required(user),
        "qr": mark_safe(segno.make(device.config_url, error="m").svg_inline(scale=4)),  # noqa: S308 (our own SVG)
        "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
    })


@require_POST
@reauth.required(back="accounts:two-factor")
def recovery_renew(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated or not _may_change(request, request.user):
        return redirect("accounts:two-factor")
    try:
        codes = twofactor.recovery_codes_renew(user=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("accounts:two-factor")
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "continue_to": reverse("accounts:two-factor")})


@require_POST
@reauth.required(back="accounts:two-factor")
def device_remove(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("accounts:sign-in")
    if not _may_change(request, request.user):
        messages.error(request, _("Sign in again with your second step before changing it."))
        return redirect("accounts:two-factor")
    try:
        twofactor.device_remove(user=request.user, kind=kind, pk=pk)
        messages.success(request, _("Removed. It can no longer be used to sign in."))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect("accounts:two-factor")


# --- passkeys: the library's ceremonies, bound to Accord's sign-in ---------------------------------

class _HalfWaySignIn:
    """Passkey ceremonies of the second step serve only the person half-way through signing in."""

    request: HttpRequest

    def get_user(self) -> User | None:
        """Half-way through signing in, or (signed in) half-way through confirming it's you."""
        return signin.pending_user(self.request) or reauth.half_way_user(self.request)

    def check_can_authenticate(self) -> None:
        if self.get_user() is None:
            raise webauthn_errors.NotAuthenticated()


class PasskeyAuthBegin(_HalfWaySignIn, webauthn_views.BeginCredentialAuthenticationView):
    pass


class PasskeyAuthComplete(_HalfWaySignIn, webauthn_views.CompleteCredentialAuthenticationView):
    def complete_auth(self, device: Any) -> None:  # Any: django-otp-webauthn is untyped
        if signin.pending_user(self.request) is None:
            self.destination = reauth.passkey_done(self.request)
        else:
            self.destination = signin.complete(self.request, device.user, device)

    def get_success_url(self) -> str:
        return self.destination


class _Confirmed:
    """Adding a passkey needs a recent "confirm it's you" (the script shows the refusal)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return reauth.refuse_json(request) or super().dispatch(request, *args, **kwargs)  # type: ignore[misc]  # a mixin: the view's dispatch


class PasskeyRegisterBegin(_Confirmed, webauthn_views.BeginCredentialRegistrationView):
    pass


class PasskeyRegisterComplete(_Confirmed, webauthn_views.CompleteCredentialRegistrationView):
    """The library saves the passkey; Accord audits it and gives recovery codes the first time."""

    def post(self, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(*args, **kwargs)
        if isinstance(response, JsonResponse) and response.status_code == 200:
            codes = twofactor.after_passkey_added(self.request.user)
            if codes:
                self.request.session[NEW_CODES_KEY] = codes
        return response
