"""The searchable picker (issue 21): a choice among thousands of organisations or people is a text box with
suggestions past ACCORD_PICKER_MAX choices, a plain select at or under it, and either way refuses an id or a
name from another partnership with a clear message, as it refuses one that exists nowhere."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms

from accord.charter.forms import CommitmentForm
from accord.governance.forms import ActionForm
from accord.lib.formfields import PickerChoiceField, PickerMultipleChoiceField
from accord.library.forms import TermsForm
from accord.partners.models import Membership, Organisation, Person

pytestmark = pytest.mark.django_db

REFUSED_ORG = "Choose an organisation of this partnership from the list."
REFUSED_PERSON = "Choose a person of this partnership from the list."


def _commitment(world, **data):
    base = {"title": "A promise", "made_on": "2024-02-01", "due": "2030-01-01", "status": "open"}
    return CommitmentForm({**base, **data}, partnership=world.partnership)


@pytest.fixture
def long_lists(settings):
    settings.ACCORD_PICKER_MAX = 1  # the world's two member organisations are already "long"


def test_a_short_list_stays_a_select(world, settings):
    settings.ACCORD_PICKER_MAX = 50
    form = _commitment(world)
    assert not isinstance(form.fields["owner"], PickerChoiceField)
    assert isinstance(form.fields["owner"].widget, forms.Select)
    assert "<option" in str(form["owner"])


def test_a_long_list_is_a_text_box_with_no_options(world, long_lists):
    form = CommitmentForm(partnership=world.partnership)
    assert isinstance(form.fields["owner"], PickerChoiceField)
    html = str(form["owner"])
    assert 'name="owner_q"' in html and f'data-picker="/p/{world.partnership.pk}/pick/organisations/"' in html
    assert "<option" not in html and "Alpha Charity" not in html
    assert 'id="id_owner"' in html  # the field's label points at the text box


def test_a_typed_name_is_found_within_the_partnership(world, long_lists):
    form = _commitment(world, owner_q="alpha", person_q="Leader A")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["owner"] == world.org_a
    assert form.cleaned_data["person"] == world.people["leader_a"]


def test_an_id_chosen_from_the_suggestions_is_taken(world, long_lists):
    form = _commitment(
        world, owner=str(world.org_b.pk), owner_q="Beta Trust", person=str(world.people["staff_b"].pk)
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["owner"] == world.org_b


@pytest.mark.parametrize("long", [True, False])
def test_an_id_from_another_partnership_is_refused_like_one_that_exists_nowhere(world, settings, long):
    settings.ACCORD_PICKER_MAX = 1 if long else 50
    outside = _commitment(world, owner=str(world.other_org.pk), person=str(world.people["outsider"].pk))
    nowhere = _commitment(world, owner="999999", person="999999")
    assert not outside.is_valid() and not nowhere.is_valid()
    assert outside.errors["owner"] == nowhere.errors["owner"] == [REFUSED_ORG]
    assert outside.errors["person"] == nowhere.errors["person"] == [REFUSED_PERSON]
    assert "Delta" not in str(outside.errors)


def test_a_name_from_another_partnership_is_not_found(world, long_lists):
    form = _commitment(world, owner_q="Delta Org", person_q="Outsider")
    assert not form.is_valid()
    assert form.errors["owner"] == ["No organisation of this partnership matches “Delta Org”."]
    assert form.errors["person"] == ["Nobody in this partnership matches “Outsider”."]


def test_a_name_matching_several_offers_them_to_choose_from(world, long_lists):
    form = _commitment(world, owner_q="a", person_q="Leader")
    assert not form.is_valid()
    assert form.errors["owner"] == ["2 organisations match “a”: choose one below."]
    html = str(form["owner"])
    assert f'type="radio" name="owner" value="{world.org_a.pk}"' in html
    assert f'value="{world.org_b.pk}"' in html and f'value="{world.other_org.pk}"' not in html


def test_the_error_summary_names_the_picker(world, long_lists):
    client = world.client("manager")
    response = client.post(
        f"/p/{world.partnership.pk}/charter/commitments/new/",
        {
            "title": "A promise",
            "made_on": "2024-02-01",
            "due": "2030-01-01",
            "status": "open",
            "owner": str(world.other_org.pk),
            "person_q": "Leader A",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html and REFUSED_ORG in html


def test_several_organisations_are_ticked_and_typed(world, long_lists):
    extra = Organisation.objects.create(name="Epsilon Centre", kind="charity")
    Membership.objects.create(partnership=world.partnership, organisation=extra, joined=dt.date(2024, 1, 1))
    form = TermsForm(
        {"audience": "named", "named_orgs": [str(world.org_b.pk)], "named_orgs_q": "epsilon; beta"},
        partnership=world.partnership,
        owner=world.org_a,
    )
    assert isinstance(form.fields["named_orgs"], PickerMultipleChoiceField)
    assert form.is_valid(), form.errors
    assert set(form.cleaned_data["named_orgs"]) == {world.org_b, extra}
    shown = TermsForm(initial={"named_orgs": [world.org_b]}, partnership=world.partnership, owner=world.org_a)
    assert f'type="checkbox" name="named_orgs" value="{world.org_b.pk}"' in str(shown["named_orgs"])


def test_several_refuse_another_partnerships_organisation(world, long_lists):
    Membership.objects.create(
        partnership=world.partnership, organisation=world.funder_org, joined=dt.date(2024, 1, 1)
    )
    form = TermsForm(
        {"audience": "named", "named_orgs": [str(world.org_b.pk), str(world.other_org.pk)]},
        partnership=world.partnership,
        owner=world.org_a,
    )
    assert not form.is_valid()
    assert form.errors["named_orgs"] == [REFUSED_ORG]


def test_people_pickers_leave_out_people_who_have_left(world, long_lists):
    Person.objects.create(
        partnership=world.partnership,
        organisation=world.org_a,
        name="Leader Gone",
        start_date=dt.date(2020, 1, 1),
        end_date=dt.date(2021, 1, 1),
    )
    form = ActionForm(
        {"title": "Do it", "due": "2030-01-01", "owner_q": "Leader Gone"}, partnership=world.partnership
    )
    assert not form.is_valid()
    assert form.errors["owner"] == ["Nobody in this partnership matches “Leader Gone”."]


def test_suggestions_come_only_from_the_partnership(world):
    url = f"/p/{world.partnership.pk}/pick/"
    manager = world.client("manager")
    assert manager.get(url + "organisations/", {"q": "alp"}).json() == {
        "results": [{"id": world.org_a.pk, "label": "Alpha Charity"}]
    }
    assert manager.get(url + "organisations/", {"q": "delta"}).json() == {"results": []}
    people = manager.get(url + "people/", {"q": "leader"}).json()["results"]
    assert {r["id"] for r in people} == {world.people["leader_a"].pk, world.people["leader_b"].pk}
    assert manager.get(url + "elsewhere/", {"q": "a"}).status_code == 404


def test_suggestions_honour_access(world):
    url = f"/p/{world.partnership.pk}/pick/"
    assert world.client("funder").get(url + "people/", {"q": "a"}).status_code == 403
    assert world.client("funder").get(url + "organisations/", {"q": "a"}).status_code == 200
    assert world.client("outsider").get(url + "organisations/", {"q": "a"}).status_code == 404
    assert world.client("anonymous").get(url + "organisations/", {"q": "a"}).status_code == 302
