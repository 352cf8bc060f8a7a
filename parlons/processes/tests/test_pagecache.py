"""Anonymous visitors' public pages come from the cache until the next write."""

import pytest

from parlons.debates import services as debates
from parlons.processes import services as processes

pytestmark = pytest.mark.django_db(transaction=True)  # writes renew pages once committed


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


def test_a_second_anonymous_visit_is_served_from_the_cache(client, make_process):
    process = make_process()
    first = client.get(f"/demarches/{process.slug}/")
    second = client.get(f"/demarches/{process.slug}/")
    assert (first["X-Parlons-Cache"], second["X-Parlons-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert second["Content-Type"] == "text/html; charset=utf-8"
    assert "Content-Security-Policy" in second  # the outer middlewares still run


def test_a_write_renews_the_pages_of_its_process_and_not_the_others(client, make_process, citizen):
    process = make_process()
    other = make_process(slug="autre-demarche", title="Une autre démarche")
    listing, other_page = f"/demarches/{process.slug}/contributions/", f"/demarches/{other.slug}/"
    client.get(listing), client.get(other_page)
    debates.submit_contribution(actor=citizen, process=process, body="Un car le dimanche.")
    fresh = client.get(listing)
    assert fresh["X-Parlons-Cache"] == "miss"
    assert "Un car le dimanche." in fresh.content.decode()
    assert client.get(other_page)["X-Parlons-Cache"] == "hit"


def test_a_change_of_the_process_or_the_territory_renews_every_page(
    client, make_process, organiser, administrator, territory
):
    process = make_process()
    client.get("/demarches/"), client.get(f"/demarches/{process.slug}/")
    processes.update_process(actor=organiser, process=process, title="Nouveau titre")
    assert client.get("/demarches/")["X-Parlons-Cache"] == "miss"
    assert "Nouveau titre" in client.get(f"/demarches/{process.slug}/").content.decode()
    processes.update_territory(actor=administrator, territory=territory, name="Val d'Essai")
    assert client.get(f"/demarches/{process.slug}/")["X-Parlons-Cache"] == "miss"


def test_each_language_has_its_own_page(client, make_process):
    process = make_process()
    french = client.get(f"/demarches/{process.slug}/")
    client.cookies["django_language"] = "en"
    english = client.get(f"/demarches/{process.slug}/")
    assert english["X-Parlons-Cache"] == "miss"
    assert '<html lang="en">' in english.content.decode()
    assert '<html lang="fr">' in french.content.decode()


def test_signed_in_people_and_forms_are_never_served_from_the_cache(client, make_process, citizen):
    process = make_process()
    assert "X-Parlons-Cache" not in client.get("/compte/connexion/")
    client.force_login(citizen)
    page = client.get(f"/demarches/{process.slug}/")
    assert "X-Parlons-Cache" not in page
    assert "X-Parlons-Cache" not in client.get(f"/demarches/{process.slug}/")


def test_the_language_can_be_changed_from_a_cached_page(client, make_process):
    process = make_process()
    client.get(f"/demarches/{process.slug}/")
    page = client.get(f"/demarches/{process.slug}/")
    assert page["X-Parlons-Cache"] == "hit"
    assert "csrfmiddlewaretoken" not in page.content.decode()
    client.handler.enforce_csrf_checks = True
    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": f"/demarches/{process.slug}/"}
    )
    assert response.status_code == 302
    assert client.cookies["django_language"].value == "en"
