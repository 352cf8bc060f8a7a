"""The data charter holds in code: every personal-looking field is declared."""

import re

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import translation

from parlons.core.charter import declarations, not_personal

PERSONAL_NAME = re.compile(
    r"(^|_)(name|email|mail|address|adresse|phone|telephone|mobile|ip|ip_address|birth|birthdate|"
    r"latitude|longitude|lat|lon|lng|coordinates|pseudonym|body|text|comment|message|note|minutes|"
    r"author|user|person|participant|voter|contact|consent|signature|age|sex|gender)(_|$)"
)
PERSONAL_TYPES = (models.EmailField, models.GenericIPAddressField, models.TextField)


def looks_personal(field) -> bool:
    if isinstance(field, PERSONAL_TYPES):
        return True
    if isinstance(field, models.ForeignKey | models.OneToOneField):
        return field.related_model._meta.label == settings.AUTH_USER_MODEL
    return bool(PERSONAL_NAME.search(field.name))


def parlons_fields():
    for model in apps.get_models():
        if not model.__module__.startswith("parlons."):
            continue
        for field in model._meta.concrete_fields:
            if field.primary_key:
                continue
            yield f"{model._meta.label}.{field.name}", field


def test_every_personal_looking_field_is_declared_or_explained():
    declared = {item.key for item in declarations()}
    explained = set(not_personal())
    undeclared = sorted(
        key
        for key, field in parlons_fields()
        if looks_personal(field) and key not in declared and key not in explained
    )
    assert undeclared == [], (
        "These fields look personal: declare them in their app's privacy.py "
        "(PERSONAL_DATA) or explain in NOT_PERSONAL why they are not: " + ", ".join(undeclared)
    )


def test_declarations_name_real_fields_and_say_everything():
    for item in declarations():
        model = apps.get_model(item.model)
        model._meta.get_field(item.field)  # raises if the field does not exist
        for attribute in ("category", "purpose", "legal_basis", "retention", "visible_to"):
            assert str(getattr(item, attribute)).strip(), f"{item.key}: {attribute} is empty"


def test_the_heuristic_catches_a_personal_field_left_undeclared():
    field = models.CharField(name="phone_number", max_length=20)
    assert looks_personal(field)
    assert looks_personal(models.TextField(name="anything"))
    assert not looks_personal(models.PositiveIntegerField(name="position"))


@pytest.mark.django_db
def test_register_page_lists_every_declaration(client):
    response = client.get("/confidentialite/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Registre des traitements" in page
    for item in declarations():
        assert str(item.purpose) in page.replace("&#x27;", "'"), item.key


def test_every_declared_field_has_a_name_of_its_own():
    """Django names a field without verbose_name after its attribute ("user"): not for the register."""
    with translation.override("fr"):
        unnamed = sorted(
            item.key
            for item in declarations()
            if not item.label
            and str(apps.get_model(item.model)._meta.get_field(item.field).verbose_name)
            == item.field.replace("_", " ")
        )
    assert unnamed == [], (
        "Give these fields a French verbose_name (gettext_lazy), translated in the app's "
        "catalogue, so that the register does not show their attribute name: " + ", ".join(unnamed)
    )
