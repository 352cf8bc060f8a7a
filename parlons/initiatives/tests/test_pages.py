from decimal import Decimal

import pytest

from parlons.conftest import login_staff
from parlons.core.models import TerritoryOutline
from parlons.initiatives.models import Initiative

pytestmark = pytest.mark.django_db

SQUARE = [[[[-2.0, 47.0], [-1.0, 47.0], [-1.0, 48.0], [-2.0, 48.0], [-2.0, 47.0]]]]


def test_the_catalogue_filters_with_a_get_form_and_hides_drafts(
    client, make_initiative, communes, categories
):
    make_initiative(title="Point de médiation du port")
    make_initiative(title="Brouillon secret", publish=False)
    make_initiative(title="Navette à la demande", category="Mobilité")
    page = client.get("/initiatives/", {"q": "mediation"}).content.decode()
    assert "Point de médiation du port" in page
    assert "Navette à la demande" not in page
    assert "Brouillon secret" not in client.get("/initiatives/").content.decode()
    page = client.get("/initiatives/", {"categorie": "mobilite"}).content.decode()
    assert "Navette à la demande" in page and "Point de médiation" not in page
    assert "1 initiative trouvée." in page


def test_an_unknown_filter_value_shows_the_whole_list_with_no_error_page(client, make_initiative):
    make_initiative()
    response = client.get("/initiatives/", {"categorie": "n-existe-pas", "page": "x"})
    assert response.status_code == 200


def test_the_catalogue_pages_through_twenty_at_a_time(client, make_initiative):
    for number in range(23):
        make_initiative(title=f"Initiative {number:02d}")
    first = client.get("/initiatives/", {"q": "initiative"}).content.decode()
    assert "Initiative 19" in first and "Initiative 20" not in first
    assert "q=initiative&amp;page=2" in first
    second = client.get("/initiatives/", {"q": "initiative", "page": 2}).content.decode()
    assert "Initiative 22" in second and "Page 2 sur 2" in second


def test_a_draft_is_not_found_by_visitors_but_previewed_by_the_team(
    client, organiser, make_initiative
):
    draft = make_initiative(title="Brouillon", publish=False)
    assert client.get(draft.get_absolute_url()).status_code == 404
    login_staff(client, organiser)
    assert (
        "Brouillon\xa0: cette initiative" in client.get(draft.get_absolute_url()).content.decode()
    )


def test_the_map_draws_points_over_the_outline_and_lists_them(client, territory, make_initiative):
    TerritoryOutline.objects.create(
        territory=territory,
        polygons=SQUARE,
        min_longitude=-2.0,
        min_latitude=47.0,
        max_longitude=-1.0,
        max_latitude=48.0,
    )
    placed = make_initiative(
        title="Fablab du port", latitude=Decimal("47.5"), longitude=Decimal("-1.5")
    )
    make_initiative(title="Sans lieu")
    page = client.get("/initiatives/carte/").content.decode()
    assert '<path class="territory-map-outline"' in page
    assert (
        f'<a href="{placed.get_absolute_url()}" aria-label="1. Fablab du port, Port-Vallon">'
        in page
    )
    assert "<title>Fablab du port</title>" in page
    assert "Initiatives sans lieu précis" in page and "Sans lieu" in page


def test_staff_create_an_initiative_from_the_page(client, organiser, categories, communes):
    login_staff(client, organiser)
    response = client.post(
        "/initiatives/equipe/nouvelle/",
        {
            "title": "Tiers-lieu des Halles",
            "summary": "Un lieu partagé.",
            "organisation": "Ville de Port-Vallon",
            "organisation_kind": "collectivite",
            "categories": [categories["Tiers-lieu"].pk],
            "commune": communes["Port-Vallon"].pk,
            "status": "experimentation",
        },
    )
    assert response.status_code == 302
    created = Initiative.objects.get(title="Tiers-lieu des Halles")
    assert created.published_at is None
    client.post(f"/initiatives/equipe/{created.pk}/publication/", {"action": "publish"})
    created.refresh_from_db()
    assert created.published_at is not None


def test_a_bad_form_keeps_what_was_typed(client, organiser, categories):
    login_staff(client, organiser)
    response = client.post(
        "/initiatives/equipe/nouvelle/",
        {
            "title": "Gardé",
            "summary": "",
            "organisation": "X",
            "status": "idee",
            "organisation_kind": "association",
            "contact_name": "Jeanne Martin",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'value="Gardé"' in page
    assert "n&#x27;est publié qu&#x27;avec son accord" in page


def test_citizens_are_refused_the_staff_pages(client, citizen):
    client.force_login(citizen)
    assert client.get("/initiatives/equipe/").status_code == 403
