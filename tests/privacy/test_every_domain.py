"""A person present in every domain: the export holds each of their records; erasure leaves no trace
of their name or addresses anywhere in the database, while every page of the partnership still renders
and every figure is unchanged. Runs on SQLite and PostgreSQL (DATABASE_URL)."""

import io
import json
import re
import zipfile

import pytest

from tests.core.test_every_page_checks_access import PAGES, _object_routes, _to_partnership

from .conftest import EMAIL, NAME
from .support import database_text, figures

EXPECTED = {
    "partners.Person", "partners.Role", "accounts.User", "accounts.ApiToken", "accounts.Invitation",
    "charter.Signoff", "charter.Commitment", "governance.Attendance", "governance.Position", "governance.Action",
    "governance.CalendarFeed", "trust.Invitation", "trust.Response", "library.AccessRequest", "library.AccessEntry",
    "notices.Notice", "core.AuditEntry", "mailing.Subscriber", "mailing.ConsentRecord", "health.ChangeEvent",
    "discussions.Comment", "discussions.CommentVersion", "discussions.Answer", "reports.ReportJob",
    "mailing.Delivery",
}


def _object_pages(partnership):
    from django.apps import apps

    from tests.core.test_every_page_checks_access import _model_for

    urls = []
    for route in _object_routes():
        url, ok = route, True
        for param in re.findall(r"<(?:\w+:)?(\w+)>", route):
            if param == "pk":
                url = re.sub(r"<(?:\w+:)?pk>", str(partnership.pk), url)
                continue
            label = _model_for(route, param)
            model = apps.get_model(label)
            qs = model.objects.filter(**{_to_partnership(model): partnership}) if label != "partners.Organisation" \
                else model.objects.filter(memberships__partnership=partnership)
            obj = qs.order_by("pk").first()
            if obj is None:
                ok = False
                break
            value = obj.number if label == "charter.CharterVersion" else obj.pk
            url = re.sub(r"<(?:\w+:)?" + param + ">", str(value), url)
        if ok:
            urls.append(url)
    return urls


def _statuses(client, partnership):
    urls = [p.format(pk=partnership.pk) for p in PAGES] + _object_pages(partnership)
    return {u: client.get(u).status_code for u in urls}


@pytest.mark.django_db
def test_export_holds_every_record_and_erasure_leaves_no_trace(helen, client, django_capture_on_commit_callbacks):
    from accord.accounts.models import User
    from accord.library import verification
    from accord.privacy import services
    from accord.privacy.models import Erasure, SubjectAccess

    p = helen.partnership
    person_email = helen.person.email
    admin = User.objects.create_superuser("root@site.example", "pw-root-1234")
    manager = User.objects.get(email="manager@compass.example")
    client.force_login(manager)
    pages_before = _statuses(client, p)
    assert 500 not in pages_before.values() and list(pages_before.values()).count(200) > 60, \
        {u: c for u, c in pages_before.items() if c != 200}
    before = figures(p)
    assert before["overall"] is not None

    # subject access, as a site administrator (the whole site)
    with django_capture_on_commit_callbacks(execute=True):
        row = services.export_request(actor=admin, site=True, email=EMAIL)
    row.refresh_from_db()
    assert row.status == SubjectAccess.Status.READY and row.total and row.done == row.total
    with row.file.open("rb") as fh, zipfile.ZipFile(io.BytesIO(fh.read())) as zf:
        everything = json.loads(zf.read("everything.json"))
        names = set(zf.namelist())
        summary = zf.read("summary.html").decode()
    assert EXPECTED <= set(everything["records"]), EXPECTED - set(everything["records"])
    for model in EXPECTED:
        assert f"csv/{model.replace('.', '-').lower()}.csv" in names
    assert NAME in summary and "Lawful basis" in summary
    assert any(r["id"] == helen.person.pk for r in everything["records"]["partners.Person"])
    assert len(everything["records"]["governance.Attendance"]) == helen.attended
    assert any(r["reply_via"] == "calendar e-mail" for r in everything["records"]["governance.Attendance"])
    assert any(e["action"] == "governance.reply.mail_ignored" for e in everything["records"]["core.AuditEntry"])

    # erasure, everywhere
    record = services.erase(actor=admin, site=True, email=EMAIL, reason=f"{NAME} ({EMAIL}) asked on 3 May")
    dump = database_text().lower()
    for trace in (NAME, EMAIL, person_email):
        assert trace.lower() not in dump, f"{trace} is still in the database"
        assert trace.encode().hex() not in dump, f"{trace} is still in a file in the database"
    assert record.counts["partners.Person"] == 1 and record.total > 50
    assert Erasure.objects.get(pk=record.pk).reason == "[erased] ([erased]) asked on 3 May"
    assert not User.objects.filter(pk=helen.user.pk).exists()
    helen.person.refresh_from_db()
    assert helen.person.name == f"Former member {record.reference}" and helen.person.end_date is None

    # the record keeps its honesty: the access record and every checkpoint still verify
    verdict = verification.verify(p)
    assert verdict.ok and verdict.checkpoints_checked >= 1, verdict.breaks
    # figures and pages unchanged
    assert figures(p) == before
    pages_after = _statuses(client, p)
    # the same answer from every page that still has something to show
    assert {u: c for u, c in pages_after.items() if u in pages_before} == \
        {u: c for u, c in pages_before.items() if u in pages_after}
    # only the pages of her own calendar feed and her own report, deleted with her, have nothing left to show
    gone = set(pages_before) - set(pages_after)
    assert gone and all(re.match(r"/p/\d+/(meetings/calendar|reports/jobs)/", u) for u in gone), gone
    assert 500 not in pages_after.values()
