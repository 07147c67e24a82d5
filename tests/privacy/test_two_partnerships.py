"""Two partnerships share an organisation and a person (one account, a Person row in each): the manager
of one exports and erases only their partnership's rows."""

import datetime as dt
import json

import pytest

from accord.core.audit import log_action
from accord.partners.models import Membership, Person, Role
from accord.privacy import services

from .support import records_of


@pytest.fixture
def shared(world):
    other = world.other
    Membership.objects.create(partnership=other, organisation=world.org_a, joined=dt.date(2024, 1, 1))
    user = world.users["leader_a"]
    Role.objects.create(partnership=other, user=user, role=Role.LEADER, organisation=world.org_a)
    in_b = Person.objects.create(partnership=other, organisation=world.org_a, name=user.full_name,
                                 email=world.people["leader_a"].email, start_date=dt.date(2024, 1, 1), user=user)
    log_action(user, "test.in_b", in_b, {"who": user.full_name}, partnership=other)
    log_action(user, "test.in_a", world.people["leader_a"], {"who": user.full_name})
    # a discussion in each partnership, where the shared person comments and is named
    from accord.discussions.models import Comment, Thread

    for p in (world.partnership, other):
        thread = Thread.objects.create(partnership=p, title=f"Chaired by {user.full_name}", author=user)
        Comment.objects.create(thread=thread, author=user, body=f"{user.full_name} will write to {user.email}")
    return in_b


def test_a_managers_copy_holds_only_their_partnerships_rows(world, shared, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = services.export_request(actor=world.users["manager"], partnership=world.partnership,
                                      email=world.people["leader_a"].email)
    records = records_of(row)
    assert {r["id"] for r in records["partners.Person"]} == {world.people["leader_a"].pk}
    assert {r["partnership_id"] for r in records["core.AuditEntry"]} == {world.partnership.pk}
    assert {r["partnership_id"] for r in records["partners.Role"]} == {world.partnership.pk}
    assert "accounts.User" not in records and "accounts.ApiToken" not in records  # the site's, not theirs
    from accord.discussions.models import Thread

    ours = set(Thread.objects.filter(partnership=world.partnership).values_list("pk", flat=True))
    assert {r["thread_id"] for r in records["discussions.Comment"]} == ours
    assert {r["partnership_id"] for r in records["discussions.Thread"]} == {world.partnership.pk}


def test_a_managers_erasure_changes_only_their_partnership(world, shared):
    from accord.core.models import AuditEntry

    user = world.users["leader_a"]
    services.erase(actor=world.users["manager"], partnership=world.partnership, email=user.email, reason="asked")
    world.people["leader_a"].refresh_from_db()
    shared.refresh_from_db()
    assert world.people["leader_a"].name.startswith("Former member") and world.people["leader_a"].user is None
    assert shared.name == user.full_name and shared.user == user and shared.email  # B's record is B's
    assert not Role.objects.filter(partnership=world.partnership, user=user).exists()
    assert Role.objects.filter(partnership=world.other, user=user).exists()
    user.refresh_from_db()
    assert user.full_name  # the account is the site's: only an administrator or the person closes it
    a_entries = AuditEntry.objects.filter(partnership=world.partnership)
    assert not a_entries.filter(actor=user).exists()
    assert not any(user.full_name in json.dumps(e.data) + e.object_repr + e.actor_label for e in a_entries)
    assert AuditEntry.objects.get(action="test.in_b").actor == user
    from accord.discussions.models import Comment, Thread

    theirs = Comment.objects.get(thread__partnership=world.other)
    assert theirs.author == user and user.full_name in theirs.body and user.email in theirs.body
    assert Thread.objects.get(partnership=world.other).title == f"Chaired by {user.full_name}"
    ours = Comment.objects.get(thread__partnership=world.partnership)
    assert ours.author is None and user.full_name not in ours.body and user.email not in ours.body


def test_the_other_managers_cannot_reach_a_person_only_we_record(world):
    with pytest.raises(Exception) as exc:
        services.erase(actor=world.users["outsider"], partnership=world.other, email=world.people["staff_a"].email,
                       reason="x")
    assert "Nobody with this e-mail address" in str(exc.value)
    world.people["staff_a"].refresh_from_db()
    assert not world.people["staff_a"].name.startswith("Former member")


def test_only_a_site_administrator_works_on_the_whole_site(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.erase(actor=world.users["manager"], site=True, email=world.people["staff_a"].email, reason="x")
    assert world.client("manager").get("/privacy/site/").status_code == 404
