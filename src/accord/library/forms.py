"""Forms for sharing an item, its terms, asking for access and answering a request."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accord.lib.formfields import model_choice_field, use_picker
from accord.partners import selectors as partners
from accord.partners.models import Organisation

from .models import KnowledgeItem, SharingTerms, Use


class DateInput(forms.DateInput):
    input_type = "date"


class TermsForm(forms.Form):
    audience = forms.ChoiceField(label=_("Who may read it"), choices=SharingTerms.Audience.choices,
                                 widget=forms.RadioSelect, initial=SharingTerms.Audience.PARTNERSHIP)
    named_orgs = forms.ModelMultipleChoiceField(
        label=_("Named partner organisations"), queryset=Organisation.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("Only if you chose named partner organisations."))
    include_funders = forms.BooleanField(label=_("Funders may read it too"), required=False)
    uses = forms.MultipleChoiceField(label=_("Permitted uses"), choices=Use.choices, required=False,
                                     widget=forms.CheckboxSelectMultiple,
                                     help_text=_("Leave all unticked to allow reading only."))
    onward_sharing = forms.BooleanField(label=_("Readers may share it outside the partnership"), required=False)
    attribution = forms.CharField(label=_("Attribution line"), max_length=300, required=False,
                                  help_text=_("How readers must credit you, for example “© Safer Homes Together 2026”."))
    expires_on = forms.DateField(label=_("Terms end on"), required=False, widget=DateInput,
                                 help_text=_("After this date only your organisation can open it. Leave empty for no end."))
    discoverable = forms.BooleanField(
        label=_("Let partners outside the audience see the title and ask for access"), required=False, initial=True)

    def __init__(self, *args: Any, partnership: Any, owner: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        orgs = partnership.member_organisations()
        if owner is not None:
            orgs = orgs.exclude(pk=owner.pk)
        model_choice_field(self, "named_orgs").queryset = orgs.order_by("name")
        use_picker(self, "named_orgs", partners.organisation_picker(partnership))

    def terms(self) -> dict[str, Any]:
        return {k: self.cleaned_data.get(k) for k in ("audience", "named_orgs", "include_funders", "uses",
                                                        "onward_sharing", "attribution", "expires_on",
                                                        "discoverable")}

    @staticmethod
    def initial_from(terms: SharingTerms) -> dict[str, Any]:
        return {"audience": terms.audience, "named_orgs": list(terms.named_orgs.all()),
                "include_funders": terms.include_funders, "uses": terms.uses,
                "onward_sharing": terms.onward_sharing, "attribution": terms.attribution,
                "expires_on": terms.expires_on, "discoverable": terms.item.discoverable}


class ItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("What are you sharing?"), choices=KnowledgeItem.Kind.choices,
                             widget=forms.RadioSelect, initial=KnowledgeItem.Kind.FILE)
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("A sentence or two: what it is and who it helps."))
    file = forms.FileField(label=_("The file"), required=False, help_text="")
    url = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https", help_text=_("For a link: its address."))
    body = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=_("For a written note. You can use Markdown: **bold**, lists, links."))
    tags = forms.CharField(label=_("Tags"), required=False, max_length=300, help_text=_("Comma-separated, for example: risk, training."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext("For a file: up to %(mb)s MB, one of %(types)s. Its content is checked.") % {
            "mb": settings.UPLOAD_MAX_MB, "types": ", ".join("." + t for t in settings.LIBRARY_ALLOWED_TYPES)}


class RequestForm(forms.Form):
    reason = forms.CharField(label=_("Why does your organisation need it?"), widget=forms.Textarea(attrs={"rows": 4}),
                             max_length=2000)


class DecideForm(forms.Form):
    decision = forms.ChoiceField(choices=[("grant", _("Grant access")), ("decline", _("Decline"))], widget=forms.RadioSelect)
    until = forms.DateField(label=_("Access until"), required=False, widget=DateInput,
                            help_text=_("Leave empty to grant until you revoke it."))
    note = forms.CharField(label=_("Note to them"), required=False, max_length=300)


class CheckpointForm(forms.Form):
    """A checkpoint a partner kept: the downloaded file, or its text pasted."""

    file = forms.FileField(label=_("Checkpoint file"), required=False,
                           help_text=_("The .json file you downloaded from this page earlier."))
    text = forms.CharField(label=_("Or paste the checkpoint"), required=False, widget=forms.Textarea(attrs={"rows": 6}))

    MAX_BYTES = 64 * 1024

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean returns cleaned_data
        upload, text = data.get("file"), (data.get("text") or "").strip()
        if upload is None and not text:
            raise forms.ValidationError(gettext("Choose the checkpoint file you kept, or paste its text."))
        if upload is not None:
            if upload.size > self.MAX_BYTES:
                raise forms.ValidationError(gettext("That file is too large to be a checkpoint (they are under 1 KB)."))
            text = upload.read().decode("utf-8", errors="replace")
        data["checkpoint_text"] = text
        return data


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, withdraw this item"), required=True,
                                 error_messages={"required": _("Tick the box to confirm that you want to withdraw it.")})
