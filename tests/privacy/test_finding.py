"""Found by e-mail or account: a person's work address (on their Person row) and the address they sign in
with may differ. Asked for by either, the erasure and the copy reach both: the account linked to the Person
row, and what that account did in the scope."""

from accord.accounts.models import User
from accord.core.audit import log_action
from accord.core.models import AuditEntry
from accord.partners.models import Person
from accord.privacy import engine, services


def _work_address(world):
    person = world.people["staff_a"]
    Person.objects.filter(pk=person.pk).update(email="s.a@work.example")
    log_action(world.users["staff_a"], "test.did", world.partnership, {})
    return person


def test_a_managers_erasure_by_the_work_address_reaches_what_their_account_did_here(world):
    person = _work_address(world)
    services.erase(actor=world.users["manager"], partnership=world.partnership, email="s.a@work.example",
                   reason="asked")
    assert not AuditEntry.objects.filter(action="test.did").exclude(actor=None).exists()
    assert not Person.objects.get(pk=person.pk).user_id
    assert User.objects.filter(pk=world.users["staff_a"].pk).exists()  # the account is the site's


def test_a_site_erasure_by_the_work_address_closes_their_account(world):
    _work_address(world)
    subject = engine.find(email="s.a@work.example")
    assert world.users["staff_a"].pk in subject.user_ids and world.users["staff_a"].email in subject.emails
    admin = User.objects.create_superuser("root@site.example", "pw-root-1234")
    services.erase(actor=admin, site=True, email="s.a@work.example", reason="asked")
    assert not User.objects.filter(pk=world.users["staff_a"].pk).exists()
