"""Personal links by e-mail when a wave opens, and reminders to those who have not finished."""

import datetime as dt
import re

from django.utils import timezone

from accord.trust import tasks
from accord.trust.models import Invitation

from .conftest import answer, invitation, open_wave


def test_each_invited_person_gets_a_working_personal_link(world, smtp, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        wave = open_wave(world, invite="leaders", send=True, confidentiality="confidential")
    assert sorted(m["To"] for m in smtp.messages) == ["leader_a@example.org", "leader_b@example.org"]
    text = smtp.text(smtp.to("leader_b@example.org")[0])
    assert "CONFIDENTIAL" in text and "minutes" in text
    link = re.search(r"http://testserver(/survey/\S+/)", text).group(1)
    page = client.get(link).content.decode()
    assert "You answer for <strong>Beta Trust</strong>" in page
    assert Invitation.objects.filter(wave=wave, sent_at__isnull=True).count() == 0


def test_reminders_go_only_to_those_not_finished_and_not_too_often(world, smtp, settings):
    settings.TRUST_REMINDER_DAYS = 7
    wave = open_wave(world, invite="leaders")
    long_ago = timezone.now() - dt.timedelta(days=8)
    wave.invitations.update(sent_at=long_ago)
    done = invitation(wave, "leader_a@example.org")
    answer(done, world.org_b)
    from accord.trust import services

    services.response_finish(invitation=done)
    tasks.send_reminders()
    assert [m["To"] for m in smtp.messages] == ["leader_b@example.org"]
    assert "Reminder" in smtp.messages[0]["Subject"]
    assert "/survey/" in smtp.text(smtp.messages[0])
    tasks.send_reminders()  # a second run the same day sends nothing more
    assert len(smtp.messages) == 1
    Invitation.objects.filter(email="leader_b@example.org").update(reminded_at=long_ago)
    tasks.send_reminders()
    assert len(smtp.messages) == 2
    Invitation.objects.filter(email="leader_b@example.org").update(reminded_at=long_ago)
    tasks.send_reminders()  # at most TRUST_MAX_REMINDERS (2)
    assert len(smtp.messages) == 2


def test_no_reminders_for_a_closed_wave(world, smtp):
    from accord.trust import services

    wave = open_wave(world, invite="leaders")
    wave.invitations.update(sent_at=timezone.now() - dt.timedelta(days=30))
    services.wave_close(actor=world.users["manager"], wave=wave)
    tasks.send_reminders()
    assert smtp.messages == []
