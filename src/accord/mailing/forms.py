from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.lib.formfields import choice_field
from accord.lib.languages import localised
from accord.lib.mail import one_line

from .models import Campaign, MailingList

WELSH_HINT = _("Shown to people reading in Welsh; leave empty to show them the English.")

class SignupForm(forms.Form):
    email = forms.CharField(label=_("Your e-mail address"), max_length=254,
                            widget=forms.EmailInput(attrs={"autocomplete": "email"}),
                            error_messages={"required": _("Enter your e-mail address.")})
    name = forms.CharField(label=_("Your name"), max_length=200, required=False,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    topics = forms.MultipleChoiceField(label=_("What would you like to hear about?"), required=False,
                                       widget=forms.CheckboxSelectMultiple)
    agree = forms.BooleanField(label=_("I agree to the statement above"),
                               error_messages={"required": _("Tick the box to agree to the statement; without it we "
                                                             "cannot add you.")})
    statement_version = forms.IntegerField(widget=forms.HiddenInput)
    # which wording the form showed (en, cy): the consent record keeps it
    statement_language = forms.CharField(widget=forms.HiddenInput, required=False, max_length=8)
    # the honeypot: hidden from people, filled in by robots
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def __init__(self, *args: Any, mailing_list: MailingList, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # topics in the reader's language (the Welsh name where written)
        choice_field(self, "topics").choices = [(str(t.pk), localised(t, "name")) for t in mailing_list.topics.all()]
        if not choice_field(self, "topics").choices:
            del self.fields["topics"]


class AddressForm(forms.Form):
    email = forms.CharField(label=_("Your e-mail address"), max_length=254,
                            widget=forms.EmailInput(attrs={"autocomplete": "email"}),
                            error_messages={"required": _("Enter your e-mail address.")})


class ListForm(forms.Form):
    name = forms.CharField(max_length=200, label=_("Name of the list"), validators=[one_line])
    name_cy = forms.CharField(max_length=200, label=_("Name of the list in Welsh"), validators=[one_line],
                              required=False, help_text=WELSH_HINT)
    slug = forms.SlugField(max_length=80, label=_("Web address"), required=False,
                           help_text=_("Letters, numbers and hyphens: the sign-up page will be /lists/<this>/. "
                                       "Left empty, it is made from the name."))
    owner = forms.ChoiceField(label=_("Who owns the list and its subscribers' data"))
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                  help_text=_("Shown on the sign-up page: what people will receive, and how often."))
    description_cy = forms.CharField(label=_("Description in Welsh"), widget=forms.Textarea(attrs={"rows": 3}),
                                     required=False, help_text=WELSH_HINT)
    statement = forms.CharField(
        label=_("Consent statement"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The exact words people agree to. Changing them makes a new version; each person's record "
                    "keeps the version they agreed to."))
    statement_cy = forms.CharField(
        label=_("Consent statement in Welsh"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
        help_text=_("The same words in Welsh, shown to people reading in Welsh; each person's record says which "
                    "language's words they agreed to. Left empty, they are shown the English."))
    topics = forms.CharField(label=_("Topics"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
                             help_text=_("One per line. People choose among them when they sign up. To give a "
                                         "topic's Welsh name, put it after a bar: Events | Digwyddiadau"))
    from_name = forms.CharField(max_length=200, required=False, label=_("Sender name"), validators=[one_line])
    reply_to = forms.EmailField(required=False, label=_("Reply-to address"))
    record_ip = forms.BooleanField(required=False, label=_("Record the IP address with each consent (off unless "
                                                           "you need it)"))
    is_open = forms.BooleanField(required=False, initial=True, label=_("Accepting sign-ups"))

    def __init__(self, *args: Any, owners: list[tuple[str, str]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if owners:
            choice_field(self, "owner").choices = owners
        else:
            del self.fields["owner"]

    def topic_names(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("topics", "").splitlines() if line.strip()]


class SubscriberAddForm(forms.Form):
    email = forms.CharField(label=_("E-mail address"), max_length=254)
    name = forms.CharField(label=_("Name"), max_length=200, required=False,
                           help_text=_("Only if they gave it: never guess a name from an address."))
    topics = forms.MultipleChoiceField(label=_("Topics"), required=False, widget=forms.CheckboxSelectMultiple)
    basis = forms.CharField(label=_("How they agreed"), widget=forms.Textarea(attrs={"rows": 2}),
                            help_text=_("For example: “signed the paper form at the Eastmarsh event, 3 May 2026”."))

    def __init__(self, *args: Any, mailing_list: MailingList, **kwargs: Any):
        super().__init__(*args, **kwargs)
        choice_field(self, "topics").choices = [(str(t.pk), t.name) for t in mailing_list.topics.all()]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), help_text=_("Columns: email (required), name, topics (separated by “;”)."))
    basis = forms.CharField(
        label=_("Consent basis"), widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required: how and when these people agreed to receive this list's e-mails."),
        error_messages={"required": _("State the consent basis: how and when these people agreed.")})


class CampaignForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200, validators=[one_line])
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 12}),
                           help_text=Campaign._meta.get_field("body").help_text)
    subject_cy = forms.CharField(max_length=200, validators=[one_line], required=False,
                                 label=_("Subject in Welsh"), help_text=WELSH_HINT)
    body_cy = forms.CharField(label=_("Message in Welsh"), widget=forms.Textarea(attrs={"rows": 12}), required=False,
                              help_text=_("Sent to subscribers who read Welsh; leave empty to send them the English."))
    topics = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple,
                                       label=_("Only to people who chose these topics"),
                                       help_text=_("None ticked: everyone on the list."))

    def __init__(self, *args: Any, mailing_list: MailingList, **kwargs: Any):
        super().__init__(*args, **kwargs)
        choice_field(self, "topics").choices = [(str(t.pk), t.name) for t in mailing_list.topics.all()]


class SendForm(forms.Form):
    send_at = forms.DateTimeField(
        label=_("Send at"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                                     format="%Y-%m-%dT%H:%M"),
        help_text=_("Leave empty to send now. Times are UK time."))

    def clean_send_at(self) -> Any:
        value = self.cleaned_data.get("send_at")
        if value and value < timezone.now():
            raise forms.ValidationError(_("This time has passed: leave it empty to send now, or choose a later time."))
        return value
