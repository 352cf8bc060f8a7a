"""A questionnaire used as an inventory: each answer becomes a draft initiative, once."""

import pytest

from parlons.conftest import login_staff
from parlons.core.models import AuditEntry
from parlons.initiatives import services
from parlons.initiatives.models import Initiative, InventoryMapping
from parlons.processes import inventories
from parlons.questionnaires import services as questionnaires
from parlons.questionnaires.models import Question

pytestmark = pytest.mark.django_db

ANSWERS = (
    "q1;q2;q3;q4;q5;q6;consentement\n"
    "Fablab du port;Mairie de Port-Vallon;Un atelier partagé;expérimentation;Port-Vallon;"
    "Tiers-lieu|Mobilité;oui\n"
    "Navette;Association Rives en Route;Une navette à la demande;en service;Sainte-Aube;;oui\n"
)


@pytest.fixture
def inventory(organiser, make_process, communes, categories):
    process = make_process()
    questionnaire = questionnaires.create_questionnaire(
        actor=organiser, process=process, title="Inventaire des projets"
    )
    section = questionnaires.add_section(
        actor=organiser, questionnaire=questionnaire, title="Votre projet"
    )
    for kind, wording, choices in (
        (Question.Kind.SHORT_TEXT, "Nom du projet", ""),
        (Question.Kind.SHORT_TEXT, "Structure", ""),
        (Question.Kind.LONG_TEXT, "En deux phrases", ""),
        (Question.Kind.SINGLE, "Où en est-il ?", "idée\nexpérimentation\nen service"),
        (Question.Kind.COMMUNE, "Commune", ""),
        (Question.Kind.MULTIPLE, "Thèmes", "Tiers-lieu\nMobilité\nSanté"),
    ):
        questionnaires.add_question(
            actor=organiser, section=section, kind=kind, wording=wording, choices_text=choices
        )
    questionnaires.import_paper_answers(
        actor=organiser, questionnaire=questionnaire, file=ANSWERS.encode(), file_name="r.csv"
    )
    return questionnaire


def test_answers_become_drafts_once_with_their_fields(
    territory, organiser, inventory, communes, categories
):
    source = inventories.source_named(territory, f"questionnaire-{inventory.pk}")
    assert (source.title, source.answers) == ("Inventaire des projets", 2)
    keys = [question.key for question in inventories.questions_of(source.key)]
    mapping = services.map_inventory(
        actor=organiser,
        territory=territory,
        source=source,
        fields=dict(
            zip(
                ["title", "organisation", "summary", "status", "commune", "categories"],
                keys,
                strict=True,
            )
        ),
        category=None,
    )
    assert services.drafts_from_inventory(actor=organiser, mapping=mapping) == 2
    fablab = Initiative.objects.get(title="Fablab du port")
    assert fablab.published_at is None
    assert (fablab.organisation, fablab.summary, fablab.status) == (
        "Mairie de Port-Vallon",
        "Un atelier partagé",
        "experimentation",
    )
    assert fablab.commune == communes["Port-Vallon"]
    assert sorted(c.name for c in fablab.categories.all()) == ["Mobilité", "Tiers-lieu"]
    assert fablab.organisation_kind == "collectivite"
    assert Initiative.objects.get(title="Navette").organisation_kind == "association"
    # Run again: no twin.
    assert services.drafts_from_inventory(actor=organiser, mapping=mapping) == 0
    assert Initiative.objects.count() == 2
    assert AuditEntry.objects.filter(action="initiatives.drafts_from_inventory").count() == 2


def test_the_staff_pages_map_a_questionnaire_and_create_the_drafts(
    client, territory, organiser, inventory
):
    login_staff(client, organiser)
    key = f"questionnaire-{inventory.pk}"
    assert (
        "Inventaire des projets" in client.get("/initiatives/equipe/inventaires/").content.decode()
    )
    first = inventories.questions_of(key)[0].key
    response = client.post(f"/initiatives/equipe/inventaires/{key}/", {"field_title": first})
    assert response.status_code == 302
    assert InventoryMapping.objects.get().fields == {"title": first}
    response = client.post(f"/initiatives/equipe/inventaires/{key}/", {"action": "drafts"})
    assert response.status_code == 302
    drafts = Initiative.objects.order_by("title")
    assert [(d.title, d.organisation, d.is_published) for d in drafts] == [
        ("Fablab du port", "À compléter", False),
        ("Navette", "À compléter", False),
    ]


def test_a_mapping_without_the_name_is_refused(client, organiser, inventory):
    login_staff(client, organiser)
    response = client.post(f"/initiatives/equipe/inventaires/questionnaire-{inventory.pk}/", {})
    assert response.status_code == 400
    assert not InventoryMapping.objects.exists()
