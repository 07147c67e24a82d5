"""Every kind of notice the domains emit: made inside the domain's own action, once per recipient, with
the link to act, and e-mailed once (straight away, or one line of a digest) over real SMTP."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.utils import timezone

from accord.charter import services as charter
from accord.governance import services as governance
from accord.library import services as library
from accord.notices import kinds, sending
from accord.notices.models import Notice
from accord.partners.models import Membership, Organisation
from accord.trust import services as trust
from tests.library.conftest import access_of, share


def _deliver(smtp: Any) -> Counter[str]:
    """Run the worker's sweep twice (a rerun sends nothing) and count e-mails per address."""
    sending.sweep()
    sending.sweep()
    return Counter(str(m["To"]) for m in smtp.messages)


def _notices(kind: str) -> Counter[str]:
    return Counter(Notice.objects.filter(kind=kind).values_list("person__user__email", flat=True))


def _series(world: Any) -> Any:
    return governance.series_create(
        actor=world.users["manager"], partnership=world.partnership, title="Leaders' meeting",
        rrule="FREQ=MONTHLY;BYDAY=1TU", starts_on=dt.date(2024, 1, 1), start_time=dt.time(10, 0),
        time_zone="Europe/London", duration_minutes=120, notify=False)


def test_every_kind_is_registered_by_its_domain():
    assert {"charter.sign_requested", "governance.action", "governance.position_needed", "library.access_requested",
            "library.access_answered", "library.grant_ending", "trust.survey_opened"} <= set(kinds.KINDS)


def test_a_new_charter_version_asks_each_partners_senior_leaders_to_sign_it(world, smtp):
    version = charter.version_create(actor=world.users["manager"], partnership=world.partnership,
                                     mission="Work together.", change_note="First draft")
    leaders = {"leader_a@example.org": 1, "leader_b@example.org": 1}
    assert _notices("charter.sign_requested") == leaders
    notice = Notice.objects.filter(kind="charter.sign_requested").first()
    assert notice.url == f"/p/{world.partnership.pk}/charter/v/{version.number}/"  # exactly the version to sign
    assert _deliver(smtp) == leaders
    assert f"/charter/v/{version.number}/" in smtp.text(smtp.messages[0])
    charter.version_create(actor=world.users["manager"], partnership=world.partnership, mission="Work closer.")
    assert Notice.objects.filter(kind="charter.sign_requested").count() == 4  # a new version is a new event


def test_an_action_assigned_or_redated_tells_its_owner(world, smtp):
    meeting = _series(world).meetings.get(original_start__date=dt.date(2024, 2, 6))
    action = governance.action_add(actor=world.users["manager"], meeting=meeting, title="Share the data",
                                   owner=world.people["staff_b"], due=dt.date(2024, 3, 1))
    assert _notices("governance.action") == {"staff_b@example.org": 1}
    assert Notice.objects.get(kind="governance.action").url == action.get_absolute_url()
    governance.action_update(actor=world.users["manager"], action=action, status="open", due=dt.date(2024, 3, 1))
    assert _notices("governance.action") == {"staff_b@example.org": 1}  # same date: nothing new
    governance.action_update(actor=world.users["manager"], action=action, status="open", due=dt.date(2024, 4, 1))
    assert _notices("governance.action") == {"staff_b@example.org": 2}
    assert _deliver(smtp) == {"staff_b@example.org": 2}
    assert "now due 1 April 2024" in smtp.messages[1]["Subject"]


def test_a_decision_asks_each_members_senior_leaders_for_its_position(world, smtp):
    meeting = _series(world).meetings.get(original_start__date=dt.date(2024, 2, 6))
    decision = governance.decision_add(actor=world.users["manager"], meeting=meeting, proposal="Pool the budgets")
    leaders = {"leader_a@example.org": 1, "leader_b@example.org": 1}
    assert _notices("governance.position_needed") == leaders
    assert Notice.objects.filter(kind="governance.position_needed").first().url == decision.get_absolute_url()
    assert _deliver(smtp) == leaders


def test_a_library_request_tells_the_owners_people_and_the_answer_tells_the_requester(world, smtp):
    org_c = Organisation.objects.create(name="Charlie Council", kind="public_body")
    Membership.objects.create(partnership=world.partnership, organisation=org_c, joined=world.partnership.start_date)
    item = share(world, title="Only for Charlie", audience="named", named=[org_c.pk])
    req = library.request_create(actor=world.users["staff_b"], access=access_of(world, "staff_b"), item=item,
                                 reason="We run the same service.")
    owners = {"manager@example.org": 1, "leader_a@example.org": 1, "staff_a@example.org": 1}  # org A's people
    assert _notices("library.access_requested") == owners
    assert Notice.objects.filter(kind="library.access_requested").first().url == \
        f"/p/{world.partnership.pk}/library/requests/"
    until = timezone.localdate() + dt.timedelta(days=30)
    library.request_decide(actor=world.users["leader_a"], access=access_of(world, "leader_a"), request=req,
                           grant=True, until=until)
    assert _notices("library.access_answered") == {"staff_b@example.org": 1}
    assert Notice.objects.get(kind="library.access_answered").url == item.get_absolute_url()
    assert _deliver(smtp) == {**owners, "staff_b@example.org": 1}


def test_a_grant_about_to_end_tells_its_holder_once_in_a_digest(world, smtp, settings):
    org_c = Organisation.objects.create(name="Charlie Council", kind="public_body")
    Membership.objects.create(partnership=world.partnership, organisation=org_c, joined=world.partnership.start_date)
    item = share(world, title="Only for Charlie", audience="named", named=[org_c.pk])
    req = library.request_create(actor=world.users["staff_b"], access=access_of(world, "staff_b"), item=item,
                                 reason="We run the same service.")
    today = timezone.localdate()
    library.request_decide(actor=world.users["leader_a"], access=access_of(world, "leader_a"), request=req,
                           grant=True, until=today + dt.timedelta(days=20))
    assert library.grants_ending_notify(today=today) == 0  # not yet
    assert library.grants_ending_notify(today=today + dt.timedelta(days=14)) == 1
    assert library.grants_ending_notify(today=today + dt.timedelta(days=15)) == 0  # once per grant and end date
    assert _notices("library.grant_ending") == {"staff_b@example.org": 1}
    notice = Notice.objects.get(kind="library.grant_ending")
    assert notice.delivery == "daily" and notice.url == item.get_absolute_url()
    smtp.messages.clear()
    later = timezone.now() + dt.timedelta(days=2)
    sending.sweep(now=later)
    sending.sweep(now=later)
    digests = [m for m in smtp.messages if "digest" in m["Subject"]]
    assert [str(m["To"]) for m in digests] == ["staff_b@example.org"]
    assert "Your access to “Only for Charlie” ends on" in smtp.text(digests[0])


def test_a_survey_opened_is_in_the_invitees_list_in_accord_and_not_emailed_twice(world, smtp):
    trust.wave_open(actor=world.users["manager"], partnership=world.partnership, name="Spring",
                    closes_on=dt.date.today() + dt.timedelta(days=14), instruments=["relationships"],
                    confidentiality="named", invite="leaders", send=False)
    assert _notices("trust.survey_opened") == {"leader_a@example.org": 1, "leader_b@example.org": 1}
    notice = Notice.objects.filter(kind="trust.survey_opened").first()
    assert notice.url.startswith("/survey/") and notice.state == "none"
    assert _deliver(smtp) == {}  # the survey's own invitation e-mail carries the link
