from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accord.lib import languages, ratelimit
from accord.lib.formfields import model_choice_field
from accord.partners.models import Organisation, Partnership, Role

from . import throttle, words

if TYPE_CHECKING:
    from .models import User


class SignInForm(forms.Form):
    """The one sign-in, for the app and the admin. Passwords are never stripped, on any form, so a
    password with spaces at either end works wherever it was set (as Django's own forms do)."""

    email = forms.EmailField(label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(label=_("Password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def __init__(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        self.request = request
        self.user: User | None = None
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean returns cleaned_data
        email, password = data.get("email", ""), data.get("password", "")
        if not email or not password:
            return data
        email = email.strip().lower()
        ip = ratelimit.client_ip(self.request) if self.request else "unknown"
        try:
            refusal = throttle.before_attempt(email, ip)
            if refusal:
                raise forms.ValidationError(refusal, code="throttled")
            self.user = authenticate(self.request, username=email, password=password)
            if self.user is None:
                throttle.after_failure(email, ip)
                raise forms.ValidationError(_("That e-mail address and password do not match an account."),
                                            code="invalid")
            throttle.after_success(email, ip)
        except ratelimit.Unavailable as exc:
            self.user = None
            raise forms.ValidationError(
                _("Sign-in is not possible just now: the service that protects it from password guessing is "
                "not answering. Please try again in a few minutes."), code="unavailable") from exc
        return data


class LimitedPasswordResetForm(PasswordResetForm):
    """Django's reset form, sending at most ACCOUNTS_EMAILS_PER_ADDRESS e-mails an hour to one
    address and ACCOUNTS_EMAILS_PER_CLIENT from one client. Over a limit nothing is sent and the
    answer is the same as ever, so it tells nobody whether an account exists."""

    def __init__(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        self.request = request
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean returns cleaned_data
        self.within_limits = False
        email = data.get("email")
        if email and self.request is not None:
            try:
                self.within_limits = throttle.email_allowed("password-reset", email, ratelimit.client_ip(self.request))
            except ratelimit.Unavailable as exc:
                raise forms.ValidationError(str(exc), code="unavailable") from exc
        return data

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.within_limits:
            super().save(*args, **kwargs)

    def send_mail(self, subject_template_name: str, email_template_name: str, context: dict[str, Any],
                  from_email: str | None, to_email: str, html_email_template_name: str | None = None) -> None:
        """The e-mail in the account holder's language (lib.languages.for_recipient), whatever the page
        that asked speaks; an account that follows its browser (no language chosen) gets the page's."""
        user = context.get("user")
        language = languages.for_recipient(user=user) if getattr(user, "language", "") else languages.current()
        with translation.override(language):
            super().send_mail(subject_template_name, email_template_name, context, from_email, to_email,
                              html_email_template_name)


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Their e-mail address"))
    role = forms.ChoiceField(choices=words.role_choices, initial=Role.STAFF, label=_("Role"),
                             help_text=_("Managers change records; leaders and staff take part; funders see aggregates."))
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), required=False,
                                          label=_("Organisation they speak for"))

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "organisation").queryset = Organisation.objects.filter(memberships__partnership=partnership)


class AcceptForm(forms.Form):
    full_name = forms.CharField(label=_("Your name"), max_length=200)
    password = forms.CharField(label=_("Choose a password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                               help_text=_("At least 10 characters, not a common password."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = password_validators_help_text_html()


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name of the new token"), max_length=100,
                           help_text=_("What will use it, such as “monthly report script”."))


class LanguageForm(forms.Form):
    """A person's own language; "the browser's" keeps following what the browser asks for."""

    language = forms.ChoiceField(label=_("Language"), required=False, widget=forms.RadioSelect)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # each language named in its own words, so a person who cannot read this page still finds theirs
        choices = [("", _("The one my browser asks for"))] + list(settings.LANGUAGES)
        self.fields["language"].choices = choices  # type: ignore[attr-defined]  # a ChoiceField
