import pytest

from parlons.conftest import login_staff

pytestmark = pytest.mark.django_db


def test_the_places_page_shows_the_places_on_the_shared_map_and_in_a_list(client, organiser, place):
    login_staff(client, organiser)
    page = client.get("/demarches/equipe/lieux/").content.decode()
    assert (
        f'<a href="/demarches/equipe/lieux/{place.pk}/" aria-label="1. Médiathèque du Port, '
        in page
    )
    assert 'class="territory-map-list"' in page
    assert (
        f'<li value="1"><a href="/demarches/equipe/lieux/{place.pk}/">Médiathèque du Port</a>'
        in page
    )
