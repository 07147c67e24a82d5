from __future__ import annotations

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import password_validators_help_text_html

from accord.partners.models import Organisation, Partnership, Role

from . import throttle


class SignInForm(forms.Form):
    email = forms.EmailField(label="E-mail address", widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(label="Password", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def __init__(self, *args, request=None, **kwargs):  # type: ignore[no-untyped-def]
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        email, password = data.get("email", ""), data.get("password", "")
        if not email or not password:
            return data
        ip = self.request.META.get("REMOTE_ADDR", "") if self.request else ""
        if throttle.is_locked(email, ip):
            raise forms.ValidationError(
                "Too many failed attempts. For your safety, sign-in is paused for 15 minutes. "
                "You can reset your password meanwhile.", code="throttled")
        self.user = authenticate(self.request, username=email.lower(), password=password)
        if self.user is None:
            throttle.record_failure(email, ip)
            raise forms.ValidationError("That e-mail address and password do not match an account.", code="invalid")
        throttle.clear(email, ip)
        return data


class InviteForm(forms.Form):
    email = forms.EmailField(label="Their e-mail address")
    role = forms.ChoiceField(choices=Role.CHOICES, initial=Role.STAFF,
                             help_text="Managers change records; leaders and staff take part; funders see aggregates.")
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), required=False,
                                          label="Organisation they speak for")

    def __init__(self, *args, partnership: Partnership, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(memberships__partnership=partnership)


class AcceptForm(forms.Form):
    full_name = forms.CharField(label="Your name", max_length=200)
    password = forms.CharField(label="Choose a password", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                               help_text="At least 10 characters, not a common password.")

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = password_validators_help_text_html()


class TokenForm(forms.Form):
    name = forms.CharField(label="Name of the new token", max_length=100,
                           help_text="What will use it, such as “monthly report script”.")
