"""The readiness check names what is in place, what is missing, and what to do."""

from accord.analytics import readiness as r
from tests.once import ONCE_ONLY

pytestmark = ONCE_ONLY  # pure maths (accord.analytics has no Django): no database has a part in it


def test_capabilities_find_overlap_and_gaps():
    c = r.capability_check({"A": ["expertise", "policy"], "B": ["expertise", "delivery"], "C": ["funding"]})
    assert c.status == r.PARTIAL  # one essential gap: data
    assert c.detail["overlap"] == ["expertise"] and c.detail["gaps"] == ["data"]
    assert c.detail["unique"]["A"] == ["policy"] and "data and evaluation" in c.action


def test_complementary_capabilities_are_in_place():
    c = r.capability_check({"A": ["expertise"], "B": ["delivery"], "C": ["data", "funding"]})
    assert c.status == r.IN_PLACE and c.action == ""


def test_partners_who_bring_the_same_thing_are_not_complementary():
    c = r.capability_check({"A": ["delivery", "expertise", "data"], "B": ["delivery"], "C": ["expertise"]})
    assert c.status == r.PARTIAL and c.detail["adds_nothing_unique"] == ["B", "C"]


def test_one_partner_alone_is_missing():
    assert r.capability_check({"A": ["delivery"], "B": []}).status == r.MISSING


def test_a_full_check_lists_what_is_missing_and_what_to_do():
    result = r.assess(
        charter=r.charter_check(None, unsigned=["Beta Trust"]),
        capabilities=r.capability_check({"A": ["expertise"], "B": ["delivery"], "C": ["data"]}),
        trust=r.trust_check(1, 62.0),
        governance=r.governance_check(planned=6, held=2),
        joint_work=r.joint_work_check(12, 2, 0, 3),
    )
    assert not result.ready
    assert [c.key for c in result.missing] == ["charter", "governance"]
    assert "Beta Trust" in result.checks[0].found and result.checks[0].action
    assert result.as_dict()["summary"].startswith("3 of 5")


def test_unknown_is_not_counted_as_in_place():
    result = r.assess(charter=r.charter_check(None, known=False), capabilities=r.capability_check({}),
                      trust=r.trust_check(None, None), governance=r.governance_check(None, None),
                      joint_work=r.joint_work_check(0, None, None, None))
    assert {c.status for c in result.checks} <= {r.UNKNOWN, r.MISSING} and not result.ready
