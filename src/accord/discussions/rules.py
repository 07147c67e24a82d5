"""Who sees a thread, and who answers a proposal: the discussions' part of the access policy.

core.policy answers "which role in which partnership"; these rules narrow it to one thread:
- the manager sees every thread of the partnership;
- partner staff and senior leaders see a thread for the whole partnership, or one naming their organisation;
- funders see a thread only where it says funders may see it (and then only totals of any proposal).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from accord.core.policy import NEEDS, Access
from accord.partners import selectors as partners
from accord.partners.models import Organisation, Partnership, Person, Seniority

from .models import Answer, Delegate, Proposal, Thread


def visible_threads(access: Access) -> QuerySet[Thread]:
    qs = Thread.objects.filter(partnership=access.partnership)
    if access.is_manager:
        return qs
    if access.is_funder:
        return qs.filter(funders_see=True)
    if not access.can("view_members"):
        return qs.none()
    mine = Q(audience=Thread.Audience.PARTNERSHIP)
    if access.organisation is not None:
        mine |= Q(audience=Thread.Audience.ORGANISATIONS, organisations=access.organisation)
    return qs.filter(mine).distinct()


def can_see(access: Access, thread: Thread) -> bool:
    return thread.partnership_id == access.partnership.pk and visible_threads(access).filter(pk=thread.pk).exists()


def audience_organisations(thread: Thread, on: dt.date | None = None) -> list[Organisation]:
    """The member organisations (on `on`, default today) that the thread is for."""
    members = list(partners.member_organisations(thread.partnership, on))
    if thread.audience == Thread.Audience.ORGANISATIONS:
        named = set(thread.organisations.values_list("pk", flat=True))
        members = [o for o in members if o.pk in named]
    return members


def person_of(user: Any, partnership: Partnership) -> Person | None:
    """This partnership's record of the signed-in person (never another partnership's)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return partners.people(partnership, current_only=True).filter(user=user).first()


def delegates(partnership: Partnership) -> dict[int, Person]:
    return {d.organisation_id: d.person for d in
            Delegate.objects.filter(partnership=partnership).select_related("person", "person__organisation")}


def answerers(proposal: Proposal, on: dt.date | None = None) -> dict[int, list[Person]]:
    """Who answers, by the key their answer is stored under: {organisation id: [its senior leader(s) in
    post and its delegate]} or, where each person answers, {person id: [that person]}."""
    thread = proposal.thread
    orgs = audience_organisations(thread, on)
    org_ids = {o.pk for o in orgs}
    if proposal.answered_by == Proposal.AnsweredBy.PERSON:
        # only people who can sign in with a role that acts here: anyone else could never answer, so would
        # be told to in vain and awaited for ever (no early close)
        people = partners.people(thread.partnership, current_only=True).filter(
            organisation_id__in=org_ids, user__is_active=True, user__roles__partnership=thread.partnership,
            user__roles__role__in=NEEDS["act"])
        return {p.pk: [p] for p in people}
    out: dict[int, list[Person]] = {o.pk: [] for o in orgs}
    for leader in partners.senior_leaders(thread.partnership, on):
        if leader.organisation_id in out:
            out[leader.organisation_id].append(leader)
    for org_id, person in delegates(thread.partnership).items():
        if org_id in out and person.in_post(on) and person not in out[org_id]:
            out[org_id].append(person)
    return out


def answer_key(answer: Answer) -> int:
    return answer.person_id if answer.person_id else answer.organisation_id  # type: ignore[return-value]


def may_answer_for(user: Any, proposal: Proposal) -> tuple[Person | None, int | None]:
    """(the person answering, the key they answer for), or (person, None) when they answer for nobody."""
    person = person_of(user, proposal.thread.partnership)
    if person is None:
        return None, None
    for key, people in answerers(proposal).items():
        if person in people:
            return person, key
    return person, None


def results_visible(proposal: Proposal, now: dt.datetime | None = None) -> bool:
    """Hidden results stay hidden from everyone (the author and the manager too, pages and API) until
    the proposal closes."""
    return proposal.results == Proposal.Results.LIVE or proposal.is_closed(now or timezone.now())


def is_leader(person: Person) -> bool:
    return person.seniority == Seniority.SENIOR_LEADER
