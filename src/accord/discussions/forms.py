"""Forms for discussions and proposals. Choices are built from the partnership, so an id from anywhere
else is refused as "not one of the choices"; the services check everything again."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.charter import selectors as charter
from accord.core.policy import Access
from accord.delivery import selectors as delivery
from accord.governance import selectors as governance
from accord.lib.formfields import use_picker
from accord.library import selectors as library
from accord.partners import selectors as partners

from . import rules
from .models import Proposal, Thread

MD_HINT = gettext_lazy("Markdown: blank line between paragraphs, “- ” for a list, **bold**. Mention someone with @ and their full name.")
LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ThreadForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    body = forms.CharField(label=gettext_lazy("Opening message"), widget=forms.Textarea(attrs={"rows": 6}), help_text=MD_HINT)
    audience = forms.ChoiceField(label=gettext_lazy("Who sees it"), choices=Thread.Audience.choices, widget=forms.RadioSelect,
                                 initial=Thread.Audience.PARTNERSHIP)
    funders_see = forms.BooleanField(label=gettext_lazy("Funders may see this discussion"), required=False)

    def __init__(self, *args: Any, access: Access, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        p = access.partnership
        # choices built from the partnership (and, for the library, what this person may open)
        self.fields["organisations"] = forms.ModelMultipleChoiceField(
            partners.member_organisations(p), label=gettext_lazy("Named member organisations"), required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=gettext_lazy("Only with “named member organisations”: tick each who sees it (include your own)."))
        self.fields["meeting"] = forms.ModelChoiceField(governance.meetings(p).order_by("-start"),
                                                        label=gettext_lazy("About a meeting"), required=False)
        self.fields["goal"] = forms.ModelChoiceField(charter.goals(p), label=gettext_lazy("About a goal"), required=False)
        self.fields["area"] = forms.ModelChoiceField(delivery.areas(p), label=gettext_lazy("About an area"), required=False)
        self.fields["library_item"] = forms.ModelChoiceField(library.search(access), label=gettext_lazy("About a library item"),
                                                             required=False)
        use_picker(self, "organisations", partners.organisation_picker(p))
        use_picker(self, "library_item", library.item_picker(p))
        self.order_fields(["title", "body", "audience", "organisations", "funders_see"])

    def service_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"title": d["title"], "body": d["body"], "audience": d["audience"],
                "organisation_ids": [o.pk for o in d["organisations"]], "funders_see": d["funders_see"],
                **{f"{k}_id": (d[k].pk if d[k] else None) for k in ("meeting", "goal", "area", "library_item")}}


class CommentForm(forms.Form):
    body = forms.CharField(label=gettext_lazy("Your comment"), widget=forms.Textarea(attrs={"rows": 4}), help_text=MD_HINT)


class CloseThreadForm(forms.Form):
    summary = forms.CharField(label=gettext_lazy("What the discussion came to"), widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=gettext_lazy("A short summary, kept at the top of the closed discussion."))


def _parse_times(text: str) -> list[dt.datetime]:
    out = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            value = dt.datetime.fromisoformat(line.replace(" at ", " "))
        except ValueError:
            raise forms.ValidationError(
                _("“%(line)s” is not a date and time. Write one a line, like 2026-03-04 10:00.") % {"line": line}) \
                from None
        out.append(timezone.make_aware(value) if timezone.is_naive(value) else value)
    return out


class ProposalForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Proposal.Kind.choices, widget=forms.RadioSelect,
                             initial=Proposal.Kind.CONSENT)
    title = forms.CharField(label=gettext_lazy("What is proposed, in a line"), max_length=200)
    detail = forms.CharField(label=gettext_lazy("Detail"), widget=forms.Textarea(attrs={"rows": 5}), required=False, help_text=MD_HINT)
    closes_at = forms.DateTimeField(label=gettext_lazy("Closes"), widget=LOCAL, help_text=gettext_lazy("Date and time (UK time)."))
    answered_by = forms.ChoiceField(label=gettext_lazy("Who answers"), choices=Proposal.AnsweredBy.choices, widget=forms.RadioSelect,
                                    initial=Proposal.AnsweredBy.ORGANISATION)
    results = forms.ChoiceField(label=gettext_lazy("Results"), choices=Proposal.Results.choices, widget=forms.RadioSelect,
                                initial=Proposal.Results.LIVE)
    options = forms.CharField(label=gettext_lazy("Options"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
                              help_text=gettext_lazy("For choose, rank or score: one option a line."))
    times = forms.CharField(label=gettext_lazy("Dates to choose from"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
                            help_text=gettext_lazy("For a meeting date: one a line, like 2026-03-04 10:00 (UK time)."))
    score_max = forms.IntegerField(label=gettext_lazy("Highest score"), min_value=1, max_value=10, initial=5, required=False)

    def __init__(self, *args: Any, access: Access, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["series"] = forms.ModelChoiceField(governance.series_of(access.partnership), required=False,
                                                       label=gettext_lazy("Meeting series the new meeting joins"))
        self.order_fields(["kind", "title", "detail", "closes_at", "answered_by", "results", "options", "times",
                           "series", "score_max"])

    def clean_times(self) -> list[dt.datetime]:
        return _parse_times(self.cleaned_data.get("times", ""))

    def service_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"kind": d["kind"], "title": d["title"], "detail": d["detail"], "closes_at": d["closes_at"],
                "answered_by": d["answered_by"], "results": d["results"],
                "options": [line for line in d["options"].splitlines() if line.strip()], "times": d["times"],
                "series_id": d["series"].pk if d["series"] else None, "score_max": d["score_max"] or 5}


ORDINALS = [gettext_lazy("First choice"), gettext_lazy("Second choice"), gettext_lazy("Third choice"),
            gettext_lazy("Fourth choice"), gettext_lazy("Fifth choice"), gettext_lazy("Sixth choice"),
            gettext_lazy("Seventh choice"), gettext_lazy("Eighth choice"), gettext_lazy("Ninth choice"),
            gettext_lazy("Tenth choice")]
STANCES = {"agree": gettext_lazy("Agree"), "abstain": gettext_lazy("Abstain"), "object": gettext_lazy("Object"),
           "block": gettext_lazy("Block"), "disagree": gettext_lazy("Disagree")}


class AnswerForm(forms.Form):
    """The fields for one kind of proposal; `answer()` gives the service's keyword arguments."""

    def __init__(self, *args: Any, proposal: Proposal, current: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        kind = proposal.kind
        options = [(str(o.pk), o.label) for o in proposal.options.all()]
        if kind == Proposal.Kind.CONSENT:
            self.fields["stance"] = forms.ChoiceField(
                label=_("Your organisation's answer") if proposal.answered_by == "organisation" else _("Your answer"),
                widget=forms.RadioSelect, choices=[("agree", STANCES["agree"]), ("abstain", STANCES["abstain"]),
                                                   ("object", _("Object (say why)")), ("block", _("Block (say why)"))])
        elif kind == Proposal.Kind.AGREE_DISAGREE:
            self.fields["stance"] = forms.ChoiceField(label=gettext_lazy("Your answer"), widget=forms.RadioSelect,
                                                      choices=[("agree", STANCES["agree"]),
                                                               ("disagree", STANCES["disagree"])])
        elif kind == Proposal.Kind.CHOICE:
            self.fields["choice"] = forms.ChoiceField(label=gettext_lazy("Your choice"), widget=forms.RadioSelect, choices=options)
        elif kind == Proposal.Kind.TIME:
            self.fields["choice"] = forms.MultipleChoiceField(label=gettext_lazy("Every date that suits"), required=False,
                                                              widget=forms.CheckboxSelectMultiple, choices=options)
        elif kind == Proposal.Kind.RANKED:
            for i in range(len(options)):
                self.fields[f"rank_{i}"] = forms.ChoiceField(label=str(ORDINALS[i]) if i < 10 else
                                                             _("Choice %(number)d") % {"number": i + 1},
                                                             choices=[("", "—"), *options], required=i == 0)
        elif kind == Proposal.Kind.SCORE:
            for value, label in options:
                self.fields[f"score_{value}"] = forms.IntegerField(label=_("%(option)s (0 to %(most)d)") % {
                                                                       "option": label, "most": proposal.score_max},
                                                                   min_value=0, max_value=proposal.score_max,
                                                                   required=False)
        self.fields["reason"] = forms.CharField(label=gettext_lazy("Reason or comment"), widget=forms.Textarea(attrs={"rows": 3}),
                                                required=False,
                                                help_text=_("Needed when you object or block.") if kind == "consent" else "")
        if current is not None and not self.is_bound:
            self._fill(current)

    def _fill(self, answer: Any) -> None:
        self.initial["reason"] = answer.reason
        if "stance" in self.fields:
            self.initial["stance"] = answer.stance
        if self.proposal.kind == Proposal.Kind.CHOICE and answer.choice:
            self.initial["choice"] = str(answer.choice[0])
        if self.proposal.kind == Proposal.Kind.TIME:
            self.initial["choice"] = [str(i) for i in answer.choice]
        if self.proposal.kind == Proposal.Kind.RANKED:
            for i, option in enumerate(answer.choice):
                self.initial[f"rank_{i}"] = str(option)
        if self.proposal.kind == Proposal.Kind.SCORE:
            for key, value in answer.scores.items():
                self.initial[f"score_{key}"] = value

    def answer(self) -> dict[str, Any]:
        d = self.cleaned_data
        out: dict[str, Any] = {"reason": d.get("reason", ""), "stance": d.get("stance", "")}
        kind = self.proposal.kind
        if kind == Proposal.Kind.CHOICE:
            out["choice"] = [d["choice"]]
        elif kind == Proposal.Kind.TIME:
            out["choice"] = d["choice"]
        elif kind == Proposal.Kind.RANKED:
            out["choice"] = [d[k] for k in sorted((k for k in d if k.startswith("rank_")), key=lambda k: int(k[5:]))
                             if d[k]]
        elif kind == Proposal.Kind.SCORE:
            out["scores"] = {k[6:]: v for k, v in d.items() if k.startswith("score_") and v is not None}
        return out


class DecideForm(forms.Form):
    outcome = forms.CharField(label=gettext_lazy("The outcome"), widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=gettext_lazy("What was decided, in a sentence or two. It goes into the decisions record."))

    def __init__(self, *args: Any, proposal: Proposal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if proposal.has_options:
            hint = _("Leave empty to take the option the count chose.") if rules.results_visible(proposal) else \
                _("The results are hidden until it closes: choose the option decided, or close it first to see the "
                  "count.")
            self.fields["option"] = forms.ModelChoiceField(proposal.options.all(), label=gettext_lazy("The option decided"),
                                                           required=False, help_text=hint)


class DelegateForm(forms.Form):
    def __init__(self, *args: Any, access: Access, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = forms.ModelChoiceField(organisations, label=gettext_lazy("Organisation"))
        self.fields["person"] = forms.ModelChoiceField(
            partners.people(access.partnership, current_only=True).filter(organisation__in=organisations),
            label=gettext_lazy("Delegate"), required=False, help_text=gettext_lazy("Leave empty to have no delegate (the senior leader answers)."))
        use_picker(self, "organisation", partners.organisation_picker(access.partnership))
        use_picker(self, "person", partners.person_picker(access.partnership))
