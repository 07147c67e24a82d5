""""Confirm it's you": full re-authentication before changing what protects an account (ASVS 7.5.1).

Adding or removing a second factor, making recovery codes, making or revoking API tokens and ending
other sessions need the password again (and a second-step code when the person has a second factor)
within the last ACCORD_REAUTH_MINUTES. The session keeps when that last happened; signing in counts
(Django's user_logged_in signal, so every sign-in path does). Wrong passwords here are throttled with
the sign-in's own counters (accounts.throttle), so this page gives no extra guesses.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accord.core.audit import log_action
from accord.lib import ratelimit

from . import signin, throttle, twofactor

SESSION_KEY = "accord_reauth_at"
HALF_KEY = "accord_reauth_half"


def mark(request: HttpRequest) -> None:
    request.session[SESSION_KEY] = time.time()


def is_fresh(request: HttpRequest) -> bool:
    at = request.session.get(SESSION_KEY)
    return isinstance(at, (int, float)) and 0 <= time.time() - at <= settings.ACCORD_REAUTH_MINUTES * 60


def _on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        mark(request)


user_logged_in.connect(_on_login, dispatch_uid="accord_reauth_on_login")


def confirm_url(next_url: str) -> str:
    return f"{reverse('accounts:confirm')}?{urlencode({'next': next_url})}"


def required(back: str | Callable[[HttpRequest], str] | None = None,
             methods: tuple[str, ...] | None = None) -> Callable:
    """Decorate a view: a signed-in person whose last full sign-in or confirmation is older than
    ACCORD_REAUTH_MINUTES is sent to the confirm page first, and nothing is changed. `back` (a url
    name, or a function of the request) is where to return after confirming when the request was a
    form post (a GET returns to itself); `methods` limits the check to those methods."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if (request.user.is_authenticated and (methods is None or request.method in methods)
                    and not is_fresh(request)):
                if request.method == "GET":
                    return redirect(confirm_url(request.get_full_path()))
                target = back(request) if callable(back) else reverse(back or "accounts:account")
                messages.info(request, _("Nothing was changed yet. Confirm it's you, then try again."))
                return redirect(confirm_url(target))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def refuse_json(request: HttpRequest) -> JsonResponse | None:
    """For script endpoints (adding a passkey): a 403 when a confirmation is due, else None."""
    if request.user.is_authenticated and is_fresh(request):
        return None
    return JsonResponse({"detail": _("Confirm it's you first: enter your password again."),
                         "confirm": confirm_url(reverse("accounts:two-factor"))}, status=403)


def confirmed(request: HttpRequest, method: str) -> None:
    mark(request)
    assert request.user.is_authenticated  # only a signed-in person confirms
    log_action(request.user, "accounts.reauth.confirmed", request.user, {"with": method})


# --- the page ----------------------------------------------------------------------------------

class ConfirmForm(forms.Form):
    password = forms.CharField(label=_("Your password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    code = forms.CharField(label=_("Code from your authenticator app, or a recovery code"), max_length=40, strip=True,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "off",
                                                         "spellcheck": "false"}))

    def __init__(self, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        self.request = request
        assert request.user.is_authenticated  # the confirm page is login_required
        self.user = request.user
        self.device: Any = None
        super().__init__(*args, **kwargs)
        if not twofactor.is_enrolled(self.user):
            del self.fields["code"]
        elif twofactor.passkeys(self.user):
            self.fields["code"].required = False
            self.fields["code"].help_text = _("Leave this empty to use your passkey after the password.")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean returns cleaned_data
        password = data.get("password", "")
        if not password:
            return data
        email = self.user.email.strip().lower()
        ip = ratelimit.client_ip(self.request)
        try:
            refusal = throttle.before_attempt(email, ip)
            if refusal:
                raise forms.ValidationError(refusal, code="throttled")
            if authenticate(self.request, username=self.user.email, password=password) is None:
                throttle.after_failure(email, ip)
                log_action(self.user, "accounts.reauth.failed", self.user, {"why": "password"})
                self.add_error("password", _("That password is not right."))
                return data
            throttle.after_success(email, ip)
        except ratelimit.Unavailable as exc:
            raise forms.ValidationError(
                _("This is not possible just now: the service that protects it from password guessing is not "
                "answering. Please try again in a few minutes."), code="unavailable") from exc
        if "code" in self.fields and data.get("code"):
            self.device, _ignored = twofactor.verify_code(self.user, data["code"])
            if self.device is None:
                log_action(self.user, "accounts.reauth.failed", self.user, {"why": "code"})
                self.add_error("code", _("That code is not right, or was used already. Type the newest code "
                                       "from your app."))
        return data


@login_required
def confirm(request: HttpRequest) -> HttpResponse:
    """Confirm it's you: the password again, and a second-step code when the person has one."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    form = ConfirmForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        if form.device is None and "code" in form.fields:  # password right; the passkey comes next
            request.session[HALF_KEY] = {"at": time.time(), "next": next_url}
            return render(request, "accounts/confirm_passkey.html", {
                "passkey_config": twofactor.passkey_config(request), "next": next_url})
        confirmed(request, "password+code" if form.device is not None else "password")
        return redirect(signin.safe_next(request, next_url))
    return render(request, "accounts/confirm.html", {
        "form": form, "next": next_url, "minutes": settings.ACCORD_REAUTH_MINUTES,
    })


def half_way_user(request: HttpRequest) -> Any:
    """The signed-in person whose password was just confirmed and whose passkey is awaited."""
    data = request.session.get(HALF_KEY)
    if request.user.is_authenticated and data and 0 <= time.time() - data.get("at", 0) <= signin.PENDING_SECONDS:
        return request.user
    return None


def passkey_done(request: HttpRequest) -> str:
    """The passkey of a confirmation was right: mark it and return where to go."""
    data = request.session.pop(HALF_KEY, None) or {}
    confirmed(request, "password+passkey")
    return signin.safe_next(request, data.get("next", ""))
