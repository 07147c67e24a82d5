from __future__ import annotations

from typing import Any

from django.apps import AppConfig


def _waiting_for_me(user: Any, access: Any) -> list[Any]:
    """Open proposals waiting for the person's organisation (or the person), and outcomes they owe."""
    from django.utils import timezone
    from django.utils.formats import date_format

    from accord.core.registry import Todo

    from . import selectors

    out = []
    now = timezone.now()
    for proposal in selectors.waiting_for(user, access):
        closes = timezone.localtime(proposal.closes_at)
        out.append(Todo(kind="discussions.answer", title=f"Answer: {proposal.title}", url=proposal.get_absolute_url(),
                        partnership_id=access.partnership.pk, due=proposal.closes_at,
                        overdue=False, rank=30, detail=f"Closes {date_format(closes, 'j F, H:i')}"))
    for proposal in selectors.outcomes_owed(user, access):
        out.append(Todo(kind="discussions.outcome", title=f"Write the outcome: {proposal.title}",
                        url=proposal.get_absolute_url(), partnership_id=access.partnership.pk,
                        due=proposal.closed_at or proposal.closes_at, overdue=(now - proposal.closes_at).days > 7,
                        rank=40, detail="It has closed"))
    return out


class DiscussionsConfig(AppConfig):
    name = "accord.discussions"
    label = "discussions"
    verbose_name = "Discussions"

    def ready(self) -> None:
        from .personal_data import declare

        declare()
        from accord.core.registry import NavLink, TodoSource, register_nav, register_todo_source
        from accord.notices.kinds import DAILY, IMMEDIATE, NoticeKind, register

        register_nav(NavLink("discussions", "Discussions", "discussions:home", 35, "view"))
        register(NoticeKind("discussions.mentioned", "Someone mentions you in a discussion", IMMEDIATE))
        register(NoticeKind("discussions.proposal_opened", "A proposal you are asked to answer", IMMEDIATE))
        register(NoticeKind("discussions.proposal_reminder", "A reminder of a proposal not yet answered", IMMEDIATE))
        register(NoticeKind("discussions.proposal_closed", "A proposal you made has closed", IMMEDIATE))
        register(NoticeKind("discussions.outcome", "The outcome of a proposal you were asked", DAILY))
        register_todo_source(TodoSource("discussions", _waiting_for_me))
