"""Correcting mistakes in a browser on a 390 px phone: in each domain, one correction (with Undo where it is
offered) and one confirmation page before something destructive or hard to reverse."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from accord.charter import services as charter
from accord.charter.models import CharterVersion, Goal, Measurement
from accord.delivery import services as delivery
from accord.delivery.models import Area, FundingStream
from accord.governance import services as governance
from accord.governance.models import Action, Meeting, Note
from accord.health import services as health
from accord.health.models import ChangeEvent
from accord.library import services as library
from accord.library.models import AccessRequest, KnowledgeItem
from accord.mailing.models import Subscriber
from accord.partners.models import Role
from accord.trust import services as trust
from accord.trust.models import Wave, WaveResult
from tests.conftest import PASSWORD

from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.set_default_timeout(60_000)  # a shared, busy machine; no assertion is about time
    return page


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _meeting(world) -> Meeting:
    series = governance.series_create(
        actor=None, partnership=world.partnership, title="Leaders' meeting", rrule="FREQ=MONTHLY;BYDAY=1TU",
        starts_on=timezone.localdate() - dt.timedelta(days=70), notify=False)
    meeting = series.meetings.filter(start__lt=timezone.now()).order_by("start").first()
    assert meeting is not None
    return meeting


def test_governance_a_note_deleted_and_undone_and_a_meeting_cancelled_after_asking(phone, world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    meeting = _meeting(world)
    note = governance.note_add(actor=None, meeting=meeting, text="Beta to share the numbers")
    action = governance.action_add(actor=None, meeting=meeting, title="Send data", owner=world.people["leader_b"],
                                   due=meeting.local_start.date() + dt.timedelta(days=10))
    sign_in(phone, "manager@example.org", PASSWORD)
    phone.goto(meeting.get_absolute_url())
    phone.get_by_role("link", name="Delete the note Beta to share the numbers").click()
    phone.get_by_role("heading", name="Delete this note?").wait_for()
    _no_sideways_scroll(phone)
    phone.get_by_role("button", name="Delete the note").click()
    phone.get_by_text("The note is deleted.").wait_for()
    assert not Note.objects.filter(pk=note.pk).exists()
    phone.get_by_role("button", name="Undo").click()
    phone.get_by_text("is back").wait_for()
    assert Note.objects.filter(pk=note.pk).exists()

    phone.goto(action.get_absolute_url())
    phone.get_by_role("link", name="Reassign or re-date").click()
    phone.get_by_label("Owner").select_option(label="Staff A (Alpha Charity)")
    phone.get_by_role("button", name="Save").click()
    phone.get_by_text("The action is now Staff A's").wait_for()
    assert Action.objects.get(pk=action.pk).owner == world.people["staff_a"]

    later = meeting.series.meetings.filter(start__gt=timezone.now()).order_by("start").first()
    phone.goto(later.get_absolute_url())
    phone.get_by_role("link", name="Cancel this meeting").click()
    phone.get_by_text("Everyone expected is e-mailed a cancellation").wait_for()
    phone.get_by_role("link", name="No, go back").click()
    assert Meeting.objects.get(pk=later.pk).status == Meeting.Status.SCHEDULED
    phone.get_by_role("link", name="Cancel this meeting").click()
    phone.get_by_role("button", name="Cancel the meeting").click()
    phone.get_by_role("link", name="Reinstate this meeting").click()
    phone.get_by_role("button", name="Reinstate the meeting").click()
    phone.get_by_text("The meeting is reinstated").wait_for()
    assert Meeting.objects.get(pk=later.pk).status == Meeting.Status.SCHEDULED


def test_delivery_a_stage_move_withdrawn_after_asking_and_the_stage_follows(phone, world):
    area = delivery.area_save(actor=None, area=Area(partnership=world.partnership, name="Leeds"))
    delivery.stage_move(actor=None, area=area, stage="mobilising", on=dt.date(2024, 2, 1))
    delivery.stage_move(actor=None, area=area, stage="live", on=dt.date(2024, 3, 1))
    stream = delivery.funding_save(actor=None, stream=FundingStream(
        partnership=world.partnership, title="Core grant", funder=world.funder_org, amount=Decimal("50000"),
        start=dt.date(2024, 1, 1), end=dt.date(2025, 1, 1)))
    sign_in(phone, "manager@example.org", PASSWORD)
    phone.goto(area.get_absolute_url())
    phone.get_by_role("link", name="Withdraw the move to live").click()
    phone.get_by_text("Leeds is then mobilising again").wait_for()
    _no_sideways_scroll(phone)
    phone.get_by_role("button", name="Withdraw the move").click()
    phone.get_by_text("The move to live is withdrawn.").wait_for()
    assert area.current_move().stage == "mobilising"

    phone.goto(f"/p/{world.partnership.pk}/delivery/funding/")
    phone.get_by_role("link", name="Delete “Core grant”").click()
    phone.get_by_role("button", name="Delete the funding stream").click()
    phone.get_by_role("button", name="Undo").click()
    phone.get_by_text("is back").wait_for()
    assert FundingStream.objects.filter(pk=stream.pk).exists()


def test_charter_a_measurement_deleted_and_an_agreed_version_refused(phone, world):
    goal = charter.goal_save(actor=None, goal=Goal(partnership=world.partnership, title="People helped",
                                                    metric="people", unit="people", target=100,
                                                    target_date=dt.date(2026, 12, 31)))
    charter.measurement_add(actor=None, goal=goal, on=dt.date(2024, 6, 1), value=30)
    version = charter.version_create(actor=None, partnership=world.partnership, mission="Work together.")
    CharterVersion.objects.filter(pk=version.pk).update(agreed_at=timezone.now())
    sign_in(phone, "manager@example.org", PASSWORD)
    phone.goto(goal.get_absolute_url())
    phone.get_by_role("link", name="Delete the measurement of 1 Jun 2024").click()
    phone.get_by_role("button", name="Delete the measurement").click()
    phone.get_by_text("The measurement of 1 June 2024 is deleted.").wait_for()
    assert not Measurement.objects.filter(goal=goal).exists()

    phone.goto(f"/p/{world.partnership.pk}/charter/v/{version.number}/withdraw/")
    phone.get_by_text("was agreed by every partner").wait_for()
    assert phone.get_by_role("button", name="Withdraw the draft").count() == 0
    assert CharterVersion.objects.filter(pk=version.pk).exists()


def test_trust_closing_asks_first_and_a_closed_wave_reopens(phone, world):
    from tests.trust.conftest import member_org

    member_org(world, "Gamma Works", "Cleo Leader", "cleo@gamma.example")
    wave = trust.wave_open(actor=None, partnership=world.partnership, name="Spring survey",
                           closes_on=timezone.localdate() + dt.timedelta(days=14),
                           instruments=["relationships"], confidentiality="named", invite="everyone", send=False)
    sign_in(phone, "manager@example.org", PASSWORD)
    phone.goto(wave.get_absolute_url())
    phone.get_by_role("link", name="Close the survey and work out the results").click()
    phone.get_by_text("the links sent stop working").wait_for()
    _no_sideways_scroll(phone)
    phone.get_by_role("button", name="Close the survey").click()
    phone.get_by_text("is closed and its results are ready").wait_for()
    assert WaveResult.objects.filter(wave=wave).exists()
    phone.get_by_role("link", name="Reopen the survey").click()
    phone.get_by_label("Take answers until").fill((timezone.localdate() + dt.timedelta(days=7)).isoformat())
    phone.get_by_role("button", name="Reopen the survey").click()
    phone.get_by_text("is open again").wait_for()
    assert Wave.objects.get(pk=wave.pk).is_open and not WaveResult.objects.filter(wave=wave).exists()


def test_health_an_event_deleted_after_asking_and_undone(phone, world):
    event = health.event_create(actor=None, partnership=world.partnership, kind="policy_change",
                                date=dt.date(2024, 5, 1), note="New duty.")
    sign_in(phone, "manager@example.org", PASSWORD)
    phone.goto(f"/p/{world.partnership.pk}/health/timeline/")
    phone.get_by_role("link", name="Delete the event of 1 May 2024").click()
    phone.get_by_role("heading", name="Delete this change event?").wait_for()
    _no_sideways_scroll(phone)
    phone.get_by_role("button", name="Delete the event").click()
    assert not ChangeEvent.objects.filter(pk=event.pk).exists()
    phone.get_by_role("button", name="Undo").click()
    phone.get_by_text("is back").wait_for()
    assert ChangeEvent.objects.filter(pk=event.pk).exists()


def test_library_a_withdrawn_item_shared_again_and_revoking_asks_first(phone, world, settings, tmp_path):
    from tests.library.conftest import access_of, share

    settings.MEDIA_ROOT = str(tmp_path)
    item = share(world, title="Risk checklist", audience="named", named=[world.org_b.pk])
    library.item_withdraw(actor=world.users["staff_a"], access=access_of(world, "staff_a"), item=item)
    sign_in(phone, "staff_a@example.org", PASSWORD)
    phone.goto(item.get_absolute_url())
    phone.get_by_role("link", name="Share this item again").click()
    phone.get_by_text("Partners can open it again on its current terms.").wait_for()
    _no_sideways_scroll(phone)
    phone.get_by_role("button", name="Share it again").click()
    phone.get_by_text("is shared again").wait_for()
    assert not KnowledgeItem.objects.get(pk=item.pk).is_withdrawn

    other = share(world, title="Only for us", audience="named", named=[world.org_a.pk, world.org_b.pk])
    from accord.partners.models import Membership, Organisation

    org_c = Organisation.objects.create(name="Charlie Council", kind="public_body")
    Membership.objects.create(partnership=world.partnership, organisation=org_c, joined=world.partnership.start_date)
    closed = share(world, title="For Charlie", audience="named", named=[org_c.pk])
    req = library.request_create(actor=world.users["staff_b"], access=access_of(world, "staff_b"), item=closed,
                                 reason="For our training.")
    library.request_decide(actor=world.users["staff_a"], access=access_of(world, "staff_a"), request=req, grant=True)
    phone.goto(f"/p/{world.partnership.pk}/library/requests/")
    phone.get_by_role("link", name="Revoke access of Beta Trust to For Charlie").click()
    phone.get_by_text("can no longer open or download").wait_for()
    phone.get_by_role("button", name="Revoke access").click()
    phone.get_by_text("Access revoked").wait_for()
    assert AccessRequest.objects.get(pk=req.pk).status == AccessRequest.Status.REVOKED
    assert other.pk


def test_mailing_unsubscribing_asks_first_and_is_undone(phone, world):
    from accord.mailing import services as mailing

    news = mailing.list_create(actor=world.users["manager"], partnership=world.partnership, name="Partnership news",
                               slug="news", statement="We e-mail news; never shared.")
    sub = mailing.subscriber_add(actor=None, mailing_list=news, email="reader@example.org",
                                 basis="Signed the paper form.")
    sign_in(phone, "manager@example.org", PASSWORD)
    phone.goto(f"/p/{world.partnership.pk}/lists/{news.pk}/subscribers/{sub.pk}/")
    phone.get_by_role("link", name="Unsubscribe them").click()
    phone.get_by_text("gets no more of its e-mails").wait_for()
    _no_sideways_scroll(phone)
    phone.get_by_role("button", name="Unsubscribe them").click()
    phone.get_by_text("has been unsubscribed").wait_for()
    assert Subscriber.objects.get(pk=sub.pk).status == "unsubscribed"
    phone.get_by_role("button", name="Undo").click()
    phone.get_by_text("is back").wait_for()
    assert Subscriber.objects.get(pk=sub.pk).status == "subscribed"


def test_partners_removing_access_asks_first_and_is_undone(phone, world):
    role = Role.objects.get(partnership=world.partnership, user=world.users["staff_b"])
    sign_in(phone, "manager@example.org", PASSWORD)
    phone.goto(f"/accounts/p/{world.partnership.pk}/team/")
    phone.get_by_role("link", name="Remove Staff B").click()
    phone.get_by_text("can no longer see or change anything").wait_for()
    _no_sideways_scroll(phone)
    phone.get_by_role("button", name="Remove their access").click()
    phone.get_by_text("no longer has access").wait_for()
    assert not Role.objects.filter(pk=role.pk).exists()
    phone.get_by_role("button", name="Undo").click()
    phone.get_by_text("is back").wait_for()
    assert Role.objects.filter(pk=role.pk).exists()
