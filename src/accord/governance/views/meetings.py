"""Pages for series, meetings, attendance, agenda and minutes. Each fetches through core.policy first."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.core import listing, policy
from accord.core.confirm import confirm_page
from accord.lib.formerrors import apply_errors

from .. import forms, recurrence, services
from ..models import AgendaItem, Attendance, Meeting, MeetingSeries
from ..services import replies
from . import replies as replies_views


def get_meeting(request: HttpRequest, pk: int, meeting_pk: int, need: str = "view_members") -> tuple[Meeting, Any]:
    meeting, access = policy.get_object(request.user, Meeting.objects.select_related("series__partnership"),
                                        need=need, partnership_field="series__partnership", pk=meeting_pk, within=pk)
    if access.partnership.pk != pk:
        raise Http404("Not found")
    return meeting, access


def _page(request: HttpRequest, template: str, access: Any, **context: Any) -> HttpResponse:
    return render(request, template, {"access": access, "section": "meetings", **context})


@login_required
def meeting_list(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="view_members")
    now = timezone.now()
    qs = Meeting.objects.filter(series__partnership=access.partnership).select_related("series")
    show_all = request.GET.get("show") == "all"
    past = list(qs.filter(start__lt=now).order_by("-start")[: None if show_all else 12])
    return _page(request, "governance/meeting_list.html", access,
                 series=list(access.partnership.meeting_series.all()),
                 upcoming=list(qs.filter(start__gte=now).order_by("start")[:6]), past=past, show_all=show_all)


@login_required
def series_create(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    form = forms.SeriesForm(request.POST or None, partnership=access.partnership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            series = services.series_create(
                actor=request.user, partnership=access.partnership, title=data["title"], rrule=data["rrule"],
                starts_on=data["starts_on"], ends_on=data["ends_on"], start_time=data["start_time"],
                time_zone=data["time_zone"], duration_minutes=data["duration_minutes"], place=data["place"],
                video_link=data["video_link"], senior_leaders_expected=data["senior_leaders_expected"],
                extra_attendees=list(data["extra_attendees"]))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("“%(title)s” is set up; invitations are on their way.") % {"title": series.title})
            return redirect(series.get_absolute_url())
    return _page(request, "core/form.html", access, form=form, title=_("Set up a meeting series"), submit=_("Create"),
                 cancel_url=f"/p/{pk}/meetings/")


@login_required
def series_detail(request: HttpRequest, pk: int, series_pk: int) -> HttpResponse:
    series, access = policy.get_object(request.user, MeetingSeries.objects.select_related("partnership"),
                                       need="view_members", pk=series_pk, within=pk)
    if series.partnership_id != pk:
        raise Http404("Not found")
    rule = recurrence.for_series(series)
    now = timezone.now().astimezone(rule.zone)
    # shown as the instants the meetings are held (a skipped 01:30 is 02:30), not the rule's wall-clock times
    coming = [recurrence.instant(o).astimezone(rule.zone) for o in rule.between(now, now + dt.timedelta(days=800))[:5]]
    return _page(request, "governance/series.html", access, series=series, coming=coming,
                 meetings=list(series.meetings.order_by("-start")[:24]))


@login_required
def series_edit(request: HttpRequest, pk: int, series_pk: int) -> HttpResponse:
    series, access = policy.get_object(request.user, MeetingSeries.objects.select_related("partnership"),
                                       need="edit", pk=series_pk, within=pk)
    if series.partnership_id != pk:
        raise Http404("Not found")
    form = forms.SeriesEditForm(request.POST or None, instance=series, partnership=access.partnership)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        extra = list(data.pop("extra_attendees"))
        try:
            services.series_update(actor=request.user, series=series, extra_attendees=extra, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved; everyone expected gets an updated invitation."))
            return redirect(series.get_absolute_url())
    return _page(request, "core/form.html", access, form=form, title=_("Change %(title)s") % {"title": series.title}, submit=_("Save"),
                 cancel_url=series.get_absolute_url())


@login_required
def meeting_detail(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    meeting, access = get_meeting(request, pk, meeting_pk)
    # a page of the people expected (everyone up to ACCORD_PAGE_SIZE), searched by name or organisation,
    # under the counts for the whole meeting; every row is in the meetings download
    who = request.GET.get("who", "").strip()
    everyone = meeting.attendance.select_related("person", "organisation")
    rows = everyone
    for word in who.split():
        rows = rows.filter(Q(person__name__icontains=word) | Q(organisation__name__icontains=word))
    attendance = listing.paginate(request, rows, label=_("people expected"), param="people")
    counts = dict(everyone.order_by().values_list("status").annotate(n=Count("pk")))
    agenda = list(meeting.agenda.select_related("owner").prefetch_related("amendments"))
    earlier = (Meeting.objects.filter(series__partnership=access.partnership, start__lt=meeting.start,
                                      status=Meeting.Status.SCHEDULED, minutes_status=Meeting.Minutes.DRAFT)
               .order_by("-start").first())
    return _page(
        request, "governance/meeting.html", access, meeting=meeting, attendance=attendance.rows,
        attendance_pager=attendance, who=who, expected_count=sum(counts.values()),
        attendance_counts=[(label, counts.get(value, 0)) for value, label in Attendance.Status.choices]
        + [(_("Not recorded"), counts.get("", 0))], agenda=agenda,
        statuses=Attendance.Status.choices, earlier=earlier,
        decisions=list(meeting.decisions.all()),  # the page names each; its positions are on its own page
        actions=listing.paginate(request, meeting.actions.select_related("owner", "organisation").order_by("due", "pk"),
                                 label=_("actions"), param="actions"), notes=list(meeting.notes.all()),
        add_form=forms.AddAttendeeForm(partnership=access.partnership), started=meeting.start <= timezone.now(),
        held=bool(counts.get(Attendance.Status.ATTENDED) or counts.get(Attendance.Status.DELEGATE)),
        **replies_views.meeting_context(request, meeting, access),
    )


@login_required
def meeting_move(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    meeting, access = get_meeting(request, pk, meeting_pk, need="edit")
    start, end = meeting.local_start, meeting.local_end
    form = forms.MoveForm(request.POST or None, initial={"date": start.date(), "start_time": start.time(),
                                                         "end_time": end.time(), "place": meeting.place})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        new_start, new_end = forms.local_range(d["date"], d["start_time"], d["end_time"], meeting.tz)
        try:
            services.meeting_move(actor=request.user, meeting=meeting, start=new_start, end=new_end,
                                  place=d["place"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The meeting is moved; everyone expected gets an updated invitation."))
            return redirect(meeting.get_absolute_url())
    return _page(request, "core/form.html", access, form=form, title=_("Move %(meeting)s") % {"meeting": meeting}, submit=_("Move the meeting"),
                 intro=_("Times are in %(zone)s. Only this meeting moves; the series stays.")
                 % {"zone": meeting.series.time_zone},
                 cancel_url=meeting.get_absolute_url())


@login_required
def meeting_cancel(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    meeting, access = get_meeting(request, pk, meeting_pk, need="edit")
    if request.method != "POST":  # a confirmation page first (corrections)
        return cancel_confirm(request, access, meeting)
    try:
        services.meeting_cancel(actor=request.user, meeting=meeting)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The meeting is cancelled; everyone expected is told."))
    return redirect(meeting.get_absolute_url())


@login_required
def attendance(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    """The attendance register. A meeting of up to ACCORD_PAGE_SIZE people is one form, as it always was;
    a larger one (a national board of 2,000 senior leaders) shows the counts, a search by name or
    organisation, "not recorded yet" and one page of people at a time: saving a page records the people on
    it and leaves the others as they were."""
    meeting, access = get_meeting(request, pk, meeting_pk, need="edit")
    everyone = meeting.attendance.select_related("person", "organisation", "reply_delegate").order_by("pk")
    who = request.GET.get("who", "").strip()
    unrecorded = request.GET.get("show") == "unrecorded"
    found = everyone
    for word in who.split():
        found = found.filter(Q(person__name__icontains=word) | Q(organisation__name__icontains=word))
    if unrecorded:
        found = found.filter(status="")
    pager = listing.paginate(request, found, label=_("people expected"))
    rows = list(pager.rows)
    for row in rows:  # the register starts from the replies (nothing is saved until the manager saves)
        row.status, row.delegate_name = replies.suggested_attendance(row)
    error = None
    if request.method == "POST":
        # the people of the page that was sent (ids never looked up beyond this meeting's register)
        records = [(a.person, request.POST.get(f"status-{a.person_id}", ""), request.POST.get(f"delegate-{a.person_id}", ""))
                   for a in rows if f"status-{a.person_id}" in request.POST]
        try:
            services.attendance_record(actor=request.user, meeting=meeting, records=records)
        except ValidationError as exc:
            error = " ".join(exc.messages)
            sent = {a.person_id: (status, delegate) for a, status, delegate in
                    ((a, request.POST.get(f"status-{a.person_id}", ""), request.POST.get(f"delegate-{a.person_id}", ""))
                     for a in rows if f"status-{a.person_id}" in request.POST)}
            for a in rows:
                if a.person_id in sent:
                    a.status, a.delegate_name = sent[a.person_id]
        else:
            messages.success(request, _("Attendance saved."))
            if pager.several or who or unrecorded:  # back to the same page, to go on with the next
                return redirect(request.get_full_path())
            return redirect(meeting.get_absolute_url())
    large = pager.several or bool(who) or unrecorded
    counts = dict(everyone.order_by().values_list("status").annotate(n=Count("pk"))) if large else {}
    return _page(request, "governance/attendance.html", access, meeting=meeting, rows=rows, error=error,
                 statuses=Attendance.Status.choices, pager=pager, large=large, who=who, unrecorded=unrecorded,
                 expected_count=sum(counts.values()),
                 attendance_counts=[(label, counts.get(value, 0)) for value, label in Attendance.Status.choices]
                 + [(_("Not recorded"), counts.get("", 0))])


@login_required
@require_POST
def attendee_add(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    meeting, access = get_meeting(request, pk, meeting_pk, need="edit")
    form = forms.AddAttendeeForm(request.POST, partnership=access.partnership)
    if form.is_valid():
        try:
            services.attendee_add(actor=request.user, meeting=meeting, person=form.cleaned_data["person"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(name)s is added to this meeting.") % {"name": form.cleaned_data["person"].name})
    else:
        messages.error(request, _("Choose a person to add."))
    return redirect(meeting.get_absolute_url())


@login_required
def agenda_add(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    meeting, access = get_meeting(request, pk, meeting_pk, need="edit")
    form = forms.AgendaItemForm(request.POST or None, partnership=access.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_add(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Added to the agenda."))
            return redirect(meeting.get_absolute_url())
    return _page(request, "core/form.html", access, form=form, title=_("Add an agenda item: %(meeting)s") % {"meeting": meeting},
                 submit=_("Add"), cancel_url=meeting.get_absolute_url())


def get_of_meeting(request: HttpRequest, model: Any, pk: int, obj_pk: int, need: str) -> tuple[Any, Any]:
    """An agenda item, decision or action of partnership `pk`, through the policy."""
    obj, access = policy.get_object(request.user, model.objects.select_related("meeting__series__partnership"),
                                    need=need, partnership_field="meeting__series__partnership", pk=obj_pk,
                                    within=pk)
    if access.partnership.pk != pk:
        raise Http404("Not found")
    return obj, access


@login_required
def minutes_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item, access = get_of_meeting(request, AgendaItem, pk, item_pk, "edit")
    meeting = item.meeting
    if meeting.minutes_locked:
        form: Any = forms.AmendmentForm(request.POST or None, initial={"text": item.minutes})
        title, submit = _("Amend the approved minutes: %(title)s") % {"title": item.title}, _("Record the amendment")
    else:
        form = forms.MinutesForm(request.POST or None, instance=item)
        title, submit = _("Minutes: %(title)s") % {"title": item.title}, _("Save the draft")
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            services.minutes_write(actor=request.user, item=item, text=data.get("text", data.get("minutes", "")),
                                   reason=data.get("reason", ""))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Minutes saved."))
            return redirect(meeting.get_absolute_url())
    return _page(request, "core/form.html", access, form=form, title=title, submit=submit,
                 intro=_("These minutes are approved; the original stays and your correction is shown beside it.")
                 if meeting.minutes_locked else _("Draft minutes can be changed until the next meeting approves them."),
                 cancel_url=meeting.get_absolute_url())


@login_required
@require_POST
def minutes_approve(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    """Approve an earlier meeting's minutes at this meeting."""
    at_meeting, access = get_meeting(request, pk, meeting_pk, need="edit")
    earlier_pk = request.POST.get("earlier", "")
    if not (earlier_pk.isascii() and earlier_pk.isdigit()):
        raise Http404("Not found")
    earlier, _access = get_meeting(request, pk, int(earlier_pk), need="edit")
    try:
        services.minutes_approve(actor=request.user, meeting=earlier, at_meeting=at_meeting)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The minutes of %(meeting)s are approved and locked.") % {"meeting": earlier})
    return redirect(at_meeting.get_absolute_url())


def cancel_confirm(request: HttpRequest, access: Any, meeting: Meeting) -> HttpResponse:
    """The confirmation page before a meeting is cancelled (governance:meeting-cancel on GET)."""
    return confirm_page(
        request, access=access, section="meetings", title=_("Cancel %(meeting)s?") % {"meeting": meeting},
        refusal=_("This meeting is already cancelled.") if meeting.is_cancelled else "",
        consequences=[_("The meeting of %(date)s at %(time)s is marked cancelled.") % {
                          "date": date_format(meeting.local_start, "l j F Y"),
                          "time": date_format(meeting.local_start, "H:i")},
                      _("Everyone expected is e-mailed a cancellation, and it leaves their calendars."),
                      _("The other meetings of the series are not changed.")],
        reversible=_("You can reinstate it afterwards from the meeting's page; everyone is then invited again."),
        button=_("Cancel the meeting"), cancel_url=meeting.get_absolute_url())
