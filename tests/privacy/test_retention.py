"""Retention: each kind past its period is removed or pseudonymised by the periodic task, which logs
counts (never what the rows held); the manager sees what is due next."""

import datetime as dt
import logging

from django.utils import timezone

from accord.accounts.models import Invitation
from accord.core.audit import log_action
from accord.core.models import AuditEntry
from accord.notices.models import Notice
from accord.partners.models import Person
from accord.privacy import retention
from accord.privacy.models import RetentionRun


def test_each_kind_past_its_period_is_removed_and_only_counts_are_logged(world, settings, caplog):
    p, now = world.partnership, timezone.now()
    settings.ACCORD_RETAIN_PEOPLE_WHO_LEFT_DAYS = 365
    gone = Person.objects.create(partnership=p, organisation=world.org_a, name="Long Gone Leader",
                                 email="gone@alpha.example", start_date=dt.date(2015, 1, 1),
                                 end_date=dt.date(2018, 1, 1))
    recent = Person.objects.create(partnership=p, organisation=world.org_a, name="Recently Left",
                                   start_date=dt.date(2015, 1, 1), end_date=now.date() - dt.timedelta(days=10))
    old_inv = Invitation.objects.create(email="never@x.example", partnership=p, role="staff",
                                        expires_at=now - dt.timedelta(days=200))
    Invitation.objects.create(email="pending@x.example", partnership=p, role="staff",
                              expires_at=now + dt.timedelta(days=2))
    note = Notice.objects.create(partnership=p, person=world.people["staff_a"], kind="k", event_key="e", title="t",
                                 url="/")
    Notice.objects.filter(pk=note.pk).update(created_at=now - dt.timedelta(days=400))
    log_action(world.users["staff_a"], "test.old", p, {"said": "Staff A"})
    AuditEntry.objects.filter(action="test.old").update(created_at=now - dt.timedelta(days=3000))

    page = world.client("manager").get(f"/p/{p.pk}/privacy/").content.decode()
    due = {u["key"]: u["now"] for u in retention.upcoming(p)}
    assert due["people-who-left"] == 1 and due["invitations"] == 1 and due["notices"] == 1 and due["audit"] == 1
    assert "People who left" in page

    with caplog.at_level(logging.INFO, logger="accord.privacy.retention"):
        counts = retention.enforce()
    assert counts["people-who-left"] == 1 and counts["invitations"] == 1 and counts["notices"] == 1
    assert counts["audit"] == 1
    gone.refresh_from_db()
    recent.refresh_from_db()
    assert gone.name.startswith("Former member") and gone.email == "" and gone.end_date == dt.date(2018, 1, 1)
    assert recent.name == "Recently Left"
    assert not Invitation.objects.filter(pk=old_inv.pk).exists() and Invitation.objects.count() == 1
    assert not Notice.objects.filter(pk=note.pk).exists()
    old = AuditEntry.objects.get(action="test.old")
    assert old.actor is None and old.actor_label == "" and old.data == {}  # redacted, never deleted
    assert RetentionRun.objects.get().counts == counts
    logged = caplog.text
    assert "people-who-left 1" in logged and "Long Gone" not in logged and "gone@alpha" not in logged
    assert retention.enforce()["people-who-left"] == 0  # nothing twice


def test_subject_access_files_expire(world, django_capture_on_commit_callbacks):
    from accord.privacy import services
    from accord.privacy.models import SubjectAccess

    with django_capture_on_commit_callbacks(execute=True):
        row = services.export_request(actor=world.users["manager"], partnership=world.partnership,
                                      email=world.people["staff_a"].email)
    row.refresh_from_db()
    path = row.file.path
    SubjectAccess.objects.filter(pk=row.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert retention.enforce()["subject-access"] == 1
    import os

    assert not SubjectAccess.objects.exists() and not os.path.exists(path)
