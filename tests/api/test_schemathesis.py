"""schemathesis fuzzes every API operation, as each role, and the test fails on any server error or on any
answer the OpenAPI document does not describe (status code, content type, body).

Each operation gets a fresh database (the `world` personas) with a record of each kind its path names, made
through the API (or the domain's services where the API makes none); most generated ids are pointed at
those records so the fuzzer reaches real rows, and the rest keep the id schemathesis drew. Every generated request is sent once per role, with that
person's personal API token, and once with no credentials.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis import Config
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from accord.accounts.models import ApiToken
from accord.health import services as health
from accord.mailing import services as mailing
from accord.trust import services as trust

ROLES = ["manager", "leader_b", "staff_a", "funder", "outsider"]
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Examples per operation, each sent as every role: 4 keeps the file under a minute on two cores; set
# ACCORD_FUZZ_EXAMPLES=50 for a deeper run before a release.
EXAMPLES = int(os.environ.get("ACCORD_FUZZ_EXAMPLES", "4"))

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application(), config=Config.from_dict({
    "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
    "generation": {"max-examples": EXAMPLES},
}))


class Seed:
    """Records made through the API as the manager, by the kinds an operation's path names."""

    def __init__(self, world: Any, token: str) -> None:
        self.world, self.p = world, world.partnership.pk
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
        self.ids: dict[str, int] = {"pk": self.p, "org_pk": world.org_a.pk}
        self.done = False

    def post(self, path: str, data: Any = None, **kw: Any) -> dict:
        if kw.get("multipart"):
            response = self.client.post(f"/api/partnerships/{self.p}/{path}", data)
        else:
            response = self.client.post(f"/api/partnerships/{self.p}/{path}", json.dumps(data or {}),
                                        content_type="application/json")
        assert response.status_code in (200, 201), (path, response.content)
        return response.json()

    def for_path(self, path: str) -> dict[str, int]:
        if self.done:  # once per operation: hypothesis runs the test body once per example
            return self.ids
        self.done = True
        for words, seeder in [(("charter",), self.charter), (("goals",), self.goals),
                              (("commitments",), self.commitments), (("areas", "rollout", "ambition"), self.areas),
                              (("funding-streams",), self.streams),
                              (("meeting", "decisions", "actions", "governance", "notes", "agenda-items"), self.meetings),
                              (("trust",), self.waves), (("library",), self.library), (("/lists",), self.lists),
                              (("health",), self.health), (("threads", "comments", "proposals"), self.discussions),
                              (("privacy",), self.privacy), (("/me/notices",), self.notices),
                              (("reports/jobs",), self.report_job), (("people/", "memberships/"), self.partners)]:
            if any(word in path for word in words):
                seeder()
        return self.ids

    def charter(self) -> None:
        self.ids["number"] = self.post("charter/versions", {"mission": "Fewer people face abuse alone."})["number"]

    def goals(self) -> None:
        goal = self.post("goals", {"title": "Areas live", "metric": "areas", "unit": "areas", "target": 10,
                                   "target_date": "2026-12-31"})
        measurement = self.post(f"goals/{goal['id']}/measurements", {"on": "2024-06-01", "value": 3})
        self.ids.update(goal_id=goal["id"], measurement_id=measurement["id"])

    def commitments(self) -> None:
        self.ids["c_id"] = self.post("commitments", {"title": "Share the referral data",
                                                     "owner_id": self.world.org_a.pk, "made_on": "2024-01-15",
                                                     "due": "2024-09-30"})["id"]

    def areas(self) -> None:
        area = self.post("areas", {"name": "Leeds", "ons_code": "E08000035"})
        move = self.post(f"areas/{area['id']}/moves", {"stage": "live", "on": "2024-03-01"})
        self.ids.update(area_id=area["id"], move_id=move["id"])

    def streams(self) -> None:
        self.ids["stream_id"] = self.post("funding-streams", {
            "title": "Core grant", "funder_org_id": self.world.funder_org.pk, "amount": "50000",
            "start": "2024-01-01", "end": "2025-12-31", "partner_org_ids": [self.world.org_a.pk]})["id"]

    def meetings(self) -> None:
        series = self.post("meeting-series", {"title": "Leaders", "rrule": "FREQ=MONTHLY;COUNT=3",
                                              "starts_on": "2024-02-06", "start_time": "10:00"})
        first, second = self.client.get(f"/api/partnerships/{self.p}/meetings").json()[:2]
        meeting = first["id"]
        item = self.post(f"meetings/{meeting}/agenda", {"title": "Data sharing"})
        decision = self.post(f"meetings/{meeting}/decisions", {"proposal": "Share monthly data."})
        action = self.post(f"meetings/{meeting}/actions", {"title": "Draft the agreement", "due": "2024-04-01",
                                                           "owner_id": self.world.people["staff_a"].pk})
        from django.core.files.uploadedfile import SimpleUploadedFile

        paper = self.post(f"meetings/{meeting}/papers", {"title": "Agenda pack", "file": SimpleUploadedFile(
            "pack.txt", b"The agenda pack.", "text/plain")}, multipart=True)
        note = self.post(f"meetings/{meeting}/notes", {"text": "Beta shares the numbers."})
        self.ids.update(note_pk=note["id"], meeting_pk=meeting, at_meeting_pk=second["id"], item_pk=item["id"],
                        decision_pk=decision["id"], action_pk=action["id"], series_id=series["id"],
                        series_pk=series["id"], paper_pk=paper["id"], person_pk=self.world.people["staff_a"].pk)

    def waves(self) -> None:
        wave = trust.wave_open(actor=self.world.users["manager"], partnership=self.world.partnership,
                               name="Spring survey", closes_on=dt.date.today() + dt.timedelta(days=14),
                               instruments=["relationships", "factors"], confidentiality="named",
                               invite="everyone", send=False)
        self.ids["wave_id"] = wave.pk

    def library(self) -> None:
        item = self.post("library/items", {"kind": "note", "title": "Risk checklist", "body": "Ask first."},
                         multipart=True)
        self.ids["item_id"] = item["id"]

    def lists(self) -> None:
        news = mailing.list_create(actor=self.world.users["manager"], partnership=self.world.partnership,
                                   name="Partnership news", slug="news", statement="We e-mail news; never shared.")
        subscriber = mailing.subscriber_add(actor=None, mailing_list=news, email="reader@example.org",
                                            basis="Signed the paper form.")
        from accord.mailing import sending

        draft = sending.campaign_save(actor=self.world.users["manager"], mailing_list=news, subject="News",
                                      body="Hello.")
        self.ids.update(list_pk=news.pk, sub_pk=subscriber.pk, campaign_pk=draft.pk)

    def partners(self) -> None:
        from accord.partners.models import Membership

        self.ids.update(person_pk=self.world.people["staff_b"].pk, membership_id=Membership.objects.get(
            partnership=self.world.partnership, organisation=self.world.org_b).pk)

    def notices(self) -> None:
        from accord.notices.services import notify

        made = notify(partnership=self.world.partnership, kind="charter.sign_requested", event_key="fuzz",
                      people=[self.world.people[p] for p in ("manager", "leader_b", "staff_a")],
                      title="Please sign version 1", url=f"/p/{self.p}/charter/")
        self.ids["notice_id"] = made[0].pk

    def discussions(self) -> None:
        thread = self.post("threads", {"title": "Data sharing", "body": "Shall we share monthly?"})
        proposal = self.post(f"threads/{thread['id']}/proposals", {
            "kind": "consent", "title": "Share monthly", "closes_at": (dt.datetime.now(dt.UTC)
                                                                        + dt.timedelta(days=7)).isoformat()})
        self.ids.update(thread_pk=thread["id"], comment_pk=thread["comments"][0]["id"], proposal_pk=proposal["id"])

    def report_job(self) -> None:
        response = self.client.post(f"/api/partnerships/{self.p}/reports/jobs", {"format": "xlsx"},
                                    content_type="application/json")
        assert response.status_code == 202, response.content
        self.ids["job_id"] = response.json()["id"]

    def privacy(self) -> None:
        from accord.privacy import services as privacy

        row = privacy.export_request(actor=self.world.users["manager"], partnership=self.world.partnership,
                                     email=self.world.users["staff_a"].email)
        self.ids["access_id"] = row.pk

    def health(self) -> None:
        event = self.post("health/events", {"kind": "leader_left", "date": "2024-05-01", "note": "New chair."})
        self.ids["event_id"] = event["id"]
        self.ids["rule_id"] = health.rules_ensure(self.world.partnership)[0].pk
        handover = health.handover_open(partnership=self.world.partnership, leaving=self.world.people["leader_b"])
        item = health.handover_item_add(actor=None, handover=handover, text="Pass on the data agreement.")
        self.ids.update(handover_id=handover.pk, handover_item_id=item.pk)


@pytest.fixture
def tokens(world: Any) -> dict[str, str]:
    return {persona: ApiToken.issue(world.users[persona], "fuzz")[1] for persona in ROLES}


@pytest.fixture
def seed(world: Any, tokens: dict[str, str], settings: Any, tmp_path: Any) -> Seed:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Seed(world, tokens["manager"])


@contextmanager
def connection_kept() -> Iterator[None]:
    """Like Django's test client: keep the database connection open across a WSGI request (the handler
    closes it after each one, which on PostgreSQL would end the test's transaction)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


def aim(case: Any, ids: dict[str, int]) -> None:
    """Point three in four generated ids at a real record; a negative-mode value (not an int) is kept."""
    params = case.path_parameters or {}
    for name, value in params.items():
        key = "handover_item_id" if name == "item_id" and "handovers" in case.path else name
        if key in ids and isinstance(value, int) and (name == "pk" or value % 4):
            params[name] = ids[key]


@schema.parametrize()
@hypothesis_settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
          database=None)  # the same examples every run: a failure in `make test` is one anyone can repeat
def test_every_operation_keeps_its_contract_for_every_role(case, tokens, seed):
    aim(case, seed.for_path(case.path))
    for persona in [*ROLES, "anonymous"]:
        headers = {"Authorization": f"Bearer {tokens[persona]}"} if persona in tokens else {}
        with connection_kept():
            response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS)
