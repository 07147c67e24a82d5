"""The demo tells the health story: the leader change as events, a warning fired and acknowledged,
a completed handover, monthly snapshots, and a funders' view with several partnerships."""

from django.core.management import call_command
from django.test import Client

from accord.accounts.models import User
from accord.demo import partnership as demo
from accord.health.models import Alert, ChangeEvent, Handover, HealthSnapshot
from accord.partners.models import Partnership


def test_the_demo_health_story(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("demo")
    p = Partnership.objects.get(name=demo.NAME)
    kinds = set(ChangeEvent.objects.filter(partnership=p).values_list("kind", flat=True))
    assert {"leader_left", "leader_arrived"} <= kinds
    assert Alert.objects.filter(partnership=p, acknowledged_at__isnull=False).exists()
    handover = Handover.objects.get(partnership=p, leaving__name="Dr Grace Adeyemi")
    assert handover.completed_at is not None and handover.incoming.name == "Tom Reyes"
    assert HealthSnapshot.objects.filter(partnership=p).count() == 37
    client = Client()
    client.force_login(User.objects.get(email="funder@lantern.example"))
    page = client.get("/funders/").content.decode()
    assert demo.NAME in page and "Riverside Family Safety Network" in page and "Valley Youth Futures" in page
