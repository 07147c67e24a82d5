"""Discussions speak Welsh when the page does (`?lang=cy`): headings, the proposal page's count, the
plain refusals from the services, notice kinds' labels and the to-do items; counts take Welsh plurals.
English stays the default (the other tests read the English)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import ngettext

from accord.discussions import services
from accord.notices.kinds import KINDS

from .conftest import access_of, answer, open_proposal


def _cy(client, url):
    response = client.get(url, {"lang": "cy"})
    assert response.status_code == 200
    return response.content.decode()


def test_the_pages_speak_welsh(world, thread):
    client = world.client("leader_a")
    home = _cy(client, f"/p/{world.partnership.pk}/discussions/")
    assert "<h1>Trafodaethau</h1>" in home and "Pob trafodaeth y gallwch ei gweld" in home
    assert "All discussions you can see" not in home and "Start a discussion" not in home
    page = _cy(client, thread.get_absolute_url())
    assert "<h2>Sylwadau</h2>" in page and "I'w gweld gan y bartneriaeth gyfan." in page
    assert "<h2>Comments</h2>" not in page and "Seen by the whole partnership" not in page
    proposal = open_proposal(world, thread)
    answer(world, proposal, "leader_a", stance="agree")
    page = _cy(client, proposal.get_absolute_url())
    assert "Cydsyniad (cytuno, ymatal, gwrthwynebu neu rwystro)" in page and "Cyfrif yr atebion" in page
    assert "<strong>Wedi'i dderbyn</strong> hyd yma." in page and "Cytuno" in page
    assert "<h2>Results</h2>" not in page and "Carried" not in page
    delegates = _cy(client, f"/p/{world.partnership.pk}/discussions/delegates/")
    assert "Pwy sy'n ateb ar ran pob sefydliad" in delegates and "Senior leader" not in delegates


def test_english_is_still_the_default(world, thread):
    page = world.client("leader_a").get(thread.get_absolute_url()).content.decode()
    assert "<h2>Comments</h2>" in page and "Sylwadau" not in page


def test_refusals_labels_and_todos_in_welsh(world, thread):
    with translation.override("cy"):
        with pytest.raises(ValidationError) as refused:
            services.thread_start(actor=world.users["manager"], access=access_of(world, "manager"), title="",
                                  body="x")
        assert refused.value.message_dict["title"] == ["Ysgrifennwch deitl."]
        assert str(KINDS["discussions.mentioned"].label) == "Rhywun yn eich crybwyll mewn trafodaeth"
    assert str(KINDS["discussions.mentioned"].label) == "Someone mentions you in a discussion"


@pytest.mark.parametrize(("n", "welsh"), [(1, "1 cynnig"), (2, "2 gynnig"), (3, "3 cynnig"), (8, "8 cynnig")])
def test_counts_take_welsh_plurals(n, welsh):
    with translation.override("cy"):
        assert ngettext("%(n)s proposal", "%(n)s proposals", n) % {"n": n} == welsh
