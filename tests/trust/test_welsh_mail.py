"""Survey e-mails in the invitee's language, over real SMTP: the language they answered in is remembered and
their reminder comes in it; a partnership whose language is Welsh invites in Welsh; the survey's Welsh name
and introduction show there, the English when no Welsh was written."""

import datetime as dt

from django.utils import translation

from accord.trust import tasks
from accord.trust.models import Invitation

from .conftest import answer, invitation, open_wave


def test_the_invitation_goes_in_the_partnerships_language_with_the_welsh_introduction(world, smtp):
    world.partnership.language = "cy"
    world.partnership.save()
    wave = open_wave(world, invite="leaders", confidentiality="confidential")
    wave.introduction, wave.introduction_cy = "Thank you for your time.", "Diolch am eich amser."
    wave.save()
    tasks.send_invitations(wave.pk)
    message = smtp.to("leader_b@example.org")[0]
    assert message["Subject"] == f"{world.partnership.name}: eich barn am y bartneriaeth"
    text = smtp.text(message)
    assert "Mae'r arolwg hwn yn GYFRINACHOL" in text and "Diolch am eich amser." in text
    assert "Eich dolen bersonol" in text and "/survey/" in text
    assert "Thank you for your time." not in text and "CONFIDENTIAL:" not in text


def test_the_language_they_answer_in_is_remembered_for_their_reminder(world, smtp, settings):
    settings.TRUST_REMINDER_DAYS = 7
    wave = open_wave(world, invite="leaders", name="Spring survey")
    wave.name_cy = "Arolwg y gwanwyn"
    wave.save()
    wave.invitations.update(sent_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=8))
    welsh = invitation(wave, "leader_b@example.org")
    with translation.override("cy"):  # they answer on the survey pages in Welsh, not finishing
        answer(welsh, world.org_a)
    assert Invitation.objects.get(pk=welsh.pk).language == "cy"
    tasks.send_reminders()
    [cy] = smtp.to("leader_b@example.org")
    assert cy["Subject"].startswith("Nodyn atgoffa: mae Arolwg y gwanwyn yn cau ar ")
    assert "Arolwg y gwanwyn" in smtp.text(cy) and "dydych chi ddim wedi'i orffen eto" in smtp.text(cy)
    [en] = smtp.to("leader_a@example.org")  # never answered: the partnership's language, English
    assert en["Subject"].startswith("Reminder: Spring survey closes on ")
    assert "you have not finished it yet" in smtp.text(en)
