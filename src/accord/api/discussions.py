"""API for discussions: threads, comments, proposals, answers and outcomes.

The same services and audience rules as the pages: a thread the caller does not see is "not found", and
hidden results are null (for everyone) until the proposal closes."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from ninja import Router, Schema

from accord.core import policy
from accord.discussions import rules, selectors, services
from accord.discussions.models import Comment, Proposal, Thread

from .schema import one_of

router = Router(tags=["Discussions"])


class DiscussionCommentOut(Schema):
    id: int
    parent_id: int | None
    author: str
    body: str
    created_at: dt.datetime
    edited_at: dt.datetime | None
    earlier_versions: list[str]
    mentions: list[int]


class DiscussionThreadOut(Schema):
    id: int
    title: str
    audience: Annotated[str, one_of(Thread.Audience)]
    organisation_ids: list[int]
    funders_see: bool
    status: Annotated[str, one_of(Thread.Status)]
    summary: str
    meeting_id: int | None
    goal_id: int | None
    area_id: int | None
    library_item_id: int | None
    created_at: dt.datetime
    url: str


class DiscussionThreadDetailOut(DiscussionThreadOut):
    comments: list[DiscussionCommentOut]
    proposal_ids: list[int]


class DiscussionThreadIn(Schema):
    title: str
    body: str
    audience: Annotated[str, one_of(Thread.Audience)] = Thread.Audience.PARTNERSHIP
    organisation_ids: list[int] = []
    funders_see: bool = False
    meeting_id: int | None = None
    goal_id: int | None = None
    area_id: int | None = None
    library_item_id: int | None = None


class DiscussionCommentIn(Schema):
    body: str
    parent_id: int | None = None


class DiscussionCommentEditIn(Schema):
    body: str


class DiscussionThreadCloseIn(Schema):
    summary: str


class ProposalOptionOut(Schema):
    id: int
    label: str
    starts_at: dt.datetime | None


class ProposalResultsOut(Schema):
    result: str
    winner: int | None
    tied: list[int]
    answered: int
    expected: int
    counts: dict[str, int]
    options: list[dict[str, Any]]
    rounds: list[dict[str, int]]


class ProposalAnswerOut(Schema):
    organisation_id: int | None
    organisation: str
    person_id: int | None
    given_by: str
    stance: str
    reason: str
    choice: list[int]
    scores: dict[str, int]
    counted: bool
    updated_at: dt.datetime


class ProposalOut(Schema):
    id: int
    thread_id: int
    kind: Annotated[str, one_of(Proposal.Kind)]
    title: str
    detail: str
    answered_by: Annotated[str, one_of(Proposal.AnsweredBy)]
    results_shown: Annotated[str, one_of(Proposal.Results)]
    closes_at: dt.datetime
    closed: bool
    options: list[ProposalOptionOut]
    answered_count: int
    results: ProposalResultsOut | None  # null while hidden until the close
    answers: list[ProposalAnswerOut] | None  # null while hidden, and for funders (totals only)
    outcome: str
    outcome_option_id: int | None
    decision_id: int | None
    meeting_id: int | None
    url: str


class ProposalIn(Schema):
    kind: Annotated[str, one_of(Proposal.Kind)]
    title: str
    detail: str = ""
    closes_at: dt.datetime
    answered_by: Annotated[str, one_of(Proposal.AnsweredBy)] = Proposal.AnsweredBy.ORGANISATION
    results: Annotated[str, one_of(Proposal.Results)] = Proposal.Results.LIVE
    options: list[str] = []
    times: list[dt.datetime] = []
    score_max: int = 5
    series_id: int | None = None


class ProposalAnswerIn(Schema):
    stance: str = ""
    reason: str = ""
    choice: list[int] = []
    scores: dict[str, int] = {}


class ProposalOutcomeIn(Schema):
    outcome: str
    option_id: int | None = None


# ---- fetching through the policy and the audience rules ------------------------------------------

def _thread(request: HttpRequest, pk: int, thread_pk: int, need: str = "view") -> tuple[Thread, policy.Access]:
    thread, access = policy.get_object(request.user, Thread.objects.select_related("partnership"), pk=thread_pk,
                                       within=pk, need=need)
    if not rules.can_see(access, thread):
        raise Http404("Not found")
    return thread, access


def _proposal(request: HttpRequest, pk: int, proposal_pk: int, need: str = "view") -> tuple[Proposal, policy.Access]:
    proposal, access = policy.get_object(request.user, Proposal.objects.select_related("thread__partnership"),
                                         pk=proposal_pk, within=pk, need=need, partnership_field="thread__partnership")
    if not rules.can_see(access, proposal.thread):
        raise Http404("Not found")
    return proposal, access


def _comment_out(c: Comment) -> dict[str, Any]:
    return {"id": c.pk, "parent_id": c.parent_id, "author": getattr(c.author, "full_name", "") or "",
            "body": c.body, "created_at": c.created_at, "edited_at": c.edited_at,
            "earlier_versions": [v.body for v in c.versions.all()], "mentions": [p.pk for p in c.mentions.all()]}


def _thread_out(t: Thread, *, detail: bool = False) -> dict[str, Any]:
    out = {"id": t.pk, "title": t.title, "audience": t.audience,
           "organisation_ids": [o.pk for o in t.organisations.all()], "funders_see": t.funders_see,
           "status": t.status, "summary": t.summary, "meeting_id": t.meeting_id, "goal_id": t.goal_id,
           "area_id": t.area_id, "library_item_id": t.library_item_id, "created_at": t.created_at,
           "url": t.get_absolute_url()}
    if detail:
        out["comments"] = [_comment_out(c) for c in t.comments.select_related("author")
                           .prefetch_related("versions", "mentions")]
        out["proposal_ids"] = list(t.proposals.values_list("pk", flat=True))
    return out


def _proposal_out(p: Proposal, access: policy.Access) -> dict[str, Any]:
    now = timezone.now()
    results = answers = None
    if rules.results_visible(p, now):
        count = services.tally(p, now)
        results = {"result": count["result"], "winner": count["winner"], "tied": count["tied"],
                   "answered": count["answered"], "expected": count["expected"], "counts": count["counts"],
                   "options": count["options"], "rounds": [{str(k): v for k, v in r.items()} for r in count["rounds"]]}
        if not access.is_funder:
            not_counted = {a.pk for a in count["not_counted"]}
            answers = [{"organisation_id": a.organisation_id, "organisation": str(a.organisation or ""),
                        "person_id": a.person_id, "given_by": a.given_by.name if a.given_by else "",
                        "stance": a.stance, "reason": a.reason, "choice": a.choice, "scores": a.scores,
                        "counted": a.pk not in not_counted, "updated_at": a.updated_at}
                       for a in [*count["counted"], *count["not_counted"]]]
    return {"id": p.pk, "thread_id": p.thread_id, "kind": p.kind, "title": p.title, "detail": p.detail,
            "answered_by": p.answered_by, "results_shown": p.results, "closes_at": p.closes_at,
            "closed": p.is_closed(now),
            "options": [{"id": o.pk, "label": o.label, "starts_at": o.starts_at} for o in p.options.all()],
            "answered_count": p.answers.count(), "results": results, "answers": answers, "outcome": p.outcome,
            "outcome_option_id": p.outcome_option_id, "decision_id": p.decision_id, "meeting_id": p.meeting_id,
            "url": p.get_absolute_url()}


# ---- threads and comments ------------------------------------------------------------------------

@router.get("/partnerships/{pk}/threads", response=list[DiscussionThreadOut],
            summary=gettext_noop("List Threads"))
def list_threads(request: HttpRequest, pk: int) -> list:
    access = policy.get_partnership(request.user, pk)
    return [_thread_out(t) for t in rules.visible_threads(access).prefetch_related("organisations")]


@router.post("/partnerships/{pk}/threads", response={201: DiscussionThreadDetailOut},
             summary=gettext_noop("Start Thread"))
def start_thread(request: HttpRequest, pk: int, payload: DiscussionThreadIn) -> tuple[int, dict]:
    access = policy.get_partnership(request.user, pk, need="act")
    thread = services.thread_start(actor=request.user, access=access, **payload.dict())
    return 201, _thread_out(thread, detail=True)


@router.get("/partnerships/{pk}/threads/{thread_pk}", response=DiscussionThreadDetailOut,
            summary=gettext_noop("Get Thread"))
def get_thread(request: HttpRequest, pk: int, thread_pk: int) -> dict:
    thread, _ = _thread(request, pk, thread_pk)
    return _thread_out(thread, detail=True)


@router.post("/partnerships/{pk}/threads/{thread_pk}/comments", response={201: DiscussionCommentOut},
             summary=gettext_noop("Add Comment"))
def add_comment(request: HttpRequest, pk: int, thread_pk: int, payload: DiscussionCommentIn) -> tuple[int, dict]:
    thread, access = _thread(request, pk, thread_pk, need="act")
    parent = None
    if payload.parent_id is not None:
        parent = thread.comments.filter(pk=payload.parent_id).first()
        if parent is None:
            raise ValidationError({"parent_id": gettext("There is no such comment in this discussion.")})
    comment = services.comment_add(actor=request.user, access=access, thread=thread, body=payload.body, parent=parent)
    return 201, _comment_out(comment)


@router.patch("/partnerships/{pk}/comments/{comment_pk}", response=DiscussionCommentOut,
              summary=gettext_noop("Change your own comment (the earlier wording is kept)"))
def edit_comment(request: HttpRequest, pk: int, comment_pk: int, payload: DiscussionCommentEditIn) -> dict:
    comment, access = policy.get_object(request.user, Comment.objects.select_related("thread__partnership"),
                                        pk=comment_pk, within=pk, need="act", partnership_field="thread__partnership")
    if not rules.can_see(access, comment.thread):
        raise Http404("Not found")
    return _comment_out(services.comment_edit(actor=request.user, access=access, comment=comment,
                                                body=payload.body))


@router.post("/partnerships/{pk}/threads/{thread_pk}/close", response=DiscussionThreadOut,
             summary=gettext_noop("Close Thread"))
def close_thread(request: HttpRequest, pk: int, thread_pk: int, payload: DiscussionThreadCloseIn) -> dict:
    thread, access = _thread(request, pk, thread_pk, need="act")
    return _thread_out(services.thread_close(actor=request.user, access=access, thread=thread,
                                             summary=payload.summary))


# ---- proposals -----------------------------------------------------------------------------------

@router.get("/partnerships/{pk}/proposals", response=list[ProposalOut],
            summary=gettext_noop("List Proposals"))
def list_proposals(request: HttpRequest, pk: int) -> list:
    access = policy.get_partnership(request.user, pk)
    return [_proposal_out(p, access) for p in selectors.visible_proposals(access).prefetch_related("options")]


@router.post("/partnerships/{pk}/threads/{thread_pk}/proposals", response={201: ProposalOut},
             summary=gettext_noop("Open Proposal"))
def open_proposal(request: HttpRequest, pk: int, thread_pk: int, payload: ProposalIn) -> tuple[int, dict]:
    thread, access = _thread(request, pk, thread_pk, need="act")
    proposal = services.proposal_open(actor=request.user, access=access, thread=thread, **payload.dict())
    return 201, _proposal_out(proposal, access)


@router.get("/partnerships/{pk}/proposals/{proposal_pk}", response=ProposalOut,
            summary=gettext_noop("Get Proposal"))
def get_proposal(request: HttpRequest, pk: int, proposal_pk: int) -> dict:
    proposal, access = _proposal(request, pk, proposal_pk)
    return _proposal_out(proposal, access)


@router.post("/partnerships/{pk}/proposals/{proposal_pk}/answer", response={200: ProposalOut, 201: ProposalOut},
             summary=gettext_noop("Answer for your organisation (or yourself); a later answer replaces it (200) until the close"))
def give_answer(request: HttpRequest, pk: int, proposal_pk: int, payload: ProposalAnswerIn) -> tuple[int, dict]:
    proposal, access = _proposal(request, pk, proposal_pk, need="act")
    _answer, replaced = services.answer_give(actor=request.user, access=access, proposal=proposal, **payload.dict())
    proposal.refresh_from_db()
    return (200 if replaced else 201), _proposal_out(proposal, access)


@router.post("/partnerships/{pk}/proposals/{proposal_pk}/close", response=ProposalOut,
             summary=gettext_noop("Close Proposal"))
def close_proposal(request: HttpRequest, pk: int, proposal_pk: int) -> dict:
    proposal, access = _proposal(request, pk, proposal_pk, need="act")
    return _proposal_out(services.proposal_close(actor=request.user, access=access, proposal=proposal), access)


@router.post("/partnerships/{pk}/proposals/{proposal_pk}/outcome", response=ProposalOut,
             summary=gettext_noop("Record the outcome; it becomes a decision in the governance record"))
def record_outcome(request: HttpRequest, pk: int, proposal_pk: int, payload: ProposalOutcomeIn) -> dict:
    proposal, access = _proposal(request, pk, proposal_pk, need="act")
    done = services.proposal_decide(actor=request.user, access=access, proposal=proposal, outcome=payload.outcome,
                                    option_id=payload.option_id)
    return _proposal_out(done, access)
