"""Pages that correct a meeting's record: confirm and delete a note, agenda item, decision or action (with Undo),
reassign or re-date an action, remove someone added to a meeting (with Undo), reinstate a cancelled meeting,
delete a series set up by mistake."""

from __future__ import annotations

from typing import Any

from django import forms as djforms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from accord.core import policy
from accord.core.confirm import confirm_then, refusal_of
from accord.lib.formerrors import apply_errors

from .. import forms
from ..models import Action, AgendaItem, Attendance, Decision, Note
from ..services import corrections
from .meetings import _page, get_meeting, get_of_meeting


@login_required
def note_delete(request: HttpRequest, pk: int, note_pk: int) -> HttpResponse:
    note, access = get_of_meeting(request, Note, pk, note_pk, "edit")
    return confirm_then(
        request, access=access, section="meetings", title="Delete this note?", undoable=True,
        refusal=refusal_of(lambda: corrections.check_record_open(note.meeting, "this note")),
        consequences=[f"The note “{note.text[:200]}” is removed from {note.meeting}."],
        button="Delete the note", back=note.meeting.get_absolute_url(), done="The note is deleted.",
        do=lambda: corrections.note_delete(actor=request.user, note=note))


@login_required
def agenda_delete(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item, access = get_of_meeting(request, AgendaItem, pk, item_pk, "edit")
    lines = [f"The agenda item “{item.title}” and its draft minutes are removed from {item.meeting}."]
    linked = item.notes.count() + item.decisions.count() + item.actions.count()
    if linked:
        lines.append(f"The {linked} notes, decisions and actions recorded under it stay with the meeting.")
    return confirm_then(
        request, access=access, section="meetings", title="Delete this agenda item?", undoable=True,
        refusal=refusal_of(lambda: corrections.check_record_open(item.meeting, f"the agenda item “{item.title}”")),
        consequences=lines, button="Delete the agenda item", back=item.meeting.get_absolute_url(),
        done=f"The agenda item “{item.title}” is deleted.",
        do=lambda: corrections.agenda_item_delete(actor=request.user, item=item))


@login_required
def decision_delete(request: HttpRequest, pk: int, decision_pk: int) -> HttpResponse:
    decision, access = get_of_meeting(request, Decision, pk, decision_pk, "edit")
    lines = [f"The proposal “{decision.proposal[:200]}” is removed from {decision.meeting}."]
    given = decision.positions.count()
    if given:
        lines.append(f"The {given} positions partners gave on it are removed with it.")
    return confirm_then(
        request, access=access, section="meetings", title="Delete this decision?", undoable=True,
        refusal=refusal_of(lambda: corrections.check_record_open(decision.meeting, "this decision")),
        consequences=lines, button="Delete the decision", back=decision.meeting.get_absolute_url(),
        done="The decision is deleted.", do=lambda: corrections.decision_delete(actor=request.user, decision=decision))


class ActionCorrectForm(djforms.Form):
    due = djforms.DateField(widget=forms.DATE, label="Due")

    def __init__(self, *args: Any, partnership: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"] = forms._people_field(partnership, "Owner")
        self.order_fields(["owner", "due"])


@login_required
def action_correct(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    action, access = get_of_meeting(request, Action, pk, action_pk, "edit")
    form = ActionCorrectForm(request.POST or None, partnership=access.partnership,
                             initial={"owner": action.owner_id, "due": action.due})
    if request.method == "POST" and form.is_valid():
        try:
            corrections.action_correct(actor=request.user, action=action, owner=form.cleaned_data["owner"],
                                       due=form.cleaned_data["due"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"The action is now {action.owner.name}'s, due {action.due:%-d %B %Y}.")
            return redirect(action.get_absolute_url())
    return _page(request, "core/form.html", access, form=form, title=f"Reassign or re-date: {action.title}",
                 submit="Save", cancel_url=action.get_absolute_url(),
                 intro="Give the action to someone else (their organisation takes it on) or a new due date.")


@login_required
def meeting_reinstate(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    meeting, access = get_meeting(request, pk, meeting_pk, need="edit")
    return confirm_then(
        request, access=access, section="meetings", title=f"Reinstate {meeting}?",
        refusal="" if meeting.is_cancelled else "This meeting is not cancelled, so there is nothing to reinstate.",
        consequences=["The meeting is scheduled again at the same time and place.",
                      "Everyone expected is e-mailed the invitation again."],
        reversible="You can cancel it again afterwards.", button="Reinstate the meeting",
        back=meeting.get_absolute_url(), done="The meeting is reinstated; everyone expected is invited again.",
        do=lambda: corrections.meeting_reinstate(actor=request.user, meeting=meeting))


@login_required
def action_delete(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    action, access = get_of_meeting(request, Action, pk, action_pk, "edit")
    return confirm_then(
        request, access=access, section="meetings", title="Delete this action?", undoable=True,
        refusal=refusal_of(lambda: corrections.check_action_deletable(action)),
        consequences=[f"The action “{action.title}” ({action.owner.name}, due {action.due:%-d %B %Y}) is removed "
                      f"from {action.meeting}.", "It no longer counts in anyone's actions or the delivery figures."],
        button="Delete the action", back=action.meeting.get_absolute_url(), done=f"The action “{action.title}” is deleted.",
        do=lambda: corrections.action_delete(actor=request.user, action=action))


@login_required
def attendee_remove(request: HttpRequest, pk: int, attendance_pk: int) -> HttpResponse:
    row, access = get_of_meeting(request, Attendance, pk, attendance_pk, "edit")
    meeting, name = row.meeting, row.person.name
    lines = [f"{name} is taken off the list of {meeting}."]
    if meeting.start >= timezone.now() and not meeting.is_cancelled and row.person.email:
        lines.append(f"{name} is e-mailed that this meeting is cancelled for them (the invitation is withdrawn).")
    return confirm_then(
        request, access=access, section="meetings", title=f"Remove {name} from this meeting?", undoable=True,
        refusal=refusal_of(lambda: corrections.check_attendee_removable(row)), consequences=lines,
        button="Remove from the meeting", back=meeting.get_absolute_url(), done=f"{name} is off the list.",
        do=lambda: corrections.attendee_remove(actor=request.user, row=row))


@login_required
def series_delete(request: HttpRequest, pk: int, series_pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    series = access.partnership.meeting_series.filter(pk=series_pk).first()
    if series is None:
        raise Http404("Not found")
    return confirm_then(
        request, access=access, section="meetings", title=f"Delete “{series.title}”?",
        refusal=refusal_of(lambda: corrections.check_series_deletable(series)),
        consequences=[f"The series ({series.repeats}) and its {series.meetings.count()} meetings are removed.",
                      "Everyone invited to a meeting still to come is e-mailed that the series is cancelled.",
                      "Use this for a series set up by mistake; to stop a series, give it an end date."],
        button="Delete the series", back=reverse("governance:list", args=[pk]),
        done=f"“{series.title}” is deleted.", do=lambda: corrections.series_delete(actor=request.user, series=series))
