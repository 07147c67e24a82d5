"""Every record is named as a person would name it, never "Note object (2)": in the admin, in messages, and in
the audit trail, which names what changed by the record's own words."""

from django.apps import apps
from django.db import models


def test_every_model_of_accord_says_what_it_is():
    nameless = [m._meta.label for m in apps.get_models()
                if m.__module__.startswith("accord.") and m.__str__ is models.Model.__str__]
    assert nameless == []


def test_a_note_is_named_by_its_words():
    from accord.governance.models import Note

    assert str(Note(text="Ask the council   about the\nnew referral form")) == \
        "Note: Ask the council about the new referral form"
