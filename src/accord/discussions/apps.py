from __future__ import annotations

from typing import Any

from django.apps import AppConfig


def _waiting_for_me(user: Any, access: Any) -> list[Any]:
    """Open proposals waiting for the person's organisation (or the person), and outcomes they owe."""
    from django.utils import timezone
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _

    from accord.core.registry import Todo

    from . import selectors

    out = []
    now = timezone.now()
    for proposal in selectors.waiting_for(user, access):
        closes = timezone.localtime(proposal.closes_at)
        out.append(Todo(kind="discussions.answer", title=_("Answer: %(proposal)s") % {"proposal": proposal.title}, url=proposal.get_absolute_url(),
                        partnership_id=access.partnership.pk, due=proposal.closes_at,
                        overdue=False, rank=30, detail=_("Closes %(when)s") % {"when": date_format(closes, "j F, H:i")}))
    for proposal in selectors.outcomes_owed(user, access):
        out.append(Todo(kind="discussions.outcome", title=_("Write the outcome: %(proposal)s") % {"proposal": proposal.title},
                        url=proposal.get_absolute_url(), partnership_id=access.partnership.pk,
                        due=proposal.closed_at or proposal.closes_at, overdue=(now - proposal.closes_at).days > 7,
                        rank=40, detail=_("It has closed")))
    return out


class DiscussionsConfig(AppConfig):
    name = "accord.discussions"
    label = "discussions"
    verbose_name = "Discussions"

    def ready(self) -> None:
        from .personal_data import declare

        declare()
        from django.utils.translation import gettext_lazy as _

        from accord.core.registry import NavLink, TodoSource, register_nav, register_todo_source
        from accord.notices.kinds import DAILY, IMMEDIATE, NoticeKind, register

        register_nav(NavLink("discussions", "Discussions", "discussions:home", 35, "view"))
        register(NoticeKind("discussions.mentioned", _("Someone mentions you in a discussion"), IMMEDIATE))
        register(NoticeKind("discussions.proposal_opened", _("A proposal you are asked to answer"), IMMEDIATE))
        register(NoticeKind("discussions.proposal_reminder", _("A reminder of a proposal not yet answered"), IMMEDIATE))
        register(NoticeKind("discussions.proposal_closed", _("A proposal you made has closed"), IMMEDIATE))
        register(NoticeKind("discussions.outcome", _("The outcome of a proposal you were asked"), DAILY))
        register_todo_source(TodoSource("discussions", _waiting_for_me))
