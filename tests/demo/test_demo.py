from django.core.management import call_command

from accord.demo import partnership as demo
from accord.partners.models import Organisation, Partnership, Person


def test_the_demo_loads_once_and_tells_the_story(db):
    call_command("demo")
    call_command("demo")
    assert Partnership.objects.filter(name=demo.NAME).count() == 1
    p = Partnership.objects.get(name=demo.NAME)
    national = p.memberships.filter(organisation__kind__in=["charity", "company"]).count()
    assert p.memberships.count() >= 8 and national >= 3
    ceos = Person.objects.filter(organisation__name="Change Path", seniority="senior_leader").order_by("start_date")
    assert ceos.count() == 2 and ceos[0].end_date is not None and ceos[1].start_date > ceos[0].end_date


def test_the_synthetic_generator_makes_large_partnerships(db):
    call_command("demo", organisations=50)
    p = Partnership.objects.get(name="Synthetic partnership of 50")
    assert p.memberships.count() == 50
    assert Organisation.objects.filter(memberships__partnership=p, people__seniority="senior_leader").count() == 50


def test_the_logins_are_printed(db, capsys):
    call_command("demo", logins=True)
    out = capsys.readouterr().out
    assert "manager@compass.example" in out and demo.PASSWORD in out
