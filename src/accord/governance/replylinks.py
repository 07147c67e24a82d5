"""Signed reply links: one invitee answers for themselves without signing in. Apart from the reply
service so that the invitation e-mails (notify.py, which the services call) can carry the link."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from accord.lib import tokens

from .models import Attendance, Meeting

PURPOSE = "governance.reply"


# ---- signed links --------------------------------------------------------------------------------

def reply_token(row: Attendance) -> str:
    """A link that lets this one invitee answer for themselves without signing in. Signed (it cannot be
    made for another row), and bound to the row's person so a row given to someone else does not accept it."""
    return tokens.make(PURPOSE, {"a": row.pk, "p": row.person_id})


def reply_path(row: Attendance) -> str:
    return reverse("governance:reply-link", args=[reply_token(row)])


def row_from_token(token: str) -> Attendance:
    """The attendance row behind a reply link, or tokens.TokenError saying plainly what is wrong."""
    payload = tokens.read(PURPOSE, token)
    try:
        return (Attendance.objects.select_related("person__organisation", "meeting__series__partnership",
                                                  "reply_delegate")
                .get(pk=int(payload["a"]), person_id=int(payload["p"])))
    except (Attendance.DoesNotExist, KeyError, TypeError, ValueError):
        raise tokens.TokenInvalid(_("This link no longer belongs to anyone expected at the meeting. Ask the "
                                    "partnership manager if you should still be there.")) from None


def link_for(meeting: Meeting, email: str) -> str:
    """The reply link of whoever has this address on the meeting's list ("" when nobody has)."""
    row = meeting.attendance.filter(person__email__iexact=email).order_by("pk").first()
    return reply_path(row) if row is not None else ""
