"""The migration that gives every Person a partnership keeps every record: a person of an organisation
in two partnerships is copied, and each partnership's rows point at its own copy."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("partners", "0002_organisation_messages_and_order")]
AFTER = [("partners", "0005_person_partnership_required")]


def _migrate(partners):
    """Every other app at its latest migration, partners at `partners`."""
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    later = {n for n in graph.nodes if n[0] == "partners"} - set(graph.forwards_plan(partners[0]))
    targets = []
    for leaf in graph.leaf_nodes():
        if leaf[0] == "partners":
            continue
        # an app that grew after partners (a migration of it needs a later partners one) goes back
        # to its last migration that does not, or to nothing at all
        node = leaf
        while node and later & set(graph.forwards_plan(node)):
            parents = [n for n in graph.node_map[node].parents if n[0] == node[0]]
            node = parents[0] if parents else None
        targets.append(node or (leaf[0], None))
    targets += partners
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


@pytest.fixture
def latest_schema_after(transactional_db):
    """Migrates every app forward again after the test (before the database is emptied for the next one):
    the tests that follow in this process need today's schema, whichever order they come in."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_a_person_shared_by_two_partnerships_is_copied_and_each_reference_follows_its_partnership(
        latest_schema_after):
    apps = _migrate(BEFORE)
    Partnership = apps.get_model("partners", "Partnership")
    Organisation = apps.get_model("partners", "Organisation")
    Membership = apps.get_model("partners", "Membership")
    Person = apps.get_model("partners", "Person")
    User = apps.get_model("accounts", "User")
    Commitment = apps.get_model("charter", "Commitment")
    Series = apps.get_model("governance", "MeetingSeries")
    start = dt.date(2024, 1, 1)
    p1 = Partnership.objects.create(name="One", purpose="x", start_date=start)
    p2 = Partnership.objects.create(name="Two", purpose="y", start_date=start)
    shared = Organisation.objects.create(name="Shared", kind="charity")
    only = Organisation.objects.create(name="Only in two", kind="charity")
    lonely = Organisation.objects.create(name="In none", kind="charity")
    for p, org in ((p1, shared), (p2, shared), (p2, only)):
        Membership.objects.create(partnership=p, organisation=org, joined=start)
    user = User.objects.create(email="sam@example.org", password="!")
    sam = Person.objects.create(organisation=shared, name="Sam", email="sam@example.org", start_date=start, user=user)
    ola = Person.objects.create(organisation=only, name="Ola", start_date=start)
    Person.objects.create(organisation=lonely, name="Nobody uses me", start_date=start)
    c1 = Commitment.objects.create(partnership=p1, owner=shared, person=sam, title="A", made_on=start, due=start)
    c2 = Commitment.objects.create(partnership=p2, owner=shared, person=sam, title="B", made_on=start, due=start)
    series = Series.objects.create(partnership=p2, title="Board", rrule="FREQ=MONTHLY", starts_on=start)
    series.extra_attendees.add(sam)

    apps = _migrate(AFTER)
    Person = apps.get_model("partners", "Person")
    Commitment = apps.get_model("charter", "Commitment")
    Series = apps.get_model("governance", "MeetingSeries")
    sams = {p.partnership_id: p for p in Person.objects.filter(name="Sam")}
    assert set(sams) == {p1.pk, p2.pk}  # one record per partnership, same account, same facts
    assert {p.user_id for p in sams.values()} == {user.pk} and {p.email for p in sams.values()} == {"sam@example.org"}
    assert Commitment.objects.get(pk=c1.pk).person_id == sams[p1.pk].pk
    assert Commitment.objects.get(pk=c2.pk).person_id == sams[p2.pk].pk
    assert list(Series.objects.get(pk=series.pk).extra_attendees.values_list("pk", flat=True)) == [sams[p2.pk].pk]
    assert Person.objects.get(pk=ola.pk).partnership_id == p2.pk
    assert not Person.objects.filter(name="Nobody uses me").exists()
