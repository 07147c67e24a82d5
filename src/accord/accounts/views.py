from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.core import policy
from accord.core.audit import log_action
from accord.lib.formerrors import apply_errors
from accord.lib.tokens import TokenError
from accord.partners import services as partner_services

from . import reauth, services, signin, twofactor, words
from .forms import AcceptForm, InviteForm, LanguageForm, LimitedPasswordResetForm, SignInForm, TokenForm
from .models import Invitation


def sign_in(request: HttpRequest) -> HttpResponse:
    """The one sign-in, for the app and the admin (whose login page sends people here)."""
    form = SignInForm(request.POST or None, request=request)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "POST" and form.is_valid():
        user = form.user
        assert user is not None  # a valid form found the account
        if twofactor.is_enrolled(user):
            signin.start_pending(request, user, next_url)
            return redirect("accounts:second-step")
        if twofactor.is_required(user):
            signin.start_pending(request, user, next_url)
            return redirect("accounts:two-factor-app")
        return redirect(signin.complete(request, user, next_url=next_url))
    admin_notice = ""
    if request.user.is_authenticated and next_url.startswith(reverse("admin:index")):
        admin_notice = (_("This account cannot open the administration pages.") if not request.user.is_staff else
                        _("The administration pages need two-factor sign-in. Turn it on from your two-factor page, "
                        "then sign out and sign in again."))
    return render(request, "accounts/sign_in.html", {"form": form, "next": next_url, "admin_notice": admin_notice})


class PasswordChange(auth_views.PasswordChangeView):
    """Change with the current password (Django's form: nothing stripped). Django keeps this
    session and ends every other session of the account."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form: Any) -> HttpResponse:  # Any: Django's own signature
        response = super().form_valid(form)
        assert self.request.user.is_authenticated  # the view is login_required
        log_action(self.request.user, "accounts.password.changed", self.request.user, {})
        messages.success(self.request, _("Your password is changed. Other browsers signed in as you are signed out."))
        return response


class PasswordReset(auth_views.PasswordResetView):
    """Django's reset page with limits on how many e-mails it sends (see LimitedPasswordResetForm)."""

    form_class = LimitedPasswordResetForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "request": self.request}


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("You have signed out."))
    response = redirect("accounts:sign-in")
    # The browser drops any page it kept of this person's (ASVS 14.3.1). Not "cookies": the session is
    # already ended on the server, and clearing cookies would lose the "You have signed out" message.
    response["Clear-Site-Data"] = '"cache", "storage"'
    return response


@login_required
@reauth.required(back="accounts:account", methods=("POST",))
def account(request: HttpRequest) -> HttpResponse:
    assert request.user.is_authenticated  # login_required
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_token = services.token_create(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            apply_errors(form, ValidationError(exc.messages), field="name")
    return render(request, "accounts/account.html", {
        "form": form, "new_token": new_token, "tokens": request.user.api_tokens.all(),
        "roles": request.user.roles.select_related("partnership", "organisation"),
        "two_factor_on": twofactor.is_enrolled(request.user),
        "language_form": LanguageForm(initial={"language": request.user.language}),
    })


@login_required
@require_POST
def language(request: HttpRequest) -> HttpResponse:
    """The person's own language, from their account page; the next page already speaks it."""
    assert request.user.is_authenticated  # login_required
    form = LanguageForm(request.POST)
    if form.is_valid():
        services.language_choose(user=request.user, language=form.cleaned_data["language"])
        translation.activate(request.user.language or translation.get_language_from_request(request))
        messages.success(request, _("Your language is saved."))
    return redirect(reverse("accounts:account") + "#language")


def _back(request: HttpRequest) -> str:
    return reverse("accounts:two-factor" if request.POST.get("back") == "two-factor" else "accounts:account")


@login_required
@require_POST
@reauth.required(back=_back)
def sign_out_others(request: HttpRequest) -> HttpResponse:
    """End every other session of this account (after a lost phone or a shared computer)."""
    assert request.user.is_authenticated  # login_required
    services.sessions_end(actor=request.user, user=request.user)
    update_session_auth_hash(request, request.user)
    messages.success(request, _("Every other browser signed in as you is now signed out."))
    return redirect(request.POST.get("back") == "two-factor" and "accounts:two-factor" or "accounts:account")


@login_required
@require_POST
@reauth.required(back="accounts:account")
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    assert request.user.is_authenticated  # login_required
    try:
        services.token_revoke(user=request.user, token_id=token_id)
        messages.success(request, _("Token revoked. Anything using it stops working now."))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect("accounts:account")


@login_required
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    form = InviteForm(request.POST or None, partnership=access.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(actor=request.user, partnership=access.partnership,
                                                    **form.cleaned_data)
        except ValidationError as exc:
            for field, errs in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errs)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
            return redirect("accounts:team", pk)
    return render(request, "core/form.html", {
        "form": form, "access": access, "title": _("Invite someone"), "submit": _("Send invitation"),
        "intro": _("They get an e-mail with a link that works once and expires in a week."),
    })


@login_required
def team(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    roles = access.partnership.roles.select_related("user", "organisation")
    invitations = list(Invitation.objects.filter(partnership=access.partnership, accepted_at__isnull=True,
                                                 revoked_at__isnull=True))
    for invitation in invitations:  # the role and the state in the page's language
        invitation.role_label = words.role_label(invitation.role)  # type: ignore[attr-defined]  # shown only
        invitation.state_label = words.invitation_state(invitation.state)  # type: ignore[attr-defined]  # shown only
    return render(request, "accounts/team.html", {"access": access, "roles": roles, "invitations": invitations,
                                                  "choices": words.role_choices(), "section": "team"})


@login_required
@require_POST
def role_change(request: HttpRequest, pk: int, role_pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    role = access.partnership.roles.filter(pk=role_pk).select_related("user").first()
    if role is None:
        from django.http import Http404

        raise Http404(_("Not found"))
    try:
        if request.POST.get("remove"):
            partner_services.role_remove(actor=request.user, role=role)
            messages.success(request, _("%(person)s no longer has access.") % {"person": role.user})
        else:
            partner_services.role_set(actor=request.user, partnership=access.partnership, user=role.user,
                                      role=request.POST.get("role", ""), organisation=role.organisation)
            messages.success(request, _("%(person)s's role is changed.") % {"person": role.user})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("accounts:team", pk)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    invitation = Invitation.objects.filter(partnership=access.partnership, pk=invitation_pk).first()
    if invitation is None:
        from django.http import Http404

        raise Http404(_("Not found"))
    try:
        services.invitation_revoke(actor=request.user, invitation=invitation)
        messages.success(request, _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email})
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect("accounts:team", pk)


def accept(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the invitation; POST accepts it (mail scanners open links, so GET changes nothing)."""
    try:
        invitation = services.invitation_from_token(token)
    except (TokenError, ValidationError) as exc:
        message = str(exc) if isinstance(exc, TokenError) else exc.messages[0]
        return render(request, "accounts/invitation_problem.html", {"message": message}, status=400)
    user = request.user if request.user.is_authenticated else None
    wrong_account = user is not None and user.email != invitation.email
    form = AcceptForm(request.POST or None) if user is None else None
    if request.method == "POST" and not wrong_account:
        try:
            if user is not None:
                services.invitation_accept(invitation=invitation, user=user)
            elif form is not None and form.is_valid():
                user = services.invitation_accept(invitation=invitation, **form.cleaned_data)
                if twofactor.is_required(user):  # a new manager sets up the second step before going on
                    signin.start_pending(request, user, invitation.partnership.get_absolute_url())
                    messages.success(request, _("Welcome to %(partnership)s.") % {"partnership": invitation.partnership})
                    return redirect("accounts:two-factor-app")
                login(request, user, backend=signin.BACKEND)
            else:
                raise ValidationError("")
        except ValidationError as exc:
            if form is not None and any(exc.messages):
                apply_errors(form, ValidationError(exc.messages),
                             field="password" if "password" in " ".join(exc.messages).lower() else None)
        else:
            messages.success(request, _("Welcome to %(partnership)s.") % {"partnership": invitation.partnership})
            return redirect(invitation.partnership)
    return render(request, "accounts/accept.html", {
        "invitation": invitation, "form": form, "wrong_account": wrong_account,
        "role": words.role_label(invitation.role),
    })
