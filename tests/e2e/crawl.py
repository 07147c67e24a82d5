"""Every page of Accord, as each role sees it, built from the URL patterns (so a new page is visited, or the
tests say they cannot reach it) over the demo partnership, which has every kind of record.

`crawl(roles)` answers, for each role, the pages that role gets as HTML (through Django's test client: cheap),
with pages whose content is the same as one already listed (another role's view of the same page) left out, so
that the browser opens each distinct page once. Routes that no role gets as a page are reported by `missing`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests import once
from tests.demo.snapshot import load_demo

ONCE_ONLY = once.ONCE_ONLY  # the page sweeps run on the SQLite pass only: tests/once.py says why

# What sticks out past the right edge of the screen, outside a table region that scrolls by itself.
WIDE_THINGS = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('.table-wrap[role=region][tabindex="0"][aria-label]')) continue;
    const r = el.getBoundingClientRect();
    if (r.right > width + 1 && r.width > 0) out.push(el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') + ' ' + Math.round(r.right) + 'px');
  }
  return {scroll: document.documentElement.scrollWidth, width: width, wide: out.slice(0, 3)};
}"""

PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
ROLES = {"manager": "manager@compass.example", "leader": "helen@compass.example", "staff": "sam@compass.example",
         "funder": "funder@lantern.example", "public": None}

# Routes that are not pages for anyone (files, feeds, POST-only steps, script endpoints): never opened as pages.
NOT_PAGES = {
    "healthz": "a health check for the load balancer",
    "calendar/<str:token>.ics": "a calendar feed",
    "accounts/passkeys/": "script endpoints of passkey sign-in",
    "/pick/": "the searchable picker's suggestions: JSON for its script (tests/lib/test_picker.py)",
    "data.json": "a file",
    "export.csv": "a file",
    ".csv": "a file", ".json": "a file", ".txt": "a file", ".pdf": "a file",
    ".xlsx": "a file", ".graphml": "a file", ".net": "a file",
    "meetings/papers/<int:paper_pk>/": "a meeting paper: a file",
    "privacy/access/<int:access_id>/": "a subject-access ZIP: a file",
    "accounts/my-data/<int:access_id>/": "a subject-access ZIP: a file",
    "notices/<int:notice_pk>/read/": "a button's action (marks a notice read), not a page",
    "trust/waves/<int:wave_pk>/answer/": "a redirect into the survey's own pages (crawled through its link)",
    "privacy/site/": "for site administrators only: no partnership role reaches it",
    "notices/unsubscribe/": "a one-use link from a notice e-mail (its own test in test_accessibility.py)",
    "meetings/reply/": "a signed link from an invitation e-mail (tests/governance checks the page)",
    "meetings/replies/mail/": "the inbound-mail webhook: POST with a shared secret (tests/governance)",
    "measurements/<int:m_pk>/delete/": "the shared confirmation page (core/confirm.html), checked on the other deletes",
    # more deletes on the same confirmation page (each has its tests through Django's test client)
    "people/<int:person_pk>/delete/": "the shared confirmation page", "organisations/<int:org_pk>/delete/":
    "the shared confirmation page", "meetings/attendance/<int:attendance_pk>/remove/": "the shared confirmation page",
    "meetings/actions/<int:action_pk>/delete/": "the shared confirmation page",
    "meetings/series/<int:series_pk>/delete/": "the shared confirmation page",
    "charter/goals/<int:goal_pk>/delete/": "the shared confirmation page",
    "charter/commitments/<int:c_pk>/delete/": "the shared confirmation page",
    "delivery/areas/<int:area_pk>/delete/": "the shared confirmation page",
    "campaigns/<int:campaign_pk>/delete/": "the shared confirmation page",
    "/download/": "a file",
    "partnership-report/download": "a file (the partnership report made now)",
    "jobs/<int:job_pk>/file": "a file (a report produced in the background)",
    # pages that exist only in a state the demo is not in (each is checked by its own domain's tests)
    "accounts/sign-in/second-step/": "only during a two-step sign-in",
    "accounts/two-factor/recovery-codes/": "shown once, right after two-factor sign-in is set up",
    "charter/v/<int:number>/sign/": "only while a charter version waits for sign-off",
    "charter/diff/": "compares two versions named in the query string",
    "survey/<str:token>/finish/": "only once every page of the survey is answered",
    "lists/confirm/": "a one-use link from the confirmation e-mail",
    "lists/unsubscribe/": "a one-use link from a message",
    "library/<int:item_pk>/ask/": "only for an item the person may not yet open",
    "approve-minutes/": "only for a meeting whose minutes wait for approval",
    "attendance/add/": "only for a meeting still to come",
    "imports/<int:entry_pk>/undo/": "only for a list with an import (the shared confirmation page, checked on the "
                                    "other corrections; tests/mailing checks this one)",
}


def routes(resolver: Any = None, prefix: str = "") -> list[tuple[str, str]]:
    """(route, url name) of every page pattern, not the admin's nor the API's endpoints (the API's reference
    is a page; the interactive explorer at /api/docs is a developer's tool, linked from the reference)."""
    out = []
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            out += routes(entry, route)
        elif isinstance(entry, URLPattern) and (not route.startswith(("admin/", "api/")) or route.startswith("api/reference/")):
            out.append((route, entry.name or ""))
    return out


def is_page(route: str) -> bool:
    return not any(marker in route or route.endswith(marker) for marker in NOT_PAGES)


@dataclass
class Ids:
    """What fills each URL parameter: the demo partnership's records, tokens for the public links."""
    values: dict[str, str] = field(default_factory=dict)

    def fill(self, route: str) -> str | None:
        out = route
        for _, name in PARAM.findall(route):
            key = next((k for k in (f"{_word(route)}:{name}", name) if k in self.values), None)
            if key is None:
                return None
            out = re.sub(r"<(?:\w+:)?" + name + ">", self.values[key], out)
        return "/" + out


def _word(route: str) -> str:
    for word in ("library", "handovers", "agenda", "survey", "lists", "invitations"):
        if route.startswith(word) or f"/{word}/" in route:
            return word
    return ""


def demo_ids() -> Ids:
    """Build the demo (call from inside a test with the database) and name one record of each kind: the
    models of tests/core/test_every_page_checks_access.py's PARAM_MODELS, and tokens for the public links."""
    from django.apps import apps
    from django.contrib.auth.tokens import default_token_generator
    from django.core.exceptions import ValidationError
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from accord.accounts import services as account_services
    from accord.accounts.models import ApiToken, Invitation, User
    from accord.delivery.models import PendingImport
    from accord.demo import partnership as demo
    from accord.governance.models import CalendarFeed, Meeting
    from accord.lib import tokens
    from accord.library import services as library_services
    from accord.mailing import messages
    from accord.mailing.models import MailingList, Subscriber
    from accord.partners.models import Partnership, Role
    from accord.trust import services as trust_services
    from accord.trust.models import Invitation as SurveyInvitation
    from tests.core.test_every_page_checks_access import PARAM_MODELS, _to_partnership

    load_demo()
    p = Partnership.objects.get(name=demo.NAME)
    manager = User.objects.get(email=ROLES["manager"])
    library_services.checkpoints_daily()
    PendingImport.objects.create(partnership=p, filename="grants.json", preview={"read": 0, "streams": [],
                                                                                 "skipped": []})
    CalendarFeed.objects.create(user=manager, partnership=p, scope=CalendarFeed.Scope.PERSON, token_hash="a" * 64, hint="aaaa")
    from accord.reports.models import ReportJob

    ReportJob.objects.create(partnership=p, requested_by=manager, role=Role.MANAGER, fmt="pdf", state="working",
                             start=_in_days(-30).date(), end=_in_days(0).date(), done=3, total=9)
    values: dict[str, str] = {"pk": str(p.pk)}
    for (word, name), label in PARAM_MODELS.items():
        model = apps.get_model(label)
        qs = model.objects.filter(**{_to_partnership(model): p}) if label != "partners.Organisation" else \
            model.objects.filter(memberships__partnership=p)
        if label == "governance.Meeting":  # a meeting with an agenda shows the most
            qs = Meeting.objects.filter(series__partnership=p, agenda__isnull=False).distinct()
        if label == "governance.Decision":  # its pages are a meeting's; one taken between meetings has none
            from accord.governance.models import Decision

            qs = Decision.objects.filter(meeting__series__partnership=p)
        obj = qs.order_by("pk").first()
        if obj is not None:
            values[f"{word}:{name}" if word else name] = str(obj.number if label == "charter.CharterVersion"
                                                            else obj.pk)
    invitation = Invitation.objects.create(email="new@compass.example", partnership=p, role=Role.STAFF,
                                           expires_at=_in_days(7))
    subscriber = Subscriber.objects.filter(mailing_list__partnership=p).order_by("pk").first()
    try:  # a survey that is open, so that its pages show questions rather than "this survey has closed"
        trust_services.wave_open(actor=manager, partnership=p, name="Spring check", closes_on=_in_days(14).date(),
                                 instruments=list(trust_services.ensure_instruments()), confidentiality="named",
                                 send=False)
    except ValidationError:
        pass
    survey = SurveyInvitation.objects.filter(wave__partnership=p, wave__status="open").order_by("pk").first()
    token, _ = ApiToken.issue(manager, "A script")
    values.update({
        "invitations:token": tokens.make(account_services.PURPOSE, invitation.pk),
        "survey:token": trust_services.survey_token(survey) if survey else "none",
        "lists:token": tokens.make(messages.PREFERENCES, messages.link_payload(subscriber)) if subscriber else "x",
        "slug": getattr(MailingList.objects.filter(partnership=p).order_by("pk").first(), "slug", "none"),
        "token_id": str(token.pk),
        "invitation_pk": str(invitation.pk),
        "kind": "totp",
        "section": "governance",
        "uidb64": urlsafe_base64_encode(force_bytes(manager.pk)),
        "token": default_token_generator.make_token(manager),
    })
    return Ids(values)


def _in_days(days: int) -> Any:
    import datetime as dt

    from django.utils import timezone

    return timezone.now() + dt.timedelta(days=days)


_CLIENTS: dict[str, Client] = {}


def client_for(role: str) -> Client:
    from accord.accounts.models import User

    if role in _CLIENTS:
        return _CLIENTS[role]
    client = _CLIENTS[role] = Client()
    if ROLES[role]:
        client.force_login(User.objects.get(email=ROLES[role]))
    return client


def fingerprint(html: str) -> str:
    """The page's main content with numbers and tokens set aside: two roles seeing the same thing
    (a leader's and a staff member's view of a meeting) need to be checked once."""
    main = html.split('<main', 1)[-1].split("</main>", 1)[0]
    main = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", main)
    return hashlib.sha256(re.sub(r"\d+", "N", main).encode()).hexdigest()


@dataclass
class Crawl:
    pages: dict[str, list[str]]  # role -> distinct HTML pages to open in the browser
    reached: dict[str, set[str]]  # route -> roles that got it as a page
    unfillable: list[str]  # routes with a parameter nobody knows how to fill


def crawl(ids: Ids, roles: list[str], extra: tuple[str, ...] = ()) -> Crawl:
    _CLIENTS.clear()
    seen: set[str] = set()
    pages: dict[str, list[str]] = {role: [] for role in roles}
    reached: dict[str, set[str]] = {}
    unfillable = []
    todo = [(route, ids.fill(route)) for route, _ in routes() if is_page(route)]
    todo += [(path.lstrip("/"), path) for path in extra]
    for route, url in todo:
        if url is None:
            unfillable.append(route)
            continue
        reached.setdefault(route, set())
        statuses = set()
        for role in roles:
            response = client_for(role).get(url)
            statuses.add(response.status_code)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            reached[route].add(role)
            key = fingerprint(response.content.decode(errors="replace"))
            if key not in seen:
                seen.add(key)
                pages[role].append(url)
        if 405 in statuses or statuses == {302}:  # an action (POST only) or a step that leads elsewhere
            reached.pop(route)
    return Crawl(pages, reached, unfillable)
