"""Decisions: each member organisation's position, and a result that respects the need for consent."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accord.governance import services
from accord.governance.models import Decision, Position
from accord.partners.models import Membership, Organisation

from .conftest import meeting_on


@pytest.fixture
def decision(world, series):
    return services.decision_add(actor=world.users["manager"], meeting=meeting_on(series, dt.date(2024, 2, 6)),
                                 proposal="Adopt the shared referral form.", needs_consensus=True)


def _position(world, decision, org, stance):
    return services.position_record(actor=world.users["manager"], decision=decision, organisation=org, stance=stance)


def test_a_consensus_decision_is_not_carried_while_any_partner_objects(world, decision):
    _position(world, decision, world.org_a, "agree")
    decision.refresh_from_db()
    assert decision.result == Decision.Result.OPEN  # Beta has not spoken yet
    _position(world, decision, world.org_b, "object")
    decision.refresh_from_db()
    assert decision.result == Decision.Result.NOT_CARRIED
    _position(world, decision, world.org_b, "concerns")  # Beta withdraws its objection
    decision.refresh_from_db()
    assert decision.result == Decision.Result.CARRIED
    assert decision.positions.count() == 2


def test_a_majority_decision_is_carried_when_most_members_agree(world, series):
    d = services.decision_add(actor=world.users["manager"], meeting=meeting_on(series, dt.date(2024, 2, 6)),
                              proposal="Meet in Leeds in March.")
    third = Organisation.objects.create(name="Gamma Group")
    Membership.objects.create(partnership=world.partnership, organisation=third, joined=dt.date(2023, 1, 1))
    _position(world, d, world.org_a, "agree")
    _position(world, d, third, "object")
    d.refresh_from_db()
    assert d.result == Decision.Result.OPEN
    _position(world, d, world.org_b, "agree")
    d.refresh_from_db()
    assert d.result == Decision.Result.CARRIED


def test_a_position_from_a_non_member_is_refused(world, decision):
    with pytest.raises(ValidationError, match="Delta Org is not a member"):
        _position(world, decision, world.other_org, "agree")
    with pytest.raises(ValidationError, match="Gamma Fund is not a member"):
        _position(world, decision, world.funder_org, "agree")
    assert not Position.objects.exists()


def test_a_partner_records_its_own_position_on_the_page(world, decision):
    url = decision.get_absolute_url()
    response = world.client("staff_b").post(url, {"stance": "object", "comment": "Not yet", "organisation":
                                                  world.org_a.pk})
    assert response.status_code == 302
    # the organisation field is ignored for partners: staff of Beta speak for Beta only
    assert dict(decision.positions.values_list("organisation__name", "stance")) == {"Beta Trust": "object"}
    page = world.client("leader_a").get(url).content.decode()
    assert "Not carried" in page and "needs every partner's consent" in page


def test_funders_cannot_see_or_record_positions(world, decision):
    url = decision.get_absolute_url()
    assert world.client("funder").get(url).status_code == 403
    assert world.client("funder").post(url, {"stance": "agree"}).status_code == 403
    assert world.client("outsider").post(url, {"stance": "agree"}).status_code == 404
    assert not Position.objects.exists()
