"""Forms for meetings and their outcomes. They collect input; services decide what is allowed."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.lib.formfields import model_choice_field
from accord.partners import selectors as partners

from .models import Action, AgendaItem, Decision, MeetingSeries, Position

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def current_people(partnership: Any) -> Any:
    """People in post at organisations that are members today: whom new things can be given to."""
    return partners.people(partnership, current_only=True).filter(
        organisation__in=partners.member_organisations(partnership))


def _people_field(partnership: Any, label: StrOrPromise, *, required: bool = True) -> forms.ModelChoiceField:
    qs = current_people(partnership).order_by("organisation__name", "name")
    field = forms.ModelChoiceField(qs, label=label, required=required)
    field.label_from_instance = lambda obj: f"{obj.name} ({obj.organisation.name})"  # type: ignore[method-assign]  # for this field only
    return field


class SeriesForm(forms.ModelForm):
    video_link = forms.URLField(required=False, assume_scheme="https", label=_("Video link"))

    class Meta:
        model = MeetingSeries
        fields = ["title", "rrule", "starts_on", "ends_on", "start_time", "duration_minutes", "time_zone", "place",
                  "video_link", "senior_leaders_expected", "extra_attendees"]
        labels = {"title": _("Title"), "rrule": _("How often (RFC 5545 rule)"), "starts_on": _("First date"),
                  "ends_on": _("Last date"), "start_time": _("Start time"), "duration_minutes": _("Length in minutes"),
                  "time_zone": _("Time zone"), "place": _("Place"), "video_link": _("Video link"),
                  "senior_leaders_expected": _("Senior leaders expected"), "extra_attendees": _("Also expect")}
        widgets = {"starts_on": DATE, "ends_on": DATE, "start_time": TIME}
        help_texts = {"rrule": _("FREQ=MONTHLY;BYDAY=1TU is the first Tuesday of every month; "
                                 "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH every other Thursday."),
                      "starts_on": _("The first meeting is the first date the rule gives on or after this."),
                      "ends_on": _("Leave empty for a series with no end."),
                      "senior_leaders_expected": _("Expect the senior leader in post of each member organisation at "
                                                   "every meeting."),
                      "extra_attendees": _("People expected besides the senior leaders (hold Ctrl to pick several).")}

    def __init__(self, *args: Any, partnership: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "rrule" in self.fields:
            self.fields["rrule"].initial = "FREQ=MONTHLY;BYDAY=1TU"
        people = current_people(partnership)
        if self.instance.pk:  # people already expected stay ticked, even if their organisation has left
            people = people | partners.people(partnership).filter(pk__in=self.instance.extra_attendees.all())
        model_choice_field(self, "extra_attendees").queryset = people.distinct()
        self.fields["extra_attendees"].required = False

    def _post_clean(self) -> None:  # the service validates the rule and the dates as a whole
        pass


class SeriesEditForm(SeriesForm):
    class Meta(SeriesForm.Meta):
        fields = ["title", "ends_on", "place", "video_link", "senior_leaders_expected", "extra_attendees"]
        help_texts = {**SeriesForm.Meta.help_texts, "ends_on": _("To end the series: meetings after this "
                                                                          "date are removed from everyone's calendar.")}

    def __init__(self, *args: Any, partnership: Any, **kwargs: Any) -> None:
        super().__init__(*args, partnership=partnership, **kwargs)
        self.fields.pop("rrule", None)


class MoveForm(forms.Form):
    date = forms.DateField(widget=DATE, label=_("New date"))
    start_time = forms.TimeField(widget=TIME, label=_("Starts at"))
    end_time = forms.TimeField(widget=TIME, label=_("Ends at"))
    place = forms.CharField(required=False, max_length=300, label=_("Place"),
                            help_text=_("Leave empty to keep the usual place."))


class AddAttendeeForm(forms.Form):
    def __init__(self, *args: Any, partnership: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"] = _people_field(partnership, _("Add a person to this meeting"))


class AgendaItemForm(forms.Form):
    title = forms.CharField(max_length=300, label=_("Item"))
    minutes_allotted = forms.IntegerField(min_value=1, max_value=600, initial=15, label=_("Minutes allotted"))
    papers = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label=_("Papers"),
                             help_text=_("Links to the papers, one per line."))

    def __init__(self, *args: Any, partnership: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"] = _people_field(partnership, _("Who leads it"), required=False)

    def clean_papers(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["papers"].splitlines() if line.strip()]


class MinutesForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["minutes"]
        labels = {"minutes": _("Minutes")}
        help_texts = {"minutes": _("What was said and agreed (draft until approved).")}


class AmendmentForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea, label=_("Corrected minutes"))
    reason = forms.CharField(max_length=300, label=_("Why the correction"))


class NoteForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Note"))


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["proposal", "needs_consensus"]
        labels = {"proposal": _("Proposal"), "needs_consensus": _("Needs every partner's consent")}
        help_texts = {"needs_consensus": _("Not carried while any partner objects, or until every partner has given "
                                           "its position.")}


class PositionForm(forms.ModelForm):
    class Meta:
        model = Position
        fields = ["stance", "comment"]
        labels = {"stance": _("Position"), "comment": _("Comment")}

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"] = forms.ModelChoiceField(organisations, label=_("For organisation"))
            self.order_fields(["organisation", "stance", "comment"])


class ActionForm(forms.Form):
    title = forms.CharField(max_length=300, label=_("Action"))
    due = forms.DateField(widget=DATE, label=_("Due"))
    detail = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label=_("Detail"))

    def __init__(self, *args: Any, partnership: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"] = _people_field(partnership, _("Owner"))
        self.order_fields(["title", "owner", "due", "detail"])


class ActionUpdateForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = ["status", "completed_on"]
        labels = {"status": _("Status"), "completed_on": _("Done on")}
        widgets = {"completed_on": DATE}
        help_texts = {"completed_on": _("Leave empty for today.")}

    def _post_clean(self) -> None:
        pass


def local_range(date: dt.date, start: dt.time, end: dt.time, zone: Any) -> tuple[dt.datetime, dt.datetime]:
    return (dt.datetime.combine(date, start, tzinfo=zone), dt.datetime.combine(date, end, tzinfo=zone))
