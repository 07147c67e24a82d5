"""Pages for discussions and proposals. Each view fetches through core.policy and the discussions' audience
rules first (a thread the person does not see is "not found"), then calls the services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.core import listing, policy
from accord.lib.formerrors import apply_errors
from accord.library import selectors as library
from accord.partners import selectors as partners

from . import rules, selectors, services
from .forms import (
    STANCES,
    AnswerForm,
    CloseThreadForm,
    CommentForm,
    DecideForm,
    DelegateForm,
    ProposalForm,
    ThreadForm,
)
from .models import Comment, Proposal, Thread


def _page(request: HttpRequest, template: str, access: policy.Access, **context: Any) -> HttpResponse:
    return render(request, template, {"access": access, "section": "discussions", **context})


def _thread(request: HttpRequest, pk: int, thread_pk: int) -> tuple[Thread, policy.Access]:
    thread, access = policy.get_object(request.user, Thread.objects.select_related("partnership"), pk=thread_pk,
                                       within=pk)
    if not rules.can_see(access, thread):
        raise Http404("Not found")
    return thread, access


def _proposal(request: HttpRequest, pk: int, proposal_pk: int) -> tuple[Proposal, policy.Access]:
    proposal, access = policy.get_object(request.user, Proposal.objects.select_related("thread__partnership"),
                                         pk=proposal_pk, within=pk, partnership_field="thread__partnership")
    if not rules.can_see(access, proposal.thread):
        raise Http404("Not found")
    return proposal, access


@login_required
def home(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk)
    threads = rules.visible_threads(access).prefetch_related("proposals").order_by("status", "-created_at")
    waiting = selectors.waiting_for(request.user, access)
    return _page(request, "discussions/home.html", access, threads=threads, waiting=waiting)


@login_required
def thread_new(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="act")
    form = ThreadForm(request.POST or None, access=access)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.thread_start(actor=request.user, access=access, **form.service_kwargs())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The discussion is started."))
            return redirect(thread.get_absolute_url())
    return _page(request, "core/form.html", access, form=form, title=_("Start a discussion"), submit=_("Start it"),
                 cancel_url=f"/p/{pk}/discussions/")


def _comment_tree(thread: Thread) -> list[dict[str, Any]]:
    comments = list(thread.comments.select_related("author").prefetch_related("versions"))
    replies: dict[int, list[Comment]] = {}
    for c in comments:
        if c.parent_id:
            replies.setdefault(c.parent_id, []).append(c)
    return [{"comment": c, "replies": replies.get(c.pk, [])} for c in comments if not c.parent_id]


@login_required
def thread(request: HttpRequest, pk: int, thread_pk: int) -> HttpResponse:
    thread, access = _thread(request, pk, thread_pk)
    may_write = access.can("act") and not thread.is_closed
    form = CommentForm(request.POST or None) if may_write else None
    reply_to = None
    if may_write and request.GET.get("reply"):
        reply_to = thread.comments.filter(pk=_int(request.GET["reply"])).first()
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("This discussion is closed, or only the partners' people write in it."))
        parent = thread.comments.filter(pk=_int(request.POST.get("parent", ""))).first() \
            if request.POST.get("parent") else None
        if form.is_valid():
            try:
                comment = services.comment_add(actor=request.user, access=access, thread=thread,
                                               body=form.cleaned_data["body"], parent=parent)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Your comment is added."))
                return redirect(comment.get_absolute_url())
    readable = library.readable_ids(access) if thread.library_item_id else set()
    return _page(request, "discussions/thread.html", access, thread=thread, tree=_comment_tree(thread), form=form,
                 reply_to=reply_to, proposals=thread.proposals.all(),
                 may_close=may_write and (access.is_manager or thread.author_id == request.user.pk),
                 close_form=CloseThreadForm(), show_item=thread.library_item_id in readable,
                 audience=rules.audience_organisations(thread), may_propose=may_write)


def _int(value: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@login_required
def comment_edit(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    comment, access = policy.get_object(request.user, Comment.objects.select_related("thread__partnership"),
                                        pk=comment_pk, within=pk, need="act", partnership_field="thread__partnership")
    if not rules.can_see(access, comment.thread):
        raise Http404("Not found")
    if comment.author_id != request.user.pk:
        raise PermissionDenied(_("Only the person who wrote a comment can change it."))
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_edit(actor=request.user, access=access, comment=comment, body=form.cleaned_data["body"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Your comment is changed; the earlier wording is kept beneath it."))
            return redirect(comment.get_absolute_url())
    return _page(request, "core/form.html", access, form=form, title=_("Change your comment"), submit=_("Save the change"),
                 intro=_("Everyone can see that it was changed, and what it said before."),
                 cancel_url=comment.get_absolute_url())


@login_required
@require_POST
def thread_close(request: HttpRequest, pk: int, thread_pk: int) -> HttpResponse:
    thread, access = _thread(request, pk, thread_pk)
    form = CloseThreadForm(request.POST)
    if form.is_valid():
        try:
            services.thread_close(actor=request.user, access=access, thread=thread,
                                  summary=form.cleaned_data["summary"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The discussion is closed."))
    else:
        messages.error(request, _("Write a summary of what the discussion came to before closing it."))
    return redirect(thread.get_absolute_url())


@login_required
def proposal_new(request: HttpRequest, pk: int, thread_pk: int) -> HttpResponse:
    thread, access = _thread(request, pk, thread_pk)
    if not access.can("act"):
        raise PermissionDenied(_("Only the partners' own people can make a proposal."))
    form = ProposalForm(request.POST or None, access=access)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_open(actor=request.user, access=access, thread=thread,
                                              **form.service_kwargs())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The proposal is open; those who answer have been told."))
            return redirect(proposal.get_absolute_url())
    return _page(request, "core/form.html", access, form=form, title=_("Make a proposal in “%(thread)s”") % {"thread": thread.title},
                 submit=_("Open the proposal"), cancel_url=thread.get_absolute_url(),
                 intro=_("Each member organisation answers through its senior leader or the delegate it names, "
                         "unless you ask each person."))


def _own_answer(proposal: Proposal, key: int | None) -> Any:
    if key is None:
        return None
    field = "person_id" if proposal.answered_by == Proposal.AnsweredBy.PERSON else "organisation_id"
    return proposal.answers.filter(**{field: key}).first()


@login_required
def proposal(request: HttpRequest, pk: int, proposal_pk: int) -> HttpResponse:
    proposal, access = _proposal(request, pk, proposal_pk)
    now = timezone.now()
    person, key = rules.may_answer_for(request.user, proposal) if access.can("act") else (None, None)
    mine = _own_answer(proposal, key)
    is_open = not proposal.is_closed(now)
    form = AnswerForm(request.POST or None, proposal=proposal, current=mine) if key is not None and is_open else None
    if request.method == "POST":
        if not is_open:
            messages.error(request, _("This proposal has closed, so it takes no more answers. Nothing was saved."))
            return redirect(proposal.get_absolute_url())
        if form is None:
            raise PermissionDenied(_("Each organisation answers through its senior leader or the delegate it names, "
                                     "and you answer for no organisation on this proposal."))
        if form.is_valid():
            try:
                _answer, replaced = services.answer_give(actor=request.user, access=access, proposal=proposal,
                                                         **form.answer())
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The answer is changed.") if replaced else _("Thank you: the answer is saved."))
                return redirect(proposal.get_absolute_url())
    visible = rules.results_visible(proposal, now)
    count = services.tally(proposal, now) if visible else None
    manage = access.can("act") and (access.is_manager or (proposal.author_id is not None
                                                           and proposal.author_id == request.user.pk))
    return _page(request, "discussions/proposal.html", access, proposal=proposal, form=form, mine=mine,
                 person=person, key=key, is_open=is_open, visible=visible, count=count,
                 rows=_result_rows(proposal, count) if count else [],
                 answers=_answer_rows(proposal, count) if count and not access.is_funder else [],
                 options=list(proposal.options.all()), manage=manage,
                 decide_form=DecideForm(proposal=proposal) if manage and not proposal.decided else None,
                 expected=len(rules.answerers(proposal, services.counted_on(proposal, now))),
                 answered=proposal.answers.count())


def _result_rows(proposal: Proposal, count: dict[str, Any]) -> list[dict[str, Any]]:
    labels = {o.pk: o.label for o in proposal.options.all()}
    if proposal.has_options:
        return [{"label": labels.get(row["id"], "?"), **row, "winner": row["id"] == count["winner"]}
                for row in count["options"]]
    return [{"label": _stance(k), "count": v} for k, v in count["counts"].items()]


def _stance(stance: str) -> str:
    """An answer's stance as a person reads it, in the page's language."""
    return str(STANCES.get(stance, stance.capitalize()))


def _answer_rows(proposal: Proposal, count: dict[str, Any]) -> list[dict[str, Any]]:
    labels = {o.pk: o.label for o in proposal.options.all()}
    rows = []
    not_counted = {a.pk for a in count["not_counted"]}
    for a in [*count["counted"], *count["not_counted"]]:
        if proposal.kind == Proposal.Kind.SCORE:
            said = ", ".join(f"{labels.get(int(k), '?')}: {v}" for k, v in a.scores.items())
        elif proposal.has_options:
            said = (" > " if proposal.kind == Proposal.Kind.RANKED else ", ").join(labels.get(i, "?") for i in a.choice)
            said = said or _("None of them")
        else:
            said = _stance(a.stance)
        rows.append({"who": a.person.name if a.person else str(a.organisation),
                     "by": a.given_by.name if a.given_by else "", "said": said, "reason": a.reason,
                     "when": a.updated_at, "counted": a.pk not in not_counted})
    return rows


@login_required
@require_POST
def proposal_close(request: HttpRequest, pk: int, proposal_pk: int) -> HttpResponse:
    proposal, access = _proposal(request, pk, proposal_pk)
    try:
        services.proposal_close(actor=request.user, access=access, proposal=proposal)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The proposal is closed. Write its outcome below."))
    return redirect(proposal.get_absolute_url())


@login_required
@require_POST
def proposal_decide(request: HttpRequest, pk: int, proposal_pk: int) -> HttpResponse:
    proposal, access = _proposal(request, pk, proposal_pk)
    form = DecideForm(request.POST, proposal=proposal)
    if form.is_valid():
        option = form.cleaned_data.get("option")
        try:
            services.proposal_decide(actor=request.user, access=access, proposal=proposal,
                                     outcome=form.cleaned_data["outcome"], option_id=option.pk if option else None)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The outcome is recorded in the decisions record."))
    else:
        messages.error(request, _("Write the outcome before recording it."))
    return redirect(proposal.get_absolute_url())


@login_required
def delegates(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="view_members")
    members = partners.member_organisations(access.partnership)
    me = rules.person_of(request.user, access.partnership)
    if access.is_manager:
        mine = members
    elif access.can("act") and me is not None and rules.is_leader(me):
        mine = members.filter(pk=me.organisation_id)
    else:
        mine = members.none()
    form = DelegateForm(request.POST or None, access=access, organisations=mine) if mine.exists() else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("Only an organisation's senior leader (or the manager) names its delegate."))
        if form.is_valid():
            try:
                services.delegate_name(actor=request.user, access=access,
                                       organisation=form.cleaned_data["organisation"],
                                       person=form.cleaned_data["person"])
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The delegate is saved."))
                return redirect("discussions:delegates", pk)
    # a page of the members (all of them up to ACCORD_PAGE_SIZE), searched by name, under the counts for all
    q = request.GET.get("q", "").strip()
    found = members.order_by("name", "pk")
    for word in q.split():
        found = found.filter(name__icontains=word)
    pager = listing.paginate(request, found, label=_("member organisations"))
    page = list(pager.rows)
    current = rules.delegates(access.partnership)
    leaders = {p.organisation_id: p for p in
               partners.senior_leaders(access.partnership).filter(organisation_id__in=[o.pk for o in page])}
    rows = [{"org": o, "leader": leaders.get(o.pk), "delegate": current.get(o.pk)} for o in page]
    large = pager.several or bool(q)
    summary = {}
    if large:
        member_ids = set(members.values_list("pk", flat=True))
        led = set(partners.senior_leaders(access.partnership).values_list("organisation_id", flat=True))
        summary = {"members": len(member_ids), "delegates": len(member_ids & set(current)),
                   "no_leader": len(member_ids - led)}
    return _page(request, "discussions/delegates.html", access, rows=rows, form=form, pager=pager, q=q,
                 large=large, summary=summary)
