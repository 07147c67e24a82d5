"""The register of personal data covers every model that holds it, and docs/privacy.md is its copy.

Detection rule (accord.core.personal): an EmailField, a GenericIPAddressField, a foreign key or
many-to-many to the user model or to partners.Person, or a field named in PERSONAL_NAMES."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

from accord.core.personal import EXEMPT, PERSONAL_NAMES, REGISTER, Declaration, Erase, Find, declarations
from accord.partners.models import Person
from accord.privacy.register_doc import COMMAND, DOC, render


def _flagged(model):
    user = get_user_model()
    out = []
    for f in model._meta.get_fields():
        if f.auto_created and not f.concrete:
            continue  # reverse relations
        if isinstance(f, (models.EmailField, models.GenericIPAddressField)) or f.name in PERSONAL_NAMES or (
                f.is_relation and f.related_model in (user, Person)):
            out.append(f.name)
    return out


def undeclared():
    missing = []
    for model in apps.get_models():
        label = model._meta.label_lower
        decl = REGISTER.get(label)
        for name in _flagged(model):
            if not (decl and name in decl.fields) and name not in EXEMPT.get(label, {}):
                missing.append(f"{model._meta.label}.{name}")
    return missing


def test_every_model_with_a_personal_field_is_declared():
    assert undeclared() == [], "declare these in the app's personal_data.py (or exempt them, saying why)"


def test_the_rule_catches_a_model_that_is_not_declared():
    decl = REGISTER.pop("charter.signoff")
    try:
        assert "charter.Signoff.person_name" in undeclared()
        assert "charter.Signoff.person" in undeclared()
    finally:
        REGISTER["charter.signoff"] = decl


def test_each_declaration_names_real_fields_and_lookups():
    for d in declarations():
        model = d.model_class()
        for name in d.fields:
            model._meta.get_field(name)
        for path in list(d.subject) + (d.partnership.split("|") if d.partnership else []):
            model._default_manager.filter(**{path: None})  # raises FieldError for a path that does not exist
        assert d.purpose and d.who and d.retention


def test_a_declaration_is_a_plain_value():
    d = Declaration(model="x.Y", fields={"a": Erase.KEEP}, purpose="p", basis="contract", who="w", retention="r",
                    subject={"a": Find.USER})
    assert d.app_label == "x"


def test_docs_privacy_md_is_up_to_date():
    assert DOC.read_text(encoding="utf-8") == render(), f"docs/privacy.md is stale: run `{COMMAND}`"
