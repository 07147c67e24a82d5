"""Writes for discussions and proposals: keyword-only, atomic, validated, each with one audit entry.

Pages and the API call these, so the same rules and messages apply to both.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.charter import selectors as charter
from accord.core.audit import log_action
from accord.core.policy import Access
from accord.delivery import selectors as delivery
from accord.governance import selectors as governance
from accord.lib import stored_text
from accord.library import selectors as library
from accord.notices.services import notify
from accord.partners import selectors as partners
from accord.partners.models import Organisation, Person

from .. import rules
from ..models import Comment, CommentVersion, Delegate, Thread
from .text import required


def _save(obj: Any) -> None:
    obj.full_clean()
    obj.save()


# ---- threads -------------------------------------------------------------------------------------

def _links(access: Access, *, meeting_id: int | None, goal_id: int | None, area_id: int | None,
           library_item_id: int | None) -> dict[str, Any]:
    """What the thread is about, each looked up within the partnership (another partnership's id is
    "not found", exactly like an id that exists nowhere)."""
    partnership = access.partnership
    found: dict[str, Any] = {}
    lookups = [
        ("meeting", meeting_id, lambda i: governance.meetings(partnership).filter(pk=i).first(), _("meeting")),
        ("goal", goal_id, lambda i: charter.goals(partnership).filter(pk=i).first(), _("goal")),
        ("area", area_id, lambda i: delivery.areas(partnership).filter(pk=i).first(), _("area")),
        ("library_item", library_item_id, lambda i: library.search(access).filter(pk=i).first(), _("library item")),
    ]
    for field, value, find, what in lookups:
        if value is None:
            found[field] = None
            continue
        try:
            obj = find(int(value))
        except (TypeError, ValueError, OverflowError):
            obj = None
        if obj is None:
            raise ValidationError({f"{field}_id": _("There is no such %(what)s in this partnership.") % {"what": what}})
        found[field] = obj
    return found


def _audience_orgs(access: Access, audience: str, organisation_ids: Sequence[int]) -> list[Organisation]:
    if audience not in Thread.Audience.values:
        raise ValidationError({"audience": _("Choose the whole partnership or named member organisations.")})
    if audience == Thread.Audience.PARTNERSHIP:
        return []
    members = {o.pk: o for o in partners.member_organisations(access.partnership)}
    chosen = []
    for oid in organisation_ids:
        try:
            chosen.append(members[int(oid)])
        except (KeyError, TypeError, ValueError):
            raise ValidationError({"organisation_ids": _("Choose member organisations of this partnership.")}) from None
    if not chosen:
        raise ValidationError({"organisation_ids": _("Name at least one member organisation who sees this thread.")})
    if not access.is_manager and access.organisation is not None and access.organisation not in chosen:
        raise ValidationError({"organisation_ids": _("Include your own organisation, or you could not see the thread.")})
    return chosen


@transaction.atomic
def thread_start(*, actor: Any, access: Access, title: str, body: str, audience: str = Thread.Audience.PARTNERSHIP,
                 organisation_ids: Sequence[int] = (), funders_see: bool = False, meeting_id: int | None = None,
                 goal_id: int | None = None, area_id: int | None = None,
                 library_item_id: int | None = None) -> Thread:
    """Start a thread with its opening comment."""
    if not access.can("act"):
        raise PermissionDenied(_("Only the partners' own people can start a discussion."))
    title = required(title, "title", _("a title"), 200)
    body = required(body, "body", _("the opening message"))
    orgs = _audience_orgs(access, audience, organisation_ids)
    links = _links(access, meeting_id=meeting_id, goal_id=goal_id, area_id=area_id, library_item_id=library_item_id)
    thread = Thread(partnership=access.partnership, title=title, author=actor, audience=audience,
                    funders_see=bool(funders_see), **links)
    _save(thread)
    thread.organisations.set(orgs)
    log_action(actor, "discussions.thread.started", thread,
               {"title": title, "audience": audience, "organisations": [o.name for o in orgs],
                "funders_see": thread.funders_see})
    _comment_save(actor=actor, thread=thread, body=body, parent=None)
    return thread


def _check_open(thread: Thread) -> None:
    if thread.is_closed:
        raise ValidationError(_("This discussion is closed, so nothing more can be added to it."))


def _mentioned(thread: Thread, body: str) -> list[Person]:
    """People of the thread's audience named as @Their Name. A name counts only where it ends (not
    "@Sam Lee" inside "@Sam Leeming"), and where names overlap the longest wins: "@Helen Marsh-Jones"
    names her, not also a Helen Marsh."""
    if "@" not in body:
        return []
    org_ids = {o.pk for o in rules.audience_organisations(thread)}
    people = partners.people(thread.partnership, current_only=True).filter(organisation_id__in=org_ids)
    taken: list[tuple[int, int]] = []
    found = []
    for person in sorted(people, key=lambda p: len(p.name), reverse=True):
        name = person.name.strip()
        if not name:
            continue
        for match in re.finditer("@" + re.escape(name) + r"(?![\w-])", body, flags=re.IGNORECASE):
            if not any(start < match.end() and match.start() < end for start, end in taken):
                taken.append(match.span())
                found.append(person)
                break
    return found


def _comment_save(*, actor: Any, thread: Thread, body: str, parent: Comment | None) -> Comment:
    comment = Comment(thread=thread, parent=parent, author=actor, body=body)
    _save(comment)
    _mentions_notify(comment, _mentioned(thread, body))
    return comment


def _mentions_notify(comment: Comment, people: list[Person]) -> None:
    already = set(comment.mentions.values_list("pk", flat=True))
    new = [p for p in people if p.pk not in already and p.user_id != getattr(comment.author, "pk", None)]
    comment.mentions.add(*people)
    if new:
        who = getattr(comment.author, "full_name", "")
        title = (stored_text.message(gettext_noop("%(who)s mentioned you in “%(thread)s”"), who=who,
                                     thread=comment.thread.title) if who else
                 stored_text.message(gettext_noop("Someone mentioned you in “%(thread)s”"), thread=comment.thread.title))
        notify(partnership=comment.thread.partnership, people=new, kind="discussions.mentioned",
               event_key=f"discussions.comment:{comment.pk}:mention", url=comment.get_absolute_url(),
               title=title, body=comment.body[:500])


@transaction.atomic
def comment_add(*, actor: Any, access: Access, thread: Thread, body: str, parent: Comment | None = None) -> Comment:
    if not access.can("act") or not rules.can_see(access, thread):
        raise PermissionDenied(_("Only the partners' people who see this discussion can write in it."))
    _check_open(thread)
    if parent is not None and parent.thread_id != thread.pk:
        raise ValidationError({"parent_id": _("That comment is in another discussion.")})
    if parent is not None and parent.parent_id is not None:
        parent = parent.parent  # replies are one level deep: a reply to a reply joins the comment it answers
    body = required(body, "body", _("a comment"))
    comment = _comment_save(actor=actor, thread=thread, body=body, parent=parent)
    log_action(actor, "discussions.comment.added", comment, {"thread": thread.title, "reply_to": parent and parent.pk},
               partnership=thread.partnership)
    return comment


@transaction.atomic
def comment_edit(*, actor: Any, access: Access, comment: Comment, body: str) -> Comment:
    """Change one's own comment; the earlier wording is kept and shown. Only while the writer may still
    write in the thread (a partner who became a funder, or lost sight of the thread, may not)."""
    if comment.author_id is None or comment.author_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("Only the person who wrote a comment can change it."))
    if not access.can("act") or not rules.can_see(access, comment.thread):
        raise PermissionDenied(_("Only the partners' people who see this discussion can write in it."))
    _check_open(comment.thread)
    body = required(body, "body", _("the comment"))
    if body == comment.body:
        return comment
    CommentVersion.objects.create(comment=comment, body=comment.body, written_at=comment.edited_at or comment.created_at)
    comment.body, comment.edited_at = body, timezone.now()
    _save(comment)
    _mentions_notify(comment, _mentioned(comment.thread, body))
    log_action(actor, "discussions.comment.edited", comment, {"versions": comment.versions.count() + 1},
               partnership=comment.thread.partnership)
    return comment


@transaction.atomic
def thread_close(*, actor: Any, access: Access, thread: Thread, summary: str) -> Thread:
    if not access.can("act") or not rules.can_see(access, thread) or \
            not (access.is_manager or thread.author_id == getattr(actor, "pk", None)):
        raise PermissionDenied(_("Only the person who started the discussion, or the manager, can close it."))
    _check_open(thread)
    if thread.proposals.filter(decided_at__isnull=True).exists():
        raise ValidationError(_("A proposal in this discussion has no outcome yet. Record its outcome first."))
    thread.summary = required(summary, "summary", _("a summary of what the discussion came to"))
    thread.status, thread.closed_at = Thread.Status.CLOSED, timezone.now()
    _save(thread)
    log_action(actor, "discussions.thread.closed", thread, {"summary": thread.summary[:200]})
    return thread


@transaction.atomic
def delegate_name(*, actor: Any, access: Access, organisation: Organisation, person: Person | None) -> Delegate | None:
    """A member organisation names who answers proposals for it beside its senior leader (None: nobody).
    Its senior leader names it; the manager may name any organisation's."""
    me = rules.person_of(actor, access.partnership)
    own_leader = me is not None and rules.is_leader(me) and me.organisation_id == organisation.pk
    if not (access.is_manager or (access.can("act") and own_leader)):
        raise PermissionDenied(_("Only the organisation's senior leader (or the manager) names its delegate."))
    if not partners.is_member(access.partnership, organisation):
        raise ValidationError({"organisation": _("Choose a member organisation of this partnership.")})
    Delegate.objects.filter(partnership=access.partnership, organisation=organisation).delete()
    delegate = None
    if person is not None:
        if person.partnership_id != access.partnership.pk or person.organisation_id != organisation.pk \
                or not person.in_post():
            raise ValidationError({"person_id": _("Choose someone in post at %(organisation)s.") % {
                "organisation": organisation}})
        delegate = Delegate(partnership=access.partnership, organisation=organisation, person=person, named_by=actor)
        _save(delegate)
    log_action(actor, "discussions.delegate.named", organisation,
               {"organisation": organisation.name, "person": person.name if person else None},
               partnership=access.partnership)
    return delegate
