import pytest

from parlons.conftest import login_staff
from parlons.core.models import TerritoryOutline
from parlons.demo.loader import load_demo
from parlons.initiatives.models import Initiative, InventoryMapping, MediationPlace
from parlons.questionnaires.models import Questionnaire

pytestmark = pytest.mark.django_db


def test_the_demo_has_forty_initiatives_a_dozen_places_an_outline_and_an_inventory(client):
    load_demo()
    assert Initiative.objects.count() == 40
    assert MediationPlace.objects.count() == 12
    assert Initiative.objects.filter(published_at__isnull=True).count() == 3
    outline = TerritoryOutline.objects.get()
    assert len(outline.polygons) == 2
    page = client.get("/initiatives/carte/").content.decode()
    assert (
        page.count('class="territory-map-point"')
        == Initiative.objects.filter(published_at__isnull=False, latitude__isnull=False).count()
    )
    assert "Le Bus numérique des Trois Rives" in page
    found = client.get("/initiatives/", {"q": "mediatheque"}).content.decode()
    assert "Espace numérique de la médiathèque des Trois Rives" in found
    _the_inventory_sent_to_communes_and_associations_fed_the_library(client)


def _the_inventory_sent_to_communes_and_associations_fed_the_library(client):
    """A dozen of the demo's initiatives are answers to an inventory, as the product makes them."""
    inventory = Questionnaire.objects.get(process__slug="inventaire-projets-numeriques")
    assert inventory.response_count == 14
    assert inventory.access_codes.filter(batch="Communes et associations").count() == 20
    mapping = InventoryMapping.objects.get(source=f"questionnaire-{inventory.pk}")
    assert {"title", "summary", "organisation", "commune", "categories", "status"} <= set(
        mapping.fields
    )
    made = Initiative.objects.filter(source=Initiative.Source.INVENTORY)
    assert made.count() == 12
    assert made.filter(published_at__isnull=False).count() == 10
    assert len(set(made.values_list("source_key", flat=True))) == 12
    defibrillators = made.get(title="Carte des défibrillateurs")
    assert defibrillators.organisation_kind == "collectivite"
    assert defibrillators.commune.name == "Saint-Aubin-des-Landes"
    assert defibrillators.status == "en_service"
    assert [c.name for c in defibrillators.categories.all()] == ["Données ouvertes"]
    assert made.get(title="Café-atelier de réparation").organisation_kind == "association"
    # Two answers came after the drafts were made: the next run makes only them.
    from parlons.accounts.models import User

    login_staff(client, User.objects.get(email="organisatrice@demo.parlons.fr"))
    url = f"/initiatives/equipe/inventaires/questionnaire-{inventory.pk}/"
    assert "14 réponses envoyées" in client.get(url).content.decode()
    client.post(url, {"action": "drafts"})
    assert made.count() == 14
