"""The foundation's pages and every domain's tab pass axe-core's accessibility rules (the copy bundled with
axe-playwright-python, injected into the page: nothing is fetched) on a phone-sized screen."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from accord.demo import partnership as demo

from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SERIOUS = {"serious", "critical"}


def _problems(page) -> list[str]:
    results = Axe().run(page)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} places)" for v in results.response["violations"]
            if v.get("impact") in SERIOUS]


def _every_tab(partnership) -> list[str]:
    """Each domain's tab in the partnership's navigation, as the manager sees it."""
    from django.urls import reverse

    from accord.core.registry import NAV_LINKS

    return [reverse(link.url_name, args=[partnership.pk]) for link in NAV_LINKS.values()]


def _needs_me_pages(partnership) -> list[str]:
    """What needs me (the site's home), the next meeting with its reply form and papers, its forms for a
    paper and a calendar reply, and the signed reply link an invitee opens from the e-mail."""
    from django.utils import timezone

    from accord.governance.models import Meeting
    from accord.governance.services import replies

    coming = (Meeting.objects.filter(series__partnership=partnership, start__gt=timezone.now())
              .order_by("start").first())
    assert coming is not None, "the demo has a meeting to come"
    row = coming.attendance.order_by("pk").first()
    assert row is not None, "someone is expected at it"
    base = f"/p/{partnership.pk}/meetings/{coming.pk}/"
    return ["/", base, base + "papers/add/", base + "replies/calendar/", replies.reply_path(row)]


def test_sign_in_page_is_accessible(page):
    page.goto("/accounts/sign-in/")
    assert _problems(page) == []


def test_the_managers_pages_are_accessible(page):
    call_command("demo")
    sign_in(page, "manager@compass.example", demo.PASSWORD)
    from accord.partners.models import Partnership

    p = Partnership.objects.get(name=demo.NAME)
    org = p.memberships.first().organisation
    for path in [f"/p/{p.pk}/", f"/p/{p.pk}/people/", f"/p/{p.pk}/organisations/{org.pk}/",
                 f"/p/{p.pk}/members/add/", f"/accounts/p/{p.pk}/invite/", f"/accounts/p/{p.pk}/team/",
                 "/accounts/", "/partnerships/", f"/p/{p.pk}/audit/",
                 # added with sign-in, two-factor and the access record's checks
                 "/accounts/two-factor/", "/accounts/two-factor/app/", "/accounts/password/",
                 f"/p/{p.pk}/library/record/", f"/p/{p.pk}/library/record/verify/",
                 f"/p/{p.pk}/library/{p.library_items.first().pk}/withdraw/",
                 # added with notices (the manager's record of notices sent is a tab)
                 "/notices/", "/notices/?show=unread", "/notices/preferences/",
                 # added with personal data (the tab is in _every_tab)
                 "/accounts/my-data/", "/accounts/close/"] + _needs_me_pages(p) + _every_tab(p):
        page.goto(path)
        assert _problems(page) == [], path


def test_the_notice_unsubscribe_page_is_accessible_without_signing_in(page):
    from accord.accounts.models import User
    from accord.notices import services

    user = User.objects.create_user("reader@example.org", "a long enough password 1", full_name="Reader")
    token = services.unsubscribe_token(user=user, email="", period="daily")
    page.goto(f"/notices/unsubscribe/{token}/")
    assert _problems(page) == []
    page.get_by_role("button", name="Stop these e-mails").click()
    assert "E-mails stopped" in page.content()
    assert _problems(page) == []


def test_the_discussion_pages_are_accessible(page):
    """Discussions (#16): the list, a closed thread, a decided proposal, a date poll, an open proposal with
    its answer form (as a leader), and the forms to start a discussion, make a proposal and name a delegate."""
    import datetime as dt

    from django.utils import timezone

    from accord.core import policy
    from accord.discussions import services
    from accord.discussions.models import Proposal, Thread
    from accord.partners.models import Partnership

    call_command("demo")
    p = Partnership.objects.get(name=demo.NAME)
    thread = Thread.objects.filter(partnership=p, status="open").first()
    manager = thread.author
    open_one = services.proposal_open(actor=manager, access=policy.check(manager, p), thread=thread,
                                      kind="ranked", title="Who chairs the review?", options=["Ann", "Bea", "Cy"],
                                      closes_at=timezone.now() + dt.timedelta(days=5))
    pages = [f"/p/{p.pk}/discussions/", f"/p/{p.pk}/discussions/new/", f"/p/{p.pk}/discussions/delegates/",
             f"/p/{p.pk}/discussions/{thread.pk}/proposals/new/"]
    pages += [t.get_absolute_url() for t in Thread.objects.filter(partnership=p)]
    pages += [x.get_absolute_url() for x in Proposal.objects.filter(thread__partnership=p)]
    sign_in(page, "helen@compass.example", demo.PASSWORD)
    for path in [*pages, open_one.get_absolute_url()]:
        page.goto(path)
        assert _problems(page) == [], path


def test_the_correction_pages_are_accessible(page):
    """The shared confirmation page (core/confirm.html) in each domain, a refusal, and the correction forms."""
    call_command("demo")
    sign_in(page, "manager@compass.example", demo.PASSWORD)
    from accord.governance.models import Action, Meeting, Note
    from accord.partners.models import Partnership, Role

    p = Partnership.objects.get(name=demo.NAME)
    meeting = Meeting.objects.filter(series__partnership=p, status="scheduled").order_by("-start").first()
    note = Note.objects.filter(meeting__series__partnership=p).first()
    action = Action.objects.filter(meeting__series__partnership=p).first()
    area = p.areas.first()
    paths = [f"/p/{p.pk}/meetings/{meeting.pk}/cancel/", f"/p/{p.pk}/meetings/actions/{action.pk}/correct/",
             f"/p/{p.pk}/delivery/funding/{p.funding_streams.first().pk}/delete/",
             f"/p/{p.pk}/delivery/areas/{area.pk}/moves/{area.moves.order_by('on').first().pk}/delete/",
             f"/p/{p.pk}/team/{Role.objects.filter(partnership=p).exclude(role='manager').first().pk}/remove/",
             f"/p/{p.pk}/trust/waves/{p.trust_waves.first().pk}/reopen/",
             f"/p/{p.pk}/health/events/{p.change_events.first().pk}/delete/"]
    if note is not None:
        paths.append(f"/p/{p.pk}/meetings/notes/{note.pk}/delete/")
    for path in paths:
        page.goto(path)
        assert _problems(page) == [], path
