"""An invitation sent to the wrong person is withdrawn: asked first, its link stops working, no reminder goes to
it, answers not yet given are never counted; undone for a while. In a confidential wave the page, the message,
the audit entry and every count are the same whether or not its person had answered."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError

from accord.core import undo
from accord.core.models import AuditEntry
from accord.trust import corrections, services, tasks
from accord.trust.models import Invitation

from .conftest import answer, invitation, open_wave


def _withdraw_page(client, wave, email, **extra):
    url = f"/p/{wave.partnership_id}/trust/waves/{wave.pk}/withdraw/"
    return client.post(url, {"email": email, **extra})


def test_withdrawn_after_asking_the_link_stops_and_undo_brings_it_back(world, org_c):
    wave = open_wave(world)
    inv = invitation(wave, "staff_b@example.org")
    token = services.survey_token(inv)
    client = world.client("manager")
    confirm = _withdraw_page(client, wave, "staff_b@example.org").content.decode()
    assert "Withdraw the invitation</button>" in confirm and Invitation.objects.get(pk=inv.pk).withdrawn_at is None
    response = _withdraw_page(client, wave, "staff_b@example.org", confirmed="1")
    assert response.status_code == 302
    page = world.client("anonymous").get(f"/survey/{token}/").content.decode()
    assert "invitation it belonged to was withdrawn" in page
    with pytest.raises(ValidationError, match="withdrawn"):
        answer(inv, world.org_a)  # a page already open cannot save either
    assert "staff_b@example.org" not in [i.email for i in tasks.reminders_due(
        dt.datetime.now(dt.UTC) + dt.timedelta(days=30))]
    entry = AuditEntry.objects.get(action="trust.invitation.withdrawn")
    undo.undo(actor=world.users["manager"], entry=entry)
    services.invitation_from_token(token)


def _trace(world, wave, email):
    """What the manager sees while withdrawing: the confirmation, the page after, the audit entry, the counts."""
    client = world.client("manager")
    confirm = _withdraw_page(client, wave, email).content.decode()
    done = _withdraw_page(client, wave, email, confirmed="1")
    done = client.get(done["Location"]).content.decode()
    entry = AuditEntry.objects.filter(action="trust.invitation.withdrawn").latest("pk")
    progress = client.get(f"/api/partnerships/{wave.partnership_id}/trust/waves/{wave.pk}/progress").json()

    def strip(text):
        return re.sub(r'name="csrfmiddlewaretoken" value="\w+"|undo-\d+-\d+|/undo/\d+/', "", text.replace(email, "X"))
    data = {k: v for k, v in entry.data.items() if k != "invitation"}
    return strip(confirm), strip(done), strip(str(data)), progress


def test_in_a_confidential_wave_withdrawing_reveals_nothing_about_who_answered(world, org_c):
    wave = open_wave(world, confidentiality="confidential")
    answered = invitation(wave, "staff_b@example.org")
    answer(answered, world.org_a)
    services.response_finish(invitation=answered)
    counts = services.progress_by_organisation(wave)
    one = _trace(world, wave, "staff_b@example.org")
    other = _trace(world, wave, "leader_b@example.org")  # the same organisation; has not answered
    assert one[:3] == other[:3]  # same page, same message, same audit entry
    assert one[3] == other[3] == counts  # no count moved on withdrawing either


def test_a_named_wave_no_longer_counts_it_and_only_the_manager_withdraws(world, org_c):
    wave = open_wave(world)
    p = world.partnership.pk
    for persona in ("leader_a", "staff_b", "funder"):
        response = world.client(persona).post(f"/api/partnerships/{p}/trust/waves/{wave.pk}/invitations/withdraw",
                                              {"email": "staff_b@example.org"}, content_type="application/json")
        assert response.status_code == 403
    response = world.client("manager").post(f"/api/partnerships/{p}/trust/waves/{wave.pk}/invitations/withdraw",
                                            {"email": "staff_b@example.org"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["undo_until"]
    beta = next(r for r in services.progress_by_organisation(wave) if r["organisation"] == "Beta Trust")
    assert beta["invited"] == 1
    again = world.client("manager").post(f"/api/partnerships/{p}/trust/waves/{wave.pk}/invitations/withdraw",
                                         {"email": "staff_b@example.org"}, content_type="application/json")
    assert again.status_code == 422 and "withdrawn already" in again.json()["detail"]
    with pytest.raises(ValidationError, match="Nobody was invited"):
        corrections.invitation_withdraw(actor=None, wave=wave, email="nobody@example.org")
