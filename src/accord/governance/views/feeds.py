"""Calendar feeds: secret addresses that calendar apps subscribe to, and the page to manage them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.core import policy
from accord.lib import languages
from accord.lib.mail import absolute
from accord.partners.models import Membership

from .. import ical, services
from ..models import Attendance, CalendarFeed, Meeting, MeetingSeries, hash_feed_token
from .meetings import _page


@login_required
def feeds(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="view_members")
    assert request.user.is_authenticated  # login_required
    mine = CalendarFeed.objects.filter(user=request.user, partnership=access.partnership)
    new = request.session.pop("governance_new_feed", None)
    return _page(request, "governance/feeds.html", access, feeds=list(mine), new=new)


@login_required
@require_POST
def feed_issue(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="view_members")
    try:
        feed, raw = services.feed_issue(actor=request.user, partnership=access.partnership,
                                        scope=request.POST.get("scope", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        # shown once, on the next page: only its hash is stored
        request.session["governance_new_feed"] = {"scope": feed.get_scope_display(),
                                                  "url": absolute(reverse("governance:feed", args=[raw]))}
    return redirect("governance:feeds", pk)


@login_required
def feed_revoke(request: HttpRequest, pk: int, feed_pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="view_members")
    assert request.user.is_authenticated  # login_required
    feed = CalendarFeed.objects.filter(pk=feed_pk, user=request.user, partnership=access.partnership).first()
    if feed is None:
        raise Http404("Not found")
    if request.method != "POST":  # a confirmation page first (corrections)
        from accord.core.confirm import confirm_page

        return confirm_page(
            request, access=access, section="meetings", title=_("Stop this calendar address?"),
            refusal="" if feed.active else _("This address has already been stopped."),
            consequences=[_("The address starting %(hint)s… stops working at once.") % {"hint": feed.hint},
                          _("Calendars subscribed to it stop updating; the meetings already in them stay.")],
            reversible=_("It cannot be started again: make a new address if you need one."),
            button=_("Stop the address"), cancel_url=f"/p/{pk}/meetings/calendar/")
    services.feed_revoke(actor=request.user, feed=feed)
    messages.success(request, _("That calendar address no longer works. Calendars subscribed to it stop updating."))
    return redirect("governance:feeds", pk)


def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed itself: no sign-in (calendar apps cannot sign in), so the secret address is the key.

    An unknown or revoked token, or one whose owner has lost access, answers 404.
    """
    found = (CalendarFeed.objects.select_related("user", "partnership")
             .filter(token_hash=hash_feed_token(token), revoked_at__isnull=True, user__is_active=True).first())
    if found is None or not policy.allows(found.user, found.partnership, "view_members"):
        raise Http404("Not found")
    # a calendar program asks without a language: the calendar's name is in its owner's
    with translation.override(languages.for_recipient(user=found.user, partnership=found.partnership)):
        if found.scope == CalendarFeed.Scope.PARTNERSHIP:
            series = (MeetingSeries.objects.select_related("partnership").prefetch_related("meetings")
                      .filter(partnership=found.partnership))
            body = ical.feed(series.order_by("pk"), name=_("%(partnership)s: meetings")
                             % {"partnership": found.partnership.name})
        else:
            body = ical.personal_feed(_expected_meetings(found.user),
                                      name=_("My partnership meetings (%(email)s)") % {"email": found.user.email})
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response


def _expected_meetings(user: Any) -> list[Meeting]:
    """The meetings this user is expected at, in the partnerships where they may see meetings.

    Those with an attendance row for one of their people, on a day that person was in post (and, for
    a senior leader, their organisation a member, as `services.Expected` has it). Rows of meetings
    already held are never refreshed, so a start or end date recorded later is applied here too."""
    allowed = policy.partnerships_for(user, "view_members")
    rows = (Attendance.objects.filter(person__user=user, meeting__series__partnership__in=allowed)
            .select_related("person", "meeting", "meeting__series", "meeting__series__partnership")
            .order_by("meeting__start", "meeting__pk"))
    members: dict[tuple[int, int], list[Any]] = {}
    for m in Membership.objects.filter(partnership__in=allowed):
        members.setdefault((m.partnership_id, m.organisation_id), []).append(m)
    out: dict[int, Meeting] = {}
    for row in rows:
        meeting = row.meeting
        day = meeting.local_start.date()
        spans = members.get((meeting.series.partnership_id, row.organisation_id), [])
        member = any(m.joined <= day and (m.left is None or m.left >= day) for m in spans)
        if row.person.in_post(day) and (member or not row.senior):  # a leader only while their organisation is a member
            out.setdefault(meeting.pk, meeting)
    return list(out.values())
