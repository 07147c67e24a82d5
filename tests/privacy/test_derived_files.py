"""A report produced in the background is a file made from the partnership's records, so it may name anyone in
it (a new leader, an action's owner). Erasing a person removes every such file of their partnership, whoever
asked for it; another partnership's files are not touched. (Binary files escape a text search of the database,
so this is checked here by rows, and in test_every_domain by the name's bytes.)"""

import datetime as dt

from accord.privacy import services
from accord.reports.models import ReportJob

from .support import records_of


def _job(partnership, user, body):
    return ReportJob.objects.create(partnership=partnership, requested_by=user, role="manager", fmt="pdf",
                                    start=dt.date(2025, 1, 1), end=dt.date(2025, 3, 31), state="ready",
                                    filename="report.pdf", file=body)


def test_erasure_removes_every_report_file_of_the_partnership(world):
    name = world.people["staff_a"].name
    ours = _job(world.partnership, world.users["manager"], f"new lead: {name}".encode())
    theirs = _job(world.other, world.users["outsider"], f"new lead: {name}".encode())
    record = services.erase(actor=world.users["manager"], partnership=world.partnership,
                            email=world.people["staff_a"].email, reason="asked")
    assert not ReportJob.objects.filter(pk=ours.pk).exists()
    assert ReportJob.objects.filter(pk=theirs.pk).exists()
    assert record.counts["reports.ReportJob"] == 1


def test_a_site_erasure_removes_the_files_of_the_persons_partnerships_only(world):
    from accord.accounts.models import User

    admin = User.objects.create_superuser("root@site.example", "pw-root-1234")
    ours = _job(world.partnership, world.users["manager"], b"x")
    theirs = _job(world.other, world.users["outsider"], b"y")
    services.erase(actor=admin, site=True, email=world.people["staff_a"].email, reason="asked")
    assert not ReportJob.objects.filter(pk=ours.pk).exists()
    assert ReportJob.objects.filter(pk=theirs.pk).exists()


def test_a_managers_copy_holds_only_the_persons_own_reports(world, django_capture_on_commit_callbacks):
    _job(world.partnership, world.users["manager"], b"x")
    with django_capture_on_commit_callbacks(execute=True):
        row = services.export_request(actor=world.users["manager"], partnership=world.partnership,
                                      email=world.people["staff_a"].email)
    assert "reports.ReportJob" not in records_of(row)
