"""Many people at once against gunicorn on PostgreSQL (issue 21): 500 survey submissions, then 500 sign-ins.

Setup (not timed): a partnership of 25 organisations with 500 senior leaders, a trust wave inviting all
of them (500 invitations, each its own survey link), and 500 accounts with one password (hashed once:
the setup is not what is measured). gunicorn runs as in production (bench.support.Server) with
BENCH_LOAD_WORKERS sync workers.

Each of 500 client threads plays one person: it opens its survey page (the form and its CSRF cookie), waits
until all 500 have, then all submit at once: the answers about one partner, then "finish". Then 500 more
threads each open the sign-in page, wait for each other, and sign in at once. The load comes from this one
process, so ACCORD_TRUSTED_PROXIES=1 and each person sends its own X-Forwarded-For address, as they would
through the proxy in front of Accord: the sign-in limits per client address stay as in production.

Reported: errors (anything but the expected redirect, or no answer), p50/p95/max of each submission (both
posts) and each sign-in, and the database checked: exactly 500 finished responses, 500 new sessions.
Errors or a wrong count fail the run. Skipped, saying so, when the benchmarks are not on PostgreSQL.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections import Counter
from http.cookies import SimpleCookie
from typing import Any

from .support import Server, django_setup, expect_same, get, on_postgres, percentiles

PEOPLE = int(os.environ.get("BENCH_LOAD_PEOPLE", "500"))
ORGS = 25
WORKERS = int(os.environ.get("BENCH_LOAD_WORKERS", "4"))
PASSWORD = "bench load passphrase 2026"
ANSWERS = {"contact": "2", "reliability": "4", "openness": "3", "mission": "4", "influence": "3",
           "involvement": "3", "resources": "2"}


class Person:
    """One person's browser: its cookies, its address, and what it saw."""

    def __init__(self, port: int, number: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.address = f"10.{number // 62500 % 256}.{number // 250 % 250}.{number % 250 + 1}"
        self.error = ""
        self.seconds = 0.0

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, dict, str]:
        from urllib.parse import urlencode

        headers = {"X-Forwarded-For": self.address, "Referer": f"https://127.0.0.1{path}",
                   "Origin": "https://127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        status, answer, body = get(self.port, path, headers, method, urlencode(form) if form is not None else None,
                                   timeout=1800)  # a crowd waits its turn in gunicorn's queue
        for line in answer.get("set-cookie", "").splitlines():
            for name, morsel in SimpleCookie(line).items():
                self.cookies[name] = morsel.value
        return status, answer, body.decode(errors="replace")

    def token(self, page: str) -> str:
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if found is None:
            raise RuntimeError("no form on the page")
        return found.group(1)


def crowd(people: list[Person], prepare: Any, act: Any) -> float:
    """Everyone prepares, waits for the rest, then acts at once; the wall time of the acting."""
    barrier = threading.Barrier(len(people) + 1)

    def one(person: Person) -> None:
        try:
            state = prepare(person)
        except Exception as exc:  # noqa: BLE001 - counted as an error of this person
            person.error = f"before: {exc!r}"
            state = None
        barrier.wait()
        if state is None:
            return
        started = time.perf_counter()
        try:
            act(person, state)
        except Exception as exc:  # noqa: BLE001
            person.error = person.error or repr(exc)
        person.seconds = time.perf_counter() - started

    threads = [threading.Thread(target=one, args=(p,)) for p in people]
    for t in threads:
        t.start()
    barrier.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    return time.perf_counter() - started


def setup() -> tuple[Any, list[tuple[str, int]], list[str]]:
    """The partnership, its wave, each invitation's survey page (path, partner to rate), and the accounts."""
    import datetime as dt

    from django.contrib.auth.hashers import make_password

    from accord.accounts.models import User
    from accord.partners.models import Membership, Organisation, Partnership, Seniority
    from accord.partners.models import Person as Member
    from accord.trust import services

    start = dt.date(2024, 1, 1)
    partnership = Partnership.objects.create(name="Load test", purpose="Many people at once.", start_date=start)
    orgs = [Organisation.objects.create(name=f"Organisation {i:02}", kind="charity") for i in range(ORGS)]
    Membership.objects.bulk_create([Membership(partnership=partnership, organisation=o, joined=start) for o in orgs])
    Member.objects.bulk_create([
        Member(partnership=partnership, organisation=orgs[i % ORGS], name=f"Leader {i}", email=f"leader{i}@example.org",
               seniority=Seniority.SENIOR_LEADER, start_date=start) for i in range(PEOPLE)])
    manager = User.objects.create_user("load-manager@example.org", PASSWORD)
    wave = services.wave_open(actor=manager, partnership=partnership, name="Load wave",
                              closes_on=dt.date.today() + dt.timedelta(days=14), instruments=["relationships"],
                              confidentiality="named", invite="leaders", send=False)
    index = {o.pk: i for i, o in enumerate(orgs)}
    pages = [(services.survey_path(inv) + f"partner/{orgs[(index[inv.organisation_id] + 1) % ORGS].pk}/", wave.pk)
             for inv in wave.invitations.all()]
    hashed = make_password(PASSWORD)
    emails = [f"person{i}@example.org" for i in range(PEOPLE)]
    User.objects.bulk_create([User(email=e, password=hashed, full_name=f"Person {i}") for i, e in enumerate(emails)])
    return wave, pages, emails


def report(name: str, people: list[Person], wall: float) -> int:
    errors = [p.error for p in people if p.error]
    timing = percentiles([p.seconds for p in people if not p.error])
    print(f"load.{name}_people: {len(people)} at once")
    print(f"load.{name}_wall: {wall:.1f} s ({len(people) / wall:.0f} per s)")
    for key, value in timing.items():
        print(f"load.{name}_{key}: {value:.0f} ms")
    if errors:
        print(f"load.{name}_error_kinds: {Counter(e[:160] for e in errors).most_common(5)}")
    expect_errors = len(errors)
    print(f"load.{name}_errors: {expect_errors} errors")
    return expect_errors


def run() -> None:
    os.environ.setdefault("EMAIL_URL", "file://")
    django_setup()
    if not on_postgres():
        print("load: skipped: this load run needs PostgreSQL (SQLite takes one writer at a time); "
              "run with DATABASE_URL=postgres://USER@HOST:5432/any (a throwaway database is made)")
        return
    from django.contrib.sessions.models import Session

    from accord.trust.models import Response

    wave, pages, emails = setup()
    sessions_before = Session.objects.count()
    print(f"load.gunicorn_workers: {WORKERS} workers")
    failed = 0
    with Server(workers=WORKERS, env={"ACCORD_TRUSTED_PROXIES": "1"}) as server:
        people = [Person(server.port, i) for i in range(len(pages))]

        def open_survey(person: Person) -> tuple[str, str]:
            path = pages[people.index(person)][0]
            status, _, page = person.request("GET", path)
            if status != 200:
                raise RuntimeError(f"survey page answered {status}")
            return path, person.token(page)

        def submit(person: Person, state: tuple[str, str]) -> None:
            path, token = state
            status, answer, page = person.request("POST", path, {"csrfmiddlewaretoken": token, **ANSWERS})
            if status != 302:
                raise RuntimeError(f"answers answered {status}: {page[:200]!r}")
            finish = path.split("partner/")[0] + "finish/"
            status, answer, page = person.request("POST", finish, {"csrfmiddlewaretoken": token})
            if status != 302:
                raise RuntimeError(f"finish answered {status}: {page[:200]!r}")

        failed += report("survey", people, crowd(people, open_survey, submit))

        signers = [Person(server.port, 1000 + i) for i in range(len(emails))]

        def open_sign_in(person: Person) -> str:
            status, _, page = person.request("GET", "/accounts/sign-in/")
            if status != 200:
                raise RuntimeError(f"sign-in page answered {status}")
            return person.token(page)

        def sign_in(person: Person, token: str) -> None:
            email = emails[signers.index(person)]
            status, answer, page = person.request("POST", "/accounts/sign-in/", {
                "csrfmiddlewaretoken": token, "email": email, "password": PASSWORD})
            if status != 302 or "sign-in" in answer.get("location", ""):
                raise RuntimeError(f"sign-in answered {status} {answer.get('location', '')}: {page[:200]!r}")

        failed += report("sign_in", signers, crowd(signers, open_sign_in, sign_in))
        if failed:
            print(server.tail())
    stored = Response.objects.filter(wave=wave, finished_at__isnull=False).count()
    print(f"load.survey_responses_stored: {stored} (expected {len(pages)})")
    new_sessions = Session.objects.count() - sessions_before
    print(f"load.sign_in_sessions_stored: {new_sessions} (expected at least {len(emails)})")
    print(f"load.load_average: {os.getloadavg()[0]:.1f} processes")
    expect_same("load.errors", failed, "errors")
    expect_same("load.responses_missing_or_extra", abs(stored - len(pages)), "responses")
    expect_same("load.sign_ins_without_session", max(0, len(emails) - new_sessions), "sign-ins")
