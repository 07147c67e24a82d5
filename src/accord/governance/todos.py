"""What governance asks of one person in one partnership, for "what needs me" (core.registry.TodoSource).

Read only through the person's access: the partners' own people (need "act") see their actions, the
positions their organisation owes and their next meeting; funders get nothing from here (they see no
meetings).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accord.core.registry import Todo

from .models import Action, Attendance, Decision, Meeting
from .services.outcomes import required_members


def _day(d: dt.date) -> str:
    return date_format(d, "j F Y")


def _when(start: dt.datetime) -> str:
    return date_format(start, "j F, H:i")


def collect(user: Any, access: Any) -> list[Todo]:
    if not access.can("act"):
        return []
    partnership = access.partnership
    today = timezone.localdate()
    horizon = today + dt.timedelta(days=settings.ACCORD_TODO_HORIZON_DAYS)
    todos: list[Todo] = []
    for action in (Action.objects.filter(owner__user=user, owner__partnership=partnership, status=Action.Status.OPEN,
                                         due__lte=horizon, meeting__series__partnership=partnership)
                   .select_related("meeting__series")):
        overdue = action.is_overdue(today)
        todos.append(Todo(
            kind="governance.action", title=_("Action: %(title)s") % {"title": action.title}, url=action.get_absolute_url(),
            partnership_id=partnership.pk, due=action.due, overdue=overdue, rank=30,
            detail=(_("Overdue since %(date)s") if overdue else _("Due %(date)s")) % {"date": _day(action.due)}))
    org = access.organisation
    if org is not None:
        for decision in (Decision.objects.filter(meeting__series__partnership=partnership, result=Decision.Result.OPEN)
                         .exclude(positions__organisation=org).select_related("meeting__series")):
            if org.pk in required_members(decision, today):
                todos.append(Todo(
                    kind="governance.position", title=_("Give %(organisation)s's position: %(proposal)s")
                    % {"organisation": org.name, "proposal": decision.proposal[:80]},
                    url=decision.get_absolute_url(), partnership_id=partnership.pk, rank=20,
                    detail=_("Proposed at %(meeting)s; %(organisation)s has not given its position")
                    % {"meeting": decision.meeting, "organisation": org.name}))
    row = (Attendance.objects.filter(person__user=user, person__partnership=partnership,
                                     meeting__series__partnership=partnership, meeting__start__gt=timezone.now(),
                                     meeting__status=Meeting.Status.SCHEDULED)
           .select_related("meeting__series", "reply_delegate").order_by("meeting__start").first())
    if row is not None:
        meeting = row.meeting
        if row.reply:
            said = row.get_reply_display().lower() + (f" ({row.reply_delegate.name})" if row.reply_delegate else "")
            todos.append(Todo(kind="governance.meeting", title=_("Next meeting: %(meeting)s") % {"meeting": meeting},
                              url=meeting.get_absolute_url() + "#reply", partnership_id=partnership.pk,
                              rank=90, detail=_("%(when)s. You replied: %(reply)s")
                              % {"when": _when(meeting.local_start), "reply": said}))
        else:
            todos.append(Todo(kind="governance.reply", title=_("Reply to the invitation: %(meeting)s") % {"meeting": meeting},
                              url=meeting.get_absolute_url() + "#reply", partnership_id=partnership.pk,
                              due=meeting.local_start.date(), rank=40,
                              detail=_("%(when)s: going, not going or sending a colleague")
                              % {"when": _when(meeting.local_start)}))
    return todos
