"""A goal or a commitment entered by mistake is deleted (asked first, undone for a while); a goal with
measurements, or a commitment done or dropped, is not, with the reason and what to do instead; the page and
the API agree, for the manager only."""

import datetime as dt

from accord.charter import services
from accord.charter.models import Commitment, Goal
from accord.core import undo
from accord.core.models import AuditEntry


def _goal(world):
    return services.goal_save(actor=None, goal=Goal(partnership=world.partnership, title="Reach ten areas",
                                                    metric="areas live", unit="areas", target=10,
                                                    target_date=dt.date(2026, 12, 31)))


def _commitment(world):
    return services.commitment_save(actor=None, commitment=Commitment(
        partnership=world.partnership, title="Share the referral data", owner=world.org_b, made_on=dt.date(2025, 1, 1),
        due=dt.date(2025, 3, 1)))


def test_a_goal_is_deleted_after_asking_and_undone_but_not_one_with_measurements(world):
    goal = _goal(world)
    client, p = world.client("manager"), world.partnership.pk
    assert f"/p/{p}/charter/goals/{goal.pk}/delete/" in client.get(goal.get_absolute_url()).content.decode()
    assert ">Undo</button>" in client.post(f"/p/{p}/charter/goals/{goal.pk}/delete/", follow=True).content.decode()
    assert not Goal.objects.filter(pk=goal.pk).exists()
    undo.undo(actor=world.users["manager"], entry=AuditEntry.objects.get(action="charter.goal.deleted"))
    services.measurement_add(actor=None, goal=Goal.objects.get(pk=goal.pk), on=dt.date(2024, 6, 1), value=3)
    assert "1 measurement" in client.get(f"/p/{p}/charter/goals/{goal.pk}/delete/").content.decode()
    response = client.delete(f"/api/partnerships/{p}/goals/{goal.pk}")
    assert response.status_code == 422 and "Delete its measurements first" in response.json()["detail"]
    assert world.client("leader_a").delete(f"/api/partnerships/{p}/goals/{goal.pk}").status_code == 403
    assert Goal.objects.filter(pk=goal.pk).exists()


def test_an_open_commitment_is_deleted_and_undone_but_not_one_done(world):
    commitment = _commitment(world)
    client, p = world.client("manager"), world.partnership.pk
    assert f"/p/{p}/charter/commitments/{commitment.pk}/delete/" in client.get(
        f"/p/{p}/charter/commitments/").content.decode()
    response = client.delete(f"/api/partnerships/{p}/commitments/{commitment.pk}")
    assert response.status_code == 200 and not Commitment.objects.filter(pk=commitment.pk).exists()
    undo.undo(actor=world.users["manager"], entry=AuditEntry.objects.get(pk=response.json()["entry_id"]))
    Commitment.objects.filter(pk=commitment.pk).update(status="done", done_on=dt.date(2025, 2, 1))
    assert "Set it back to open" in client.get(f"/p/{p}/charter/commitments/{commitment.pk}/delete/").content.decode()
    client.post(f"/p/{p}/charter/commitments/{commitment.pk}/delete/")
    assert world.client("staff_b").post(f"/p/{p}/charter/commitments/{commitment.pk}/delete/").status_code == 403
    assert Commitment.objects.filter(pk=commitment.pk).exists()
