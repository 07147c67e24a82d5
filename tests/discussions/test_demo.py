import pytest

from accord.demo import partnership as demo
from accord.discussions.models import Proposal, Thread
from accord.partners.models import Partnership
from tests.demo.snapshot import load_demo


@pytest.mark.django_db
def test_the_demo_has_threads_a_decided_proposal_and_a_poll_that_made_a_meeting():
    load_demo()
    p = Partnership.objects.get(name=demo.NAME)
    threads = Thread.objects.filter(partnership=p)
    assert threads.count() >= 3 and threads.filter(status="closed").exists()
    assert threads.filter(audience="organisations").exists()
    consent = Proposal.objects.get(thread__partnership=p, kind="consent")
    assert consent.decision is not None and consent.decision.positions.count() == 3
    poll = Proposal.objects.get(thread__partnership=p, kind="time")
    assert poll.meeting is not None and poll.meeting.series.partnership == p
    assert poll.meeting.start == poll.outcome_option.starts_at
