"""The charter in Welsh: the manager writes each section in both languages; a reader of Welsh sees the Welsh
where it is written and the English elsewhere; the Welsh is part of the signed text, so changing it alone
makes a new version; the API carries it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from accord.charter import services
from accord.charter.models import CharterVersion
from accord.charter.views import _sections


def _welsh(world, **extra):
    return services.version_create(actor=world.users["manager"], partnership=world.partnership,
                                   mission="Stop abuse at source.", vision="Every family safe.",
                                   mission_cy="Atal camdriniaeth yn ei gwraidd.", **extra)


def test_a_reader_of_welsh_sees_the_welsh_where_written_and_the_english_elsewhere(world):
    version = _welsh(world)
    with translation.override("cy"):
        assert dict(_sections(version)) == {"Gweledigaeth": "Every family safe.",
                                            "Cenhadaeth": "Atal camdriniaeth yn ei gwraidd."}
    with translation.override("en"):
        assert dict(_sections(version))["Mission"] == "Stop abuse at source."


def test_changing_only_the_welsh_makes_a_new_version_and_the_same_text_is_refused(world):
    first = _welsh(world)
    with pytest.raises(ValidationError, match="Nothing has changed"):
        _welsh(world)
    second = _welsh(world, vision_cy="Pob teulu'n ddiogel.")
    assert second.number == first.number + 1 and second.vision_cy == "Pob teulu'n ddiogel."


def test_the_edit_page_and_the_api_carry_the_welsh(world):
    _welsh(world)
    manager = world.client("manager")
    page = manager.get(f"/p/{world.partnership.pk}/charter/edit/").content.decode()
    assert 'name="mission_cy"' in page and "Atal camdriniaeth yn ei gwraidd." in page
    response = manager.post(f"/api/partnerships/{world.partnership.pk}/charter/versions",
                            {"mission": "Stop abuse at source.", "roles_cy": "Mae Alpha yn arwain."},
                            content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["roles_cy"] == "Mae Alpha yn arwain." and response.json()["mission_cy"] == ""
    assert CharterVersion.objects.get(partnership=world.partnership, number=2).roles_cy == "Mae Alpha yn arwain."


def test_a_leader_whose_account_reads_welsh_is_reminded_in_welsh(world, draft, smtp):
    """The account's own language (User.language) chooses the reminder's, over the partnership's English."""
    from django.utils import timezone

    from accord.charter.models import CharterVersion

    leader_b = world.users["leader_b"]
    leader_b.language = "cy"
    leader_b.save(update_fields=["language"])
    services.signoff_record(actor=world.users["leader_a"], version=draft)
    CharterVersion.objects.filter(pk=draft.pk).update(created_at=timezone.now() - dt.timedelta(days=7))
    assert services.signoff_reminders(today=timezone.localdate()) == 1
    [message] = smtp.messages
    assert message["Subject"] == (f"Llofnodwch fersiwn {draft.number} o siarter {world.partnership.name}, "
                                  "os gwelwch yn dda")
    assert "wedi bod yn aros 7 diwrnod i Beta Trust ei llofnodi" in smtp.text(message)
