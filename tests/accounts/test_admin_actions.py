"""The user admin's "reset two-factor" and "sign out of every browser" actions: only for staff who may
change accounts, never by a non-administrator on a site administrator, and a reset signs them out too."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.accounts.models import User
from accord.core.models import AuditEntry
from tests.conftest import PASSWORD


@pytest.fixture
def people(db, settings):
    settings.ACCORD_REQUIRE_2FA_FOR = []
    boss = User.objects.create_superuser("boss@example.org", PASSWORD)
    person = User.objects.create_user("person@example.org", PASSWORD)
    for user in (boss, person):
        TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return boss, person


def _staff(*codenames: str) -> Client:
    helper = User.objects.create_user(f"helper-{'-'.join(codenames)}@example.org", PASSWORD, is_staff=True)
    helper.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client = Client()
    client.force_login(helper)
    return client


def _run(client: Client, action: str, *users: User):
    return client.post("/admin/accounts/user/", {"action": action, "_selected_action": [u.pk for u in users]},
                       follow=True)


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    assert client.get("/partnerships/").status_code == 200
    return client


@pytest.mark.parametrize("action", ["reset_two_factor", "end_sessions"])
def test_view_only_staff_are_not_offered_the_actions_and_cannot_post_them(people, action):
    boss, person = people
    client = _staff("view_user")
    page = client.get("/admin/accounts/user/")
    assert page.status_code == 200 and action not in page.content.decode()
    versions = {u.pk: u.session_version for u in (boss, person)}
    _run(client, action, boss, person)
    assert TOTPDevice.objects.filter(user__in=[boss, person]).count() == 2
    assert {u.pk: u.session_version for u in User.objects.filter(pk__in=versions)} == versions
    assert not AuditEntry.objects.filter(action__startswith="accounts.").exists()


@pytest.mark.parametrize("action", ["reset_two_factor", "end_sessions"])
def test_staff_who_may_change_accounts_cannot_act_on_a_site_administrator(people, action):
    boss, person = people
    client = _staff("view_user", "change_user")
    assert action in client.get("/admin/accounts/user/").content.decode()
    version = boss.session_version
    page = _run(client, action, boss, person).content.decode()
    assert "Only a site administrator can do that" in page
    assert TOTPDevice.objects.filter(user=boss).exists()
    boss.refresh_from_db()
    assert boss.session_version == version
    assert not AuditEntry.objects.filter(object_id=str(boss.pk)).exists()
    # the other account in the same selection is dealt with
    person.refresh_from_db()
    assert person.session_version == version + 1
    assert TOTPDevice.objects.filter(user=person).exists() == (action == "end_sessions")


def test_a_reset_signs_the_person_out_of_every_browser_and_is_audited(people):
    boss, person = people
    session = _signed_in(person)
    client = _staff("view_user", "change_user")
    _run(client, "reset_two_factor", person)
    assert not TOTPDevice.objects.filter(user=person).exists()
    assert session.get("/partnerships/").status_code == 302
    assert set(AuditEntry.objects.filter(object_id=str(person.pk)).values_list("action", flat=True)) == {
        "accounts.two_factor.reset", "accounts.sessions.ended"}


def test_a_site_administrator_may_reset_another_site_administrator(people):
    boss, _ = people
    other_boss = User.objects.create_superuser("boss2@example.org", PASSWORD)
    client = Client()
    client.force_login(other_boss)
    page = _run(client, "reset_two_factor", boss).content.decode()
    assert "Two-factor sign-in reset" in page
    assert not TOTPDevice.objects.filter(user=boss).exists()
    assert AuditEntry.objects.get(action="accounts.two_factor.reset").actor == other_boss
