from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from parlons.core.models import AuditEntry
from parlons.initiatives import services
from parlons.initiatives.models import Initiative
from parlons.initiatives.queries import Filters, filtered, published_initiatives

pytestmark = pytest.mark.django_db


def test_an_organiser_creates_a_draft_then_publishes_it_and_each_step_is_audited(
    territory, organiser, make_initiative
):
    initiative = make_initiative(publish=False)
    assert initiative.published_at is None
    assert list(published_initiatives(territory)) == []
    services.publish_initiative(actor=organiser, initiative=initiative)
    assert list(published_initiatives(territory)) == [initiative]
    services.unpublish_initiative(actor=organiser, initiative=initiative)
    assert list(published_initiatives(territory)) == []
    actions = list(
        AuditEntry.objects.filter(target_id=str(initiative.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["initiatives.create", "initiatives.publish", "initiatives.unpublish"]


def test_a_citizen_may_not_write_to_the_library(territory, citizen, make_initiative):
    with pytest.raises(PermissionDenied, match="Seule l'équipe d'organisation"):
        services.create_initiative(
            actor=citizen, territory=territory, title="x", summary="y", organisation="z"
        )
    initiative = make_initiative()
    with pytest.raises(PermissionDenied):
        services.unpublish_initiative(actor=citizen, initiative=initiative)


def test_a_contact_person_is_refused_without_their_consent_and_kept_with_it(
    make_initiative,
):
    with pytest.raises(ValidationError) as refused:
        make_initiative(contact_name="Jeanne Martin")
    assert "accord" in refused.value.message_dict["contact_name"][0]
    assert not Initiative.objects.filter(contact_name="Jeanne Martin").exists()
    initiative = make_initiative(contact_name="Jeanne Martin", contact_consent=True)
    assert initiative.contact_consent_at is not None


def test_withdrawing_consent_without_removing_the_name_is_refused(organiser, make_initiative):
    initiative = make_initiative(contact_name="Jeanne Martin", contact_consent=True)
    with pytest.raises(ValidationError):
        services.update_initiative(
            actor=organiser, initiative=initiative, contact_consent=False, title="Autre"
        )
    services.update_initiative(
        actor=organiser, initiative=initiative, contact_consent=False, contact_name=""
    )
    initiative.refresh_from_db()
    assert (initiative.contact_name, initiative.contact_consent_at) == ("", None)


def test_bad_links_coordinates_and_dates_are_refused_in_french(make_initiative):
    with pytest.raises(ValidationError) as refused:
        make_initiative(links="https://ok.example\nftp://non", latitude=Decimal("47.1"))
    assert refused.value.message_dict["links"] == [
        "Ligne 2 : une adresse commence par https:// ou http://."
    ]
    assert "longitude" in refused.value.message_dict


@pytest.mark.parametrize("query", ["mediation", "MÉDIATION", "Médiation", "  médiation  "])
def test_search_ignores_accents_and_case(territory, make_initiative, query):
    found = make_initiative(title="Point de médiation du port")
    make_initiative(title="Covoiturage", category="Mobilité", summary="Partager sa voiture.")
    assert list(filtered(published_initiatives(territory), Filters(query=query))) == [found]


def test_search_reads_the_category_commune_and_organisation(
    territory, organiser, make_initiative, categories
):
    found = make_initiative(title="Cartographie", category="Données ouvertes")
    assert list(filtered(published_initiatives(territory), Filters(query="donnees"))) == [found]
    assert list(filtered(published_initiatives(territory), Filters(query="clic co"))) == [found]
    assert list(filtered(published_initiatives(territory), Filters(query="port vallon"))) == [found]
    # Renaming a category keeps the search in step.
    services.update_category(
        actor=organiser, category=categories["Données ouvertes"], name="Open data"
    )
    assert list(filtered(published_initiatives(territory), Filters(query="open data"))) == [found]


def test_filters_combine(territory, make_initiative, communes, categories):
    a = make_initiative(title="A", status="idee")
    make_initiative(title="B", status="en_service")
    make_initiative(title="C", status="idee", commune=communes["Sainte-Aube"])
    make_initiative(title="D", status="idee", category="Mobilité")
    found = filtered(
        published_initiatives(territory),
        Filters(
            category=categories["Médiation numérique"],
            commune=communes["Port-Vallon"],
            status="idee",
        ),
    )
    assert list(found) == [a]
