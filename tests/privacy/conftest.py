"""A person present in every domain: Helen Marsh of the demo partnership (a senior leader with an
account), plus the rows the demo does not make for her (notices, tokens, a mailing subscription, a
library request and access entries, an invitation, a calendar feed, audit entries naming her)."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from tests.demo.snapshot import load_demo

NAME, EMAIL, PERSON_EMAIL = "Helen Marsh", "helen@compass.example", "marsh@safer.example"


@pytest.fixture
def helen(db):
    from accord.accounts.models import ApiToken, Invitation, User
    from accord.charter.models import Commitment
    from accord.core.audit import log_action
    from accord.demo import partnership as demo
    from accord.governance.models import Attendance, CalendarFeed, Decision, Position
    from accord.health.models import ChangeEvent
    from accord.library import chain
    from accord.library.models import AccessRequest, KnowledgeItem
    from accord.mailing.models import ConsentRecord, MailingList, Subscriber
    from accord.mailing.services import email_hash
    from accord.notices.models import Notice
    from accord.partners.models import Partnership, Person

    load_demo()
    p = Partnership.objects.get(name=demo.NAME)
    user = User.objects.get(email=EMAIL)
    person = Person.objects.get(partnership=p, name=NAME)
    org = person.organisation
    ApiToken.issue(user, "my script")
    Invitation.objects.create(email=EMAIL, partnership=p, role="staff", expires_at=timezone.now() + dt.timedelta(days=3))
    CalendarFeed.objects.create(user=user, partnership=p, scope="mine", token_hash="h" * 64, hint="hhhh")
    Notice.objects.create(partnership=p, person=person, kind="charter.sign", event_key="v1",
                          title=f"{NAME}, please sign the charter", url="/")
    mlist = MailingList.objects.filter(partnership=p).first()
    sub = Subscriber.objects.create(mailing_list=mlist, email=EMAIL, name=NAME, status="confirmed")
    ConsentRecord.objects.create(mailing_list=mlist, subscriber=sub, email=EMAIL, email_hash=email_hash(EMAIL),
                                 action="subscribed", method="form", ip="10.1.2.3")
    item = KnowledgeItem.objects.filter(partnership=p).exclude(owner_org=org).first()
    AccessRequest.objects.create(item=item, requested_by=user, organisation=org, reason=f"{NAME} needs it for a bid")
    chain.append(item=item, user=user, organisation=org, action="view", terms_version=1)
    chain.append(item=item, user=user, organisation=org, action="download", terms_version=1)
    log_action(user, "test.person.noted", person, {"name": NAME, "email": PERSON_EMAIL})
    decision = Decision.objects.filter(meeting__series__partnership=p).first()
    Position.objects.update_or_create(decision=decision, organisation=org, defaults={
        "stance": "support", "recorded_by": user, "comment": f"Recorded by {NAME}"})
    commitment = Commitment.objects.filter(partnership=p, owner=org).first()
    Commitment.objects.filter(pk=commitment.pk).update(person=person)
    ChangeEvent.objects.create(partnership=p, organisation=org, kind="restructure", date=dt.date(2025, 1, 6),
                               person=person, note=f"{NAME} led the restructure")
    # the newer domains: a comment (and its earlier wording), an answer given for her organisation, a report
    # produced for her, a reply to a meeting by calendar e-mail (and one ignored, naming her address), a
    # message of the mailing list that bounced with her address in the mail server's answer
    from accord.discussions.models import Answer, Comment, CommentVersion, Proposal, Thread
    from accord.governance.services import inbound
    from accord.mailing.models import Campaign, Delivery
    from accord.reports.models import ReportJob

    thread = Thread.objects.filter(partnership=p).order_by("pk").first()
    comment = Comment.objects.create(thread=thread, author=user, body=f"{NAME} here: write to {PERSON_EMAIL}")
    CommentVersion.objects.create(comment=comment, body=f"First wording by {NAME}", written_at=timezone.now())
    proposal = Proposal.objects.filter(thread__partnership=p).order_by("pk").first()
    Answer.objects.update_or_create(proposal=proposal, organisation=org, person=None, defaults={
        "given_by": person, "stance": "consent", "reason": f"{NAME} checked with the board"})
    ReportJob.objects.create(partnership=p, requested_by=user, role="leader", fmt="pdf", start=dt.date(2025, 1, 1),
                             end=dt.date(2025, 3, 31), state="ready", filename="report.pdf", file=b"%PDF-1.7")
    ReportJob.objects.create(partnership=p, requested_by=User.objects.get(email="manager@compass.example"),
                             role="manager", fmt="pdf", start=dt.date(2025, 1, 1), end=dt.date(2025, 3, 31),
                             state="ready", filename="report.pdf", file=f"%PDF-1.7 New lead: {NAME}".encode())
    future = Attendance.objects.filter(person=person, meeting__start__gt=timezone.now()).order_by("pk").first()
    Attendance.objects.filter(pk=future.pk).update(reply="going", reply_via=inbound.VIA, replied_at=timezone.now())
    log_action(None, "governance.reply.recorded", future.meeting, {"person": NAME, "reply": "going",
                                                                   "via": inbound.VIA}, partnership=p)
    log_action(None, "governance.reply.mail_ignored", future.meeting,
               {"from": PERSON_EMAIL, "reason": f"{PERSON_EMAIL} is not expected at this meeting"}, partnership=p)
    campaign = Campaign.objects.filter(mailing_list=mlist).order_by("pk").first()
    Delivery.objects.create(campaign=campaign, subscriber=sub, status="failed", attempts=1,
                            error=f"550 5.1.1 <{EMAIL}>: Recipient address rejected")
    from accord.library import services as library_services

    library_services.checkpoints_daily()  # a signed checkpoint of the record as it is before any erasure
    meeting_attendance = Attendance.objects.filter(person=person).count()
    return SimpleNamespace(partnership=p, user=user, person=person, org=org, item=item, attended=meeting_attendance)
