import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from accord.accounts import services
from accord.accounts.models import Invitation, User
from accord.partners.models import Role


def _invite(world, email="newbie@example.org", role="staff", organisation=None):
    return world.client("manager").post(f"/accounts/p/{world.partnership.pk}/invite/", {
        "email": email, "role": role, "organisation": organisation.pk if organisation else ""})


def _link_path(message) -> str:
    from tests.conftest import SmtpSink

    found = re.search(r"http://testserver(/accounts/invitations/[^\s]+/)", SmtpSink.text(message))
    assert found, "the e-mail has an invitation link"
    url = found.group(1)
    return url


def test_a_manager_invites_by_email_and_the_link_creates_the_account(world, smtp):
    response = _invite(world, organisation=world.org_b)
    assert response.status_code == 302
    [message] = smtp.to("newbie@example.org")
    assert "Test partnership" in message["Subject"]
    path = _link_path(message)

    client = Client()
    page = client.get(path)
    assert page.status_code == 200 and "Join Test partnership" in page.content.decode()
    assert not User.objects.filter(email="newbie@example.org").exists()  # GET changes nothing
    response = client.post(path, {"full_name": "New Bie", "password": "a long enough passphrase 42"})
    assert response.status_code == 302
    role = Role.objects.get(user__email="newbie@example.org")
    assert (role.role, role.organisation, role.partnership) == ("staff", world.org_b, world.partnership)
    assert client.get(f"/p/{world.partnership.pk}/people/").status_code == 200

    reused = Client().get(path)
    assert reused.status_code == 400 and "already been used" in reused.content.decode()


def test_an_existing_account_joins_when_signed_in(world, smtp):
    _invite(world, email="outsider@example.org", role="funder")
    path = _link_path(smtp.to("outsider@example.org")[0])
    client = world.client("outsider")
    assert client.post(path).status_code == 302
    assert Role.objects.get(user=world.users["outsider"], partnership=world.partnership).role == "funder"


def test_the_wrong_signed_in_account_cannot_take_an_invitation(world, smtp):
    _invite(world, email="someone@example.org")
    path = _link_path(smtp.to("someone@example.org")[0])
    client = world.client("staff_a")
    client.post(path)
    assert not Role.objects.filter(user=world.users["staff_a"], partnership=world.partnership,
                                   role="staff").exclude(organisation=world.org_a).exists()
    assert Invitation.objects.get(email="someone@example.org").accepted_at is None


def test_an_expired_invitation_is_refused(world, smtp):
    _invite(world)
    path = _link_path(smtp.to("newbie@example.org")[0])
    Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = Client().get(path)
    assert response.status_code == 400 and "expired" in response.content.decode()


@pytest.mark.parametrize("tamper", [lambda p: p[:-3] + "xx/", lambda p: "/accounts/invitations/forged/"])
def test_a_forged_link_is_refused(world, smtp, tamper):
    _invite(world)
    response = Client().get(tamper(_link_path(smtp.to("newbie@example.org")[0])))
    assert response.status_code == 400 and "not valid" in response.content.decode()


def test_a_weak_password_is_refused_and_nothing_is_saved(world, smtp):
    _invite(world)
    path = _link_path(smtp.to("newbie@example.org")[0])
    response = Client().post(path, {"full_name": "X", "password": "short"})
    assert response.status_code == 200 and "too short" in response.content.decode()
    assert not User.objects.filter(email="newbie@example.org").exists()
    assert Invitation.objects.get().accepted_at is None


def test_inviting_someone_already_in_the_partnership_says_so(world, smtp):
    response = _invite(world, email="leader_b@example.org")
    assert "already has access" in response.content.decode()
    assert not Invitation.objects.exists() and not smtp.messages


def test_only_managers_invite(world):
    response = world.client("leader_a").post(f"/accounts/p/{world.partnership.pk}/invite/",
                                             {"email": "x@example.org", "role": "manager"})
    assert response.status_code == 403 and not Invitation.objects.exists()


def test_a_withdrawn_invitation_cannot_be_used(world, smtp):
    _invite(world)
    invitation = Invitation.objects.get()
    services.invitation_revoke(actor=world.users["manager"], invitation=invitation)
    response = Client().get(_link_path(smtp.to("newbie@example.org")[0]))
    assert response.status_code == 400 and "withdrawn" in response.content.decode()


def test_an_address_that_already_has_an_account_must_sign_in_first(world, smtp):
    _invite(world, email="outsider@example.org")
    path = _link_path(smtp.to("outsider@example.org")[0])
    response = Client().post(path, {"full_name": "Someone", "password": "a long enough passphrase 42"})
    assert "already exists. Sign in first" in response.content.decode()
    assert not Role.objects.filter(user=world.users["outsider"], partnership=world.partnership).exists()


def test_accepting_links_the_account_to_the_person_on_record(world, smtp):
    from accord.partners.models import Person

    recorded = Person.objects.create(partnership=world.partnership, organisation=world.org_b, name="Bea Leader", seniority="senior_leader",
                                     email="Bea@Example.org")
    _invite(world, email="bea@example.org", role="leader", organisation=world.org_b)
    Client().post(_link_path(smtp.to("bea@example.org")[0]), {"full_name": "Bea L",
                                                               "password": "a long enough passphrase 42"})
    recorded.refresh_from_db()
    assert recorded.user == User.objects.get(email="bea@example.org")


def test_accepting_adds_the_person_when_none_is_on_record(world, smtp):
    from accord.partners.models import Person

    _invite(world, email="newbie@example.org", role="leader", organisation=world.org_b)
    Client().post(_link_path(smtp.to("newbie@example.org")[0]), {"full_name": "New Bie",
                                                                  "password": "a long enough passphrase 42"})
    person = Person.objects.get(email="newbie@example.org")
    assert (person.organisation, person.seniority, person.name) == (world.org_b, "senior_leader", "New Bie")
