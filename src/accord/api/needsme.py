"""API for what waits for a person and for answering meetings: the to-do list (across partnerships and per
partnership), meeting replies (read, set, and calendar replies uploaded by the manager) and meeting papers
(list, upload, download). Handlers fetch through core.policy and call the domains' services."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile

from accord.core import policy, todos
from accord.core.registry import Todo
from accord.governance import papers
from accord.governance.models import Attendance, Meeting, MeetingPaper
from accord.governance.services import replies

from .schema import one_of

router = Router(tags=["What needs me"])


class TodoOut(Schema):
    kind: str
    title: str
    url: str
    partnership_id: int
    partnership: str
    due: dt.date | None
    overdue: bool
    rank: int
    detail: str


class MeetingReplyOut(Schema):
    person_id: int
    person: str
    organisation_id: int
    reply: Annotated[str, one_of(Attendance.Reply, blank=gettext_noop("not replied yet"))]
    delegate_id: int | None
    delegate: str
    replied_at: dt.datetime | None
    via: str


class MeetingReplyIn(Schema):
    reply: Annotated[str, one_of(Attendance.Reply)]
    delegate_id: int | None = None


class MeetingPaperOut(Schema):
    id: int
    meeting_id: int
    item_id: int | None
    title: str
    file_name: str
    content_type: str
    size: int
    sha256: str
    download_url: str


def _todo_out(todo: Todo, access: policy.Access) -> dict[str, Any]:
    due = todo.due
    if isinstance(due, dt.datetime):
        due = due.date()
    return {"kind": todo.kind, "title": todo.title, "url": todo.url, "partnership_id": todo.partnership_id,
            "partnership": access.partnership.name, "due": due, "overdue": todo.overdue, "rank": todo.rank,
            "detail": todo.detail}


@router.get("/me/todos", response=list[TodoOut], summary=gettext_noop("What waits for you across your partnerships, most urgent first"))
def my_todos(request: HttpRequest) -> list[dict[str, Any]]:
    return [_todo_out(t, a) for t, a in todos.flat(todos.for_user(request.user))]


@router.get("/partnerships/{pk}/todos", response=list[TodoOut], summary=gettext_noop("What waits for you in this partnership"))
def partnership_todos(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    access = policy.get_partnership(request.user, pk, need="view")
    return [_todo_out(t, access) for t in todos.for_access(request.user, access)]


# ---- replies -------------------------------------------------------------------------------------

def _meeting(request: HttpRequest, pk: int, meeting_pk: int, need: str) -> tuple[Meeting, policy.Access]:
    return policy.get_object(request.user, Meeting.objects.select_related("series__partnership"), need=need,
                             partnership_field="series__partnership", pk=meeting_pk, within=pk)


def _reply_out(a: Attendance) -> dict[str, Any]:
    return {"person_id": a.person_id, "person": a.person.name, "organisation_id": a.organisation_id,
            "reply": a.reply, "delegate_id": a.reply_delegate_id,
            "delegate": a.reply_delegate.name if a.reply_delegate else "", "replied_at": a.replied_at,
            "via": a.reply_via}


def _own(request: HttpRequest, meeting: Meeting) -> Attendance:
    user: Any = request.user  # signed in: the API's authentication let the request through
    row = (meeting.attendance.filter(person__user=user, person__partnership_id=meeting.series.partnership_id)
           .select_related("person", "reply_delegate").first())
    if row is None:
        raise Http404(gettext("You are not on the list for this meeting."))
    return row


@router.get("/partnerships/{pk}/meetings/{meeting_pk}/replies", response=list[MeetingReplyOut],
            summary=gettext_noop("Everyone's reply to the invitation (an empty reply: not replied yet)"))
def list_replies(request: HttpRequest, pk: int, meeting_pk: int) -> list[dict[str, Any]]:
    meeting, _ = _meeting(request, pk, meeting_pk, "view_members")
    return [_reply_out(a) for a in meeting.attendance.select_related("person", "reply_delegate")]


@router.get("/partnerships/{pk}/meetings/{meeting_pk}/reply", response=MeetingReplyOut, summary=gettext_noop("Your own reply"))
def get_reply(request: HttpRequest, pk: int, meeting_pk: int) -> dict[str, Any]:
    meeting, _ = _meeting(request, pk, meeting_pk, "act")
    return _reply_out(_own(request, meeting))


@router.put("/partnerships/{pk}/meetings/{meeting_pk}/reply", response=MeetingReplyOut,
            summary=gettext_noop("Reply going, not going or sending a delegate (a colleague of your organisation here); "
                                 "changeable until the meeting starts"))
def set_reply(request: HttpRequest, pk: int, meeting_pk: int, payload: MeetingReplyIn) -> dict[str, Any]:
    meeting, _ = _meeting(request, pk, meeting_pk, "act")
    row = replies.reply_set(actor=request.user, row=_own(request, meeting), reply=payload.reply,
                            delegate=payload.delegate_id, via="API")
    return _reply_out(row)


@router.post("/partnerships/{pk}/meetings/{meeting_pk}/calendar-replies", response=list[MeetingReplyOut],
             summary=gettext_noop("Record an iCalendar METHOD:REPLY (multipart file), matched by address within this meeting"))
def calendar_replies(request: HttpRequest, pk: int, meeting_pk: int,
                     file: UploadedFile = File(...)) -> list[dict[str, Any]]:  # noqa: B008 - ninja style
    meeting, _ = _meeting(request, pk, meeting_pk, "edit")
    done = replies.replies_from_ical(actor=request.user, meeting=meeting, data=file.read(1024 * 1024))
    return [_reply_out(a) for a in done]


# ---- papers --------------------------------------------------------------------------------------

def _paper_out(p: MeetingPaper, pk: int) -> dict[str, Any]:
    return {"id": p.pk, "meeting_id": p.meeting_id, "item_id": p.item_id, "title": p.title, "file_name": p.file_name,
            "content_type": p.content_type, "size": p.size, "sha256": p.sha256,
            "download_url": reverse("api:meeting_paper_download", args=[pk, p.pk])}


@router.get("/partnerships/{pk}/meetings/{meeting_pk}/papers", response=list[MeetingPaperOut],
            summary=gettext_noop("List Papers"))
def list_papers(request: HttpRequest, pk: int, meeting_pk: int) -> list[dict[str, Any]]:
    meeting, _ = _meeting(request, pk, meeting_pk, "view_members")
    return [_paper_out(p, pk) for p in papers.papers_of(meeting)]


@router.post("/partnerships/{pk}/meetings/{meeting_pk}/papers", response={201: MeetingPaperOut},
             summary=gettext_noop("Add a paper (multipart: file, optional title and agenda item); checked as library files are"))
def add_paper(request: HttpRequest, pk: int, meeting_pk: int, title: Form[str] = "",
              item_id: Form[int | None] = None,
              file: UploadedFile = File(...)) -> tuple[int, dict[str, Any]]:  # noqa: B008 - ninja style
    meeting, _ = _meeting(request, pk, meeting_pk, "edit")
    item = None
    if item_id is not None:
        item = meeting.agenda.filter(pk=item_id).first()
        if item is None:
            from django.core.exceptions import ValidationError

            raise ValidationError({"item_id": gettext("Choose an agenda item of this meeting.")})
    paper = papers.paper_add(actor=request.user, meeting=meeting, upload=file, title=title, item=item)
    return 201, _paper_out(paper, pk)


@router.get("/partnerships/{pk}/meeting-papers/{paper_pk}/download", url_name="meeting_paper_download",
            summary=gettext_noop("Download a meeting paper (those who may see the meeting)"))
def download_paper(request: HttpRequest, pk: int, paper_pk: int) -> HttpResponseBase:
    paper, _ = policy.get_object(request.user, MeetingPaper.objects.select_related("meeting__series__partnership"),
                                 need="view_members", partnership_field="meeting__series__partnership", pk=paper_pk,
                                 within=pk)
    return papers.download(paper)
