import pytest

from parlons.core.models import TerritoryOutline
from parlons.demo.loader import load_demo
from parlons.initiatives.models import Initiative, MediationPlace

pytestmark = pytest.mark.django_db


def test_the_demo_has_forty_initiatives_a_dozen_places_and_an_outline(client):
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
