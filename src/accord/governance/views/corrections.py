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
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
        request, access=access, section="meetings", title=_("Delete this note?"), undoable=True,
        refusal=refusal_of(lambda: corrections.check_record_open(note.meeting, _("this note"))),
        consequences=[_("The note “%(text)s” is removed from %(meeting)s.") % {"text": note.text[:200],
                                                                              "meeting": note.meeting}],
        button=_("Delete the note"), back=note.meeting.get_absolute_url(), done=_("The note is deleted."),
        do=lambda: corrections.note_delete(actor=request.user, note=note))


@login_required
def agenda_delete(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item, access = get_of_meeting(request, AgendaItem, pk, item_pk, "edit")
    lines = [_("The agenda item “%(title)s” and its draft minutes are removed from %(meeting)s.")
             % {"title": item.title, "meeting": item.meeting}]
    linked = item.notes.count() + item.decisions.count() + item.actions.count()
    if linked:
        lines.append(_("The %(count)s notes, decisions and actions recorded under it stay with the meeting.")
                     % {"count": linked})
    return confirm_then(
        request, access=access, section="meetings", title=_("Delete this agenda item?"), undoable=True,
        refusal=refusal_of(lambda: corrections.check_record_open(
            item.meeting, _("the agenda item “%(title)s”") % {"title": item.title})),
        consequences=lines, button=_("Delete the agenda item"), back=item.meeting.get_absolute_url(),
        done=_("The agenda item “%(title)s” is deleted.") % {"title": item.title},
        do=lambda: corrections.agenda_item_delete(actor=request.user, item=item))


@login_required
def decision_delete(request: HttpRequest, pk: int, decision_pk: int) -> HttpResponse:
    decision, access = get_of_meeting(request, Decision, pk, decision_pk, "edit")
    lines = [_("The proposal “%(proposal)s” is removed from %(meeting)s.")
             % {"proposal": decision.proposal[:200], "meeting": decision.meeting}]
    given = decision.positions.count()
    if given:
        lines.append(_("The %(count)s positions partners gave on it are removed with it.") % {"count": given})
    return confirm_then(
        request, access=access, section="meetings", title=_("Delete this decision?"), undoable=True,
        refusal=refusal_of(lambda: corrections.check_record_open(decision.meeting, _("this decision"))),
        consequences=lines, button=_("Delete the decision"), back=decision.meeting.get_absolute_url(),
        done=_("The decision is deleted."), do=lambda: corrections.decision_delete(actor=request.user, decision=decision))


class ActionCorrectForm(djforms.Form):
    due = djforms.DateField(widget=forms.DATE, label=gettext_lazy("Due"))

    def __init__(self, *args: Any, partnership: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"] = forms._people_field(partnership, gettext_lazy("Owner"))
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
            messages.success(request, _("The action is now %(name)s's, due %(date)s.")
                             % {"name": action.owner.name, "date": date_format(action.due, "j F Y")})
            return redirect(action.get_absolute_url())
    return _page(request, "core/form.html", access, form=form, title=_("Reassign or re-date: %(title)s") % {"title": action.title},
                 submit=_("Save"), cancel_url=action.get_absolute_url(),
                 intro=_("Give the action to someone else (their organisation takes it on) or a new due date."))


@login_required
def meeting_reinstate(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    meeting, access = get_meeting(request, pk, meeting_pk, need="edit")
    return confirm_then(
        request, access=access, section="meetings", title=_("Reinstate %(meeting)s?") % {"meeting": meeting},
        refusal="" if meeting.is_cancelled else _("This meeting is not cancelled, so there is nothing to reinstate."),
        consequences=[_("The meeting is scheduled again at the same time and place."),
                      _("Everyone expected is e-mailed the invitation again.")],
        reversible=_("You can cancel it again afterwards."), button=_("Reinstate the meeting"),
        back=meeting.get_absolute_url(), done=_("The meeting is reinstated; everyone expected is invited again."),
        do=lambda: corrections.meeting_reinstate(actor=request.user, meeting=meeting))


@login_required
def action_delete(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    action, access = get_of_meeting(request, Action, pk, action_pk, "edit")
    return confirm_then(
        request, access=access, section="meetings", title=_("Delete this action?"), undoable=True,
        refusal=refusal_of(lambda: corrections.check_action_deletable(action)),
        consequences=[_("The action “%(title)s” (%(name)s, due %(date)s) is removed from %(meeting)s.") % {
                          "title": action.title, "name": action.owner.name,
                          "date": date_format(action.due, "j F Y"), "meeting": action.meeting},
                      _("It no longer counts in anyone's actions or the delivery figures.")],
        button=_("Delete the action"), back=action.meeting.get_absolute_url(),
        done=_("The action “%(title)s” is deleted.") % {"title": action.title},
        do=lambda: corrections.action_delete(actor=request.user, action=action))


@login_required
def attendee_remove(request: HttpRequest, pk: int, attendance_pk: int) -> HttpResponse:
    row, access = get_of_meeting(request, Attendance, pk, attendance_pk, "edit")
    meeting, name = row.meeting, row.person.name
    lines = [_("%(name)s is taken off the list of %(meeting)s.") % {"name": name, "meeting": meeting}]
    if meeting.start >= timezone.now() and not meeting.is_cancelled and row.person.email:
        lines.append(_("%(name)s is e-mailed that this meeting is cancelled for them (the invitation is "
                       "withdrawn).") % {"name": name})
    return confirm_then(
        request, access=access, section="meetings", title=_("Remove %(name)s from this meeting?") % {"name": name}, undoable=True,
        refusal=refusal_of(lambda: corrections.check_attendee_removable(row)), consequences=lines,
        button=_("Remove from the meeting"), back=meeting.get_absolute_url(),
        done=_("%(name)s is off the list.") % {"name": name},
        do=lambda: corrections.attendee_remove(actor=request.user, row=row))


@login_required
def series_delete(request: HttpRequest, pk: int, series_pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    series = access.partnership.meeting_series.filter(pk=series_pk).first()
    if series is None:
        raise Http404("Not found")
    return confirm_then(
        request, access=access, section="meetings", title=_("Delete “%(title)s”?") % {"title": series.title},
        refusal=refusal_of(lambda: corrections.check_series_deletable(series)),
        consequences=[_("The series (%(repeats)s) and its %(count)s meetings are removed.") % {
                          "repeats": series.repeats, "count": series.meetings.count()},
                      _("Everyone invited to a meeting still to come is e-mailed that the series is cancelled."),
                      _("Use this for a series set up by mistake; to stop a series, give it an end date.")],
        button=_("Delete the series"), back=reverse("governance:list", args=[pk]),
        done=_("“%(title)s” is deleted.") % {"title": series.title}, do=lambda: corrections.series_delete(actor=request.user, series=series))
