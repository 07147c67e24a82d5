"""Replying to a meeting (from its page, or a signed link without signing in), calendar replies uploaded by
the manager, and meeting papers. Each fetches through core.policy first (the signed link is its own
proof: it names one attendance row and cannot be made for another)."""

from __future__ import annotations

from typing import Any

from django import forms as djforms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accord.core import listing, policy
from accord.lib import tokens
from accord.lib.formerrors import apply_errors

from .. import papers
from ..models import AgendaItem, Attendance, Meeting, MeetingPaper
from ..services import replies


def get_meeting(request: HttpRequest, pk: int, meeting_pk: int, need: str) -> tuple[Meeting, Any]:
    meeting, access = policy.get_object(request.user, Meeting.objects.select_related("series__partnership"),
                                        need=need, partnership_field="series__partnership", pk=meeting_pk, within=pk)
    return meeting, access


def own_row(user: Any, meeting: Meeting) -> Attendance | None:
    """The signed-in person's row on this meeting's list, by their record in the meeting's partnership."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (meeting.attendance.filter(person__user=user, person__partnership_id=meeting.series.partnership_id)
            .select_related("person", "organisation", "reply_delegate").first())


def meeting_context(request: HttpRequest, meeting: Meeting, access: Any) -> dict[str, Any]:
    """What the meeting page adds: your reply, who has not replied (for the manager), the papers."""
    row = own_row(request.user, meeting)
    open_for_replies = not meeting.is_cancelled and meeting.start > timezone.now()
    return {
        "my_row": row, "replies_open": open_for_replies,
        "delegates": replies.delegates_for(row) if row is not None and open_for_replies else [],
        "reply_choices": Attendance.Reply.choices,
        **_not_replied(meeting, shown=access.is_manager and open_for_replies),
        "papers": papers.papers_of(meeting),
    }


def _not_replied(meeting: Meeting, *, shown: bool) -> dict[str, Any]:
    """Who has not replied, for the manager while replies are open: the first ACCORD_PAGE_SIZE of them and how
    many more (a board of 2,000 partners is not a list of 2,000 names; the attendance below searches them)."""
    if not shown:
        return {"not_replied": [], "not_replied_more": 0}
    waiting = replies.not_replied(meeting, limit=listing.page_size() + 1)
    more = replies.not_replied_count(meeting) - listing.page_size() if len(waiting) > listing.page_size() else 0
    return {"not_replied": waiting[:listing.page_size()], "not_replied_more": more}


def _reply_from_post(request: HttpRequest) -> tuple[str, str]:
    return request.POST.get("reply", ""), request.POST.get("delegate", "")


@login_required
@require_POST
def reply(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    meeting, access = get_meeting(request, pk, meeting_pk, need="act")
    row = own_row(request.user, meeting)
    if row is None:
        messages.error(request, _("You are not on the list for this meeting, so there is nothing to reply to. "
                                  "Ask the partnership manager to add you."))
        return redirect(meeting.get_absolute_url())
    answer, delegate = _reply_from_post(request)
    try:
        replies.reply_set(actor=request.user, row=row, reply=answer, delegate=delegate or None, via="page")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Thank you: your reply is saved. You can change it until the meeting starts."))
    return redirect(meeting.get_absolute_url() + "#reply")


def reply_link(request: HttpRequest, token: str) -> HttpResponse:
    """The reply page behind the e-mailed link: no sign-in needed, one person's row only."""
    try:
        row = replies.row_from_token(token)
    except tokens.TokenError as exc:
        return render(request, "governance/reply_problem.html", {"message": str(exc)}, status=400)
    meeting = row.meeting
    error = ""
    if request.method == "POST":
        answer, delegate = _reply_from_post(request)
        try:
            row = replies.reply_set(actor=None, row=row, reply=answer, delegate=delegate or None, via="e-mail link")
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Thank you: your reply is saved. You can change it from the same link "
                                        "until the meeting starts."))
            return redirect("governance:reply-link", token)
    open_for_replies = not meeting.is_cancelled and meeting.start > timezone.now()
    return render(request, "governance/reply_link.html", {
        "row": row, "meeting": meeting, "error": error, "replies_open": open_for_replies,
        "delegates": replies.delegates_for(row) if open_for_replies else [],
        "reply_choices": Attendance.Reply.choices, "papers": [],
    })


class CalendarReplyForm(djforms.Form):
    file = djforms.FileField(label=gettext_lazy("The calendar reply (.ics)"),
                             help_text=gettext_lazy("The file an invitee's calendar program sent back when they "
                                                    "answered."))


@login_required
def calendar_reply(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    meeting, access = get_meeting(request, pk, meeting_pk, need="edit")
    form = CalendarReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            done = replies.replies_from_ical(actor=request.user, meeting=meeting, data=upload.read(1024 * 1024))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            names = ", ".join(_("%(name)s (%(reply)s)") % {"name": r.person.name,
                                                             "reply": r.get_reply_display().lower()} for r in done)
            messages.success(request, _("Replies recorded: %(names)s.") % {"names": names} if done else _("The reply held no answer yet."))
            return redirect(meeting.get_absolute_url())
    return render(request, "core/form.html", {
        "access": access, "section": "meetings", "form": form, "title": _("Record a calendar reply: %(meeting)s") % {"meeting": meeting},
        "submit": _("Record the reply"), "multipart": True, "cancel_url": meeting.get_absolute_url(),
        "intro": _("When an invitee answers the invitation in their calendar program, the reply comes to the "
                   "address Accord sends from. Upload that .ics file here: each answer is matched by e-mail "
                   "address to someone on this meeting's list, and to nobody else."),
    })


class PaperForm(djforms.Form):
    title = djforms.CharField(max_length=200, required=False, label=gettext_lazy("Title"),
                              help_text=gettext_lazy("Leave empty to use the file's name."))
    item = djforms.ModelChoiceField(AgendaItem.objects.none(), required=False, label=gettext_lazy("For agenda item"),
                                    empty_label=gettext_lazy("The whole meeting"))
    file = djforms.FileField(label=gettext_lazy("File"))

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = meeting.agenda.all()  # type: ignore[attr-defined]  # a ModelChoiceField; stubs type fields as Field


@login_required
def paper_add(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    meeting, access = get_meeting(request, pk, meeting_pk, need="edit")
    form = PaperForm(request.POST or None, request.FILES or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            papers.paper_add(actor=request.user, meeting=meeting, upload=d["file"], title=d["title"], item=d["item"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The paper is added to the meeting."))
            return redirect(meeting.get_absolute_url() + "#papers")
    return render(request, "core/form.html", {
        "access": access, "section": "meetings", "form": form, "title": _("Add a paper: %(meeting)s") % {"meeting": meeting},
        "submit": _("Add the paper"), "multipart": True, "cancel_url": meeting.get_absolute_url(),
        "intro": _("Papers are checked as library files are, and only people who may see this meeting can open "
                   "them."),
    })


def _paper(request: HttpRequest, pk: int, paper_pk: int, need: str) -> tuple[MeetingPaper, Any]:
    paper, access = policy.get_object(request.user, MeetingPaper.objects.select_related("meeting__series__partnership"),
                                      need=need, partnership_field="meeting__series__partnership", pk=paper_pk,
                                      within=pk)
    if access.partnership.pk != pk:
        raise Http404("Not found")
    return paper, access


@login_required
def paper_download(request: HttpRequest, pk: int, paper_pk: int) -> HttpResponseBase:
    paper, _access = _paper(request, pk, paper_pk, "view_members")
    return papers.download(paper)


@login_required
@require_POST
def paper_remove(request: HttpRequest, pk: int, paper_pk: int) -> HttpResponse:
    paper, _access = _paper(request, pk, paper_pk, "edit")
    meeting = paper.meeting
    papers.paper_remove(actor=request.user, paper=paper)
    messages.success(request, _("The paper is removed."))
    return redirect(meeting.get_absolute_url() + "#papers")
