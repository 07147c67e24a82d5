"""A safety net over every page and endpoint of a partnership, including ones added later: someone
from another partnership gets 404 (GET and POST) and someone signed out is sent to sign in (pages)
or gets 401 (API). Each domain's own matrix tests then check each role in detail."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.demo.snapshot import load_demo

PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def _routes(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


def _partnership_pages():
    pages = []
    for route in _routes():
        params = PARAM.findall(route)
        if route.startswith(("api/", "admin/")) or [name for _, name in params] != ["pk"]:
            continue
        pages.append("/" + PARAM.sub("{pk}", route).replace("^", "").replace("$", ""))
    return sorted(set(pages))


PAGES = _partnership_pages()


def test_the_sweep_finds_the_pages():
    assert "/p/{pk}/" in PAGES and "/p/{pk}/people/" in PAGES


@pytest.mark.parametrize("page", PAGES)
def test_a_stranger_gets_not_found_and_a_signed_out_visitor_is_sent_to_sign_in(world, page):
    url = page.format(pk=world.partnership.pk)
    outsider = world.client("outsider")
    get, post = outsider.get(url).status_code, outsider.post(url, {}).status_code
    # 405 (a POST-only or GET-only page) is the same for every partnership, so it reveals nothing
    assert get in (404, 405) and post in (404, 405) and 404 in (get, post)
    response = world.client("anonymous").get(url)
    if response.status_code != 405:
        assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/")


def _api_paths(client):
    schema = client.get("/api/openapi.json").json()
    for path, operations in schema["paths"].items():
        params = re.findall(r"{(\w+)}", path)
        if params == ["pk"]:
            for method in operations:
                yield path, method


def test_every_partnership_endpoint_hides_the_partnership_from_strangers(world):
    outsider, anonymous = world.client("outsider"), world.client("anonymous")
    checked = 0
    for path, method in _api_paths(outsider):
        url = path.replace("{pk}", str(world.partnership.pk))
        response = getattr(outsider, method)(url, data={}, content_type="application/json") \
            if method != "get" else outsider.get(url)
        assert response.status_code in (404, 422), f"{method.upper()} {path} answered {response.status_code}"
        if response.status_code == 422:  # validation ran first: the body was refused before any lookup
            assert "pk" not in str(response.json())
        assert getattr(anonymous, method)(url).status_code == 401, f"{method.upper()} {path} without sign-in"
        checked += 1
    assert checked >= 4


@pytest.mark.parametrize("url", [
    "/p/{pk}/organisations/99999999999999999999999/",
    "/api/partnerships/{pk}/organisations/99999999999999999999999",
])
def test_an_id_too_large_for_the_database_is_not_found(world, url):
    response = world.client("manager").get(url.format(pk=world.partnership.pk))
    assert response.status_code == 404


def test_a_filter_by_an_id_too_large_for_the_database_finds_nothing(world):
    # SQLite cannot hold the number (404); PostgreSQL compares it and finds no entry (an empty list)
    url = f"/api/partnerships/{world.partnership.pk}/library/record?item_id=99999999999999999999999"
    response = world.client("manager").get(url)
    assert response.status_code == 404 or (response.status_code == 200 and response.json() == [])


# ---- across partnerships: the ids of another partnership's objects ---------------------------------
# Partnership B (the demo's, with every kind of object) shares an organisation (org A) and a person
# (leader_a's account, recorded in both) with the test partnership A. Every page and endpoint of A,
# given the ids of B's objects, must answer exactly as it does for ids that exist nowhere: the same
# status (404, or 403/405/422 before any lookup) and the same body.

A_PERSONAS = ["manager", "leader_a", "staff_a", "leader_b", "staff_b", "funder"]
MISSING = 987654321


def _to_partnership(model):
    """The chain of foreign keys from a model to its partnership, not through a Person."""
    from collections import deque

    from accord.partners.models import Partnership, Person

    queue, seen = deque([(model, "")]), {model}
    while queue:
        current, path = queue.popleft()
        for f in current._meta.concrete_fields:
            if not (f.is_relation and f.many_to_one):
                continue
            lookup = f"{path}__{f.name}" if path else f.name
            if f.related_model is Partnership:
                return lookup
            if f.related_model not in seen and f.related_model is not Person:
                seen.add(f.related_model)
                queue.append((f.related_model, lookup))
    raise AssertionError(f"{model.__name__} has no path to a partnership")


# (a word in the route or "", the parameter) -> the model whose id it takes
PARAM_MODELS = {
    ("", "invitation_pk"): "accounts.Invitation", ("", "role_pk"): "partners.Role",
    ("", "action_pk"): "governance.Action", ("", "area_id"): "delivery.Area", ("", "area_pk"): "delivery.Area",
    ("", "number"): "charter.CharterVersion", ("", "c_id"): "charter.Commitment", ("", "c_pk"): "charter.Commitment",
    ("", "decision_pk"): "governance.Decision", ("", "import_id"): "delivery.PendingImport",
    ("", "import_pk"): "delivery.PendingImport", ("", "stream_id"): "delivery.FundingStream",
    ("", "stream_pk"): "delivery.FundingStream", ("", "goal_id"): "charter.Goal", ("", "goal_pk"): "charter.Goal",
    ("", "alert_id"): "health.Alert", ("", "alert_pk"): "health.Alert", ("", "handover_id"): "health.Handover",
    ("", "handover_pk"): "health.Handover", ("handovers", "item_id"): "health.HandoverItem",
    ("", "rule_id"): "health.AlertRule", ("library", "item_id"): "library.KnowledgeItem",
    ("library", "item_pk"): "library.KnowledgeItem", ("", "req_id"): "library.AccessRequest",
    ("", "req_pk"): "library.AccessRequest", ("", "list_pk"): "mailing.MailingList",
    ("", "campaign_pk"): "mailing.Campaign", ("", "sub_pk"): "mailing.Subscriber",
    ("", "meeting_pk"): "governance.Meeting", ("", "at_meeting_pk"): "governance.Meeting",
    ("agenda", "item_pk"): "governance.AgendaItem", ("", "org_pk"): "partners.Organisation",
    ("", "wave_id"): "trust.Wave", ("", "wave_pk"): "trust.Wave", ("", "event_pk"): "health.ChangeEvent",
    ("", "feed_pk"): "governance.CalendarFeed", ("", "series_pk"): "governance.MeetingSeries",
    ("", "person_pk"): "partners.Person", ("", "cp_pk"): "library.Checkpoint",
    ("", "thread_pk"): "discussions.Thread", ("", "comment_pk"): "discussions.Comment",
    ("", "proposal_pk"): "discussions.Proposal",
    ("", "paper_pk"): "governance.MeetingPaper",
    ("", "job_pk"): "reports.ReportJob", ("", "job_id"): "reports.ReportJob",
    # corrections
    ("", "note_pk"): "governance.Note", ("", "move_pk"): "delivery.StageMove", ("", "move_id"): "delivery.StageMove",
    ("", "m_pk"): "charter.Measurement", ("", "measurement_id"): "charter.Measurement",
    ("", "event_id"): "health.ChangeEvent", ("", "entry_pk"): "core.AuditEntry", ("", "entry_id"): "core.AuditEntry",
    ("privacy", "access_id"): "privacy.SubjectAccess", ("", "membership_id"): "partners.Membership",
    ("", "attendance_pk"): "governance.Attendance",
}


def _model_for(route, param):
    for (word, name), label in PARAM_MODELS.items():
        if name == param and word and word in route:
            return label
    return PARAM_MODELS.get(("", param))


@pytest.fixture
def two(request, db):
    """Partnership B: the demo, plus org A as a member and leader_a's account recorded there too."""
    import datetime as dt

    from django.apps import apps
    from django.utils import timezone

    from accord.accounts.models import Invitation
    from accord.delivery.models import PendingImport
    from accord.demo import partnership as demo
    from accord.governance.models import CalendarFeed
    from accord.library import services as library_services
    from accord.partners.models import Membership, Partnership, Person, Role
    from accord.privacy.models import SubjectAccess
    from accord.reports.models import ReportJob

    load_demo()  # before the first partnership's records, so that the demo is copied in, not built
    world = request.getfixturevalue("world")
    b = Partnership.objects.get(name=demo.NAME)
    library_services.checkpoints_daily()  # a signed checkpoint of B's access record
    Membership.objects.create(partnership=b, organisation=world.org_a, joined=dt.date(2024, 1, 1))
    Role.objects.create(partnership=b, user=world.users["leader_a"], role=Role.LEADER, organisation=world.org_a)
    b_record = Person.objects.create(partnership=b, organisation=world.org_a, name="Leader A as B records her",
                                     job_title="Trustee in B", seniority="senior_leader", email="leader_a@example.org",
                                     start_date=dt.date(2024, 1, 1), user=world.users["leader_a"])
    Invitation.objects.create(email="new@b.example", partnership=b, role=Role.STAFF,
                              expires_at=timezone.now() + dt.timedelta(days=7))
    PendingImport.objects.create(partnership=b, filename="grants.json", preview={})
    CalendarFeed.objects.create(user=world.users["leader_a"], partnership=b, scope="mine", token_hash="b" * 64,
                                hint="bbbb")
    SubjectAccess.objects.create(requested_by=Role.objects.filter(partnership=b, role=Role.MANAGER).first().user,
                                 partnership=b, scope=SubjectAccess.Scope.PARTNERSHIP, email="someone@b.example")
    b_manager = Role.objects.filter(partnership=b, role=Role.MANAGER).first().user
    ReportJob.objects.create(partnership=b, requested_by=b_manager, role=Role.MANAGER, fmt="pdf", state="ready",
                             start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 31), file=b"%PDF-", filename="b.pdf")
    ids = {}
    for label in set(PARAM_MODELS.values()):
        model = apps.get_model(label)
        qs = model.objects.filter(**{_to_partnership(model): b}) if label != "partners.Organisation" else \
            model.objects.filter(memberships__partnership=b).exclude(memberships__partnership=world.partnership)
        if label == "partners.Person":
            qs = qs.filter(pk=b_record.pk)  # B's record of someone A also records
        obj = qs.order_by("pk").first()
        assert obj is not None, f"partnership B has no {label} to try"
        ids[label] = obj.number if label == "charter.CharterVersion" else obj.pk
    assert not world.partnership.charter_versions.exists()  # so B's version numbers name nothing in A
    return b, ids


def _fill(route, template, ids, missing):
    out = template
    for param in re.findall(r"[{<](?:\w+:)?(\w+)[}>]", template):
        if param == "pk":
            continue
        label = _model_for(route, param)
        assert label, f"{route}: add {param!r} to PARAM_MODELS"
        value = MISSING if missing else ids[label]
        out = re.sub(r"[{<](?:\w+:)?" + param + r"[}>]", str(value), out)
    return out


def _object_routes():
    pages = []
    for route in _routes():
        params = [name for _, name in PARAM.findall(route)]
        if route.startswith(("api/", "admin/")) or params[:1] != ["pk"] or len(params) < 2:
            continue
        pages.append("/" + route.replace("^", "").replace("$", ""))
    return sorted(set(pages))


OBJECT_PAGES = _object_routes()


def _same(missing, found, ids):
    """Two answers are the same once the ids in them are set aside."""
    def norm(response):
        body = re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", response.content.decode(errors="replace"))
        return response.status_code, re.sub(r"\d+", "N", body)
    return norm(missing) == norm(found)


def test_every_page_treats_another_partnerships_ids_as_unknown(two, world):
    _, ids = two
    assert len(OBJECT_PAGES) > 40
    failures = []
    for persona in A_PERSONAS:
        client = world.client(persona)
        for route in OBJECT_PAGES:
            base = route.replace("<int:pk>", str(world.partnership.pk))
            for method in ("get", "post"):
                found = getattr(client, method)(_fill(route, base, ids, missing=False))
                missing = getattr(client, method)(_fill(route, base, ids, missing=True))
                if found.status_code not in (403, 404, 405) or not _same(missing, found, ids):
                    failures.append(f"{persona} {method.upper()} {route}: {found.status_code} "
                                    f"(unknown id: {missing.status_code})")
                if persona == "manager" and method == "get":  # the manager reaches every page: a real 404
                    assert found.status_code in (404, 405), f"{route} answered {found.status_code}"
    assert not failures, "\n".join(failures)


def _sample(schema, spec, depth=0):
    """A value the schema accepts, so that a handler gets past validation to its lookups."""
    if "$ref" in spec:
        spec = schema["components"]["schemas"][spec["$ref"].rsplit("/", 1)[-1]]
    for key in ("anyOf", "oneOf", "allOf"):
        if key in spec:
            options = [o for o in spec[key] if o.get("type") != "null"] or spec[key]
            return _sample(schema, options[0], depth)
    if "enum" in spec:
        return spec["enum"][0]
    kind, fmt = spec.get("type"), spec.get("format", "")
    if kind == "object" or "properties" in spec:
        if depth > 3:
            return {}
        return {name: _sample(schema, prop, depth + 1) for name, prop in spec.get("properties", {}).items()
                if name in spec.get("required", [])}
    if kind == "array":
        return []
    if kind == "integer":
        return 1
    if kind == "number":
        return 1.0
    if kind == "boolean":
        return False
    return {"date": "2024-06-01", "date-time": "2024-06-01T10:00:00Z", "email": "x@example.org",
            "uri": "https://example.org"}.get(fmt, "x")


def _body(schema, operation):
    content = (operation.get("requestBody") or {}).get("content", {})
    if "application/json" in content:
        return _sample(schema, content["application/json"]["schema"])
    return {}


def test_every_endpoint_treats_another_partnerships_ids_as_unknown(two, world):
    _, ids = two
    schema = world.client("manager").get("/api/openapi.json").json()
    paths = [(path, method) for path, ops in schema["paths"].items() for method in ops
             if re.findall(r"{(\w+)}", path)[:1] == ["pk"] and len(re.findall(r"{(\w+)}", path)) > 1]
    assert len(paths) > 30
    failures = []
    for persona in A_PERSONAS:
        client = world.client(persona)
        for path, method in paths:
            base = path.replace("{pk}", str(world.partnership.pk))
            answers = []
            for missing in (False, True):
                url = _fill(path, base, ids, missing)
                body = _body(schema, schema["paths"][path][method])
                answers.append(client.get(url) if method == "get" else
                               getattr(client, method)(url, data=body, content_type="application/json"))
            found, unknown = answers
            print("SWEEP", persona, method, path, found.status_code, found.content[:100])
            if found.status_code not in (403, 404, 405, 422) or not _same(unknown, found, ids):
                failures.append(f"{persona} {method.upper()} {path}: {found.status_code} {found.content[:120]!r} "
                                f"(unknown id: {unknown.status_code})")
    assert not failures, "\n".join(failures)
