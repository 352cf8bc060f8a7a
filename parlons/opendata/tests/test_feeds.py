"""Atom feeds of a démarche and of the territory: what was published, masked, newest first."""

from xml.etree import ElementTree

import pytest

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response) -> list[tuple[str, str]]:
    root = ElementTree.fromstring(response.content)
    return [
        (entry.findtext(f"{ATOM}title"), entry.findtext(f"{ATOM}summary") or "")
        for entry in root.iter(f"{ATOM}entry")
    ]


def test_a_process_feed_lists_contributions_answers_and_minutes(client, debate, meeting, process):
    response = client.get(f"/donnees/{process.slug}/flux.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    found = entries(response)
    titles = [title for title, _text in found]
    assert any(title.startswith("Contribution : Plus de bus") for title in titles)
    assert any(title.startswith("Réponse officielle de Claire Expert") for title in titles)
    assert "Compte rendu : Atelier mobilités" in titles
    assert len(found) == 4  # two contributions, one answer, one set of minutes


def test_the_territory_feed_joins_the_public_processes(client, debate, process, make_process):
    make_process(slug="brouillon", status="draft", title="Brouillon")
    response = client.get("/donnees/flux.atom")
    assert response.status_code == 200
    assert len(entries(response)) == 3
    assert client.get("/donnees/brouillon/flux.atom").status_code == 404
