"""Erasure deletes the person's roles. A partnership needs a manager (removing the last one is refused
elsewhere), so closing one's own account, or an erasure, that would leave a partnership without a manager is
refused with a plain reason and nothing changes; once someone else is manager, it goes ahead."""

import time

import pytest
from django.core.exceptions import ValidationError

from accord.accounts import reauth
from accord.accounts.models import User
from accord.partners.models import Role
from accord.privacy import services
from accord.privacy.models import Erasure


def test_the_only_manager_cannot_close_their_account_until_someone_else_is_manager(world):
    manager = world.users["manager"]
    client = world.client("manager")
    session = client.session
    session[reauth.SESSION_KEY] = time.time()
    session.save()
    response = client.post("/accounts/close/", {"confirm": "on", "reason": "moving on"})
    assert response.status_code == 200 and "only manager" in response.content.decode()
    assert User.objects.filter(pk=manager.pk).exists() and not Erasure.objects.exists()
    Role.objects.filter(partnership=world.partnership, user=world.users["leader_a"]).update(role=Role.MANAGER)
    services.close_account(user=manager)
    assert not User.objects.filter(pk=manager.pk).exists()


def test_an_erasure_that_would_leave_no_manager_is_refused(world):
    admin = User.objects.create_superuser("root@site.example", "pw-root-1234")
    with pytest.raises(ValidationError, match="only manager"):
        services.erase(actor=admin, site=True, email=world.users["manager"].email, reason="asked")
    with pytest.raises(ValidationError, match="only manager"):
        services.erase(actor=world.users["manager"], partnership=world.partnership,
                       email=world.users["manager"].email, reason="asked")
    assert Role.objects.filter(partnership=world.partnership, role=Role.MANAGER).count() == 1
    assert not Erasure.objects.exists()
