"""The library as open data: a table of the territory, never of a démarche."""

import csv
import io
import json
from decimal import Decimal

import pytest

from parlons.opendata.exports import build_exports

pytestmark = pytest.mark.django_db


def test_published_initiatives_are_a_territory_dataset(
    client, settings, tmp_path, make_process, make_initiative
):
    settings.OPENDATA_DIR = tmp_path / "opendata"
    process = make_process()
    make_initiative(
        title="Fablab du port",
        latitude=Decimal("47.5"),
        longitude=Decimal("-1.5"),
        contact_name="Jeanne Martin",
        contact_consent=True,
    )
    make_initiative(title="Brouillon", publish=False)
    build_exports(reason="test")
    response = client.get("/donnees/initiatives.csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(row["titre"], row["categories"], row["personne_contact"]) for row in rows] == [
        ("Fablab du port", "Médiation numérique", "Jeanne Martin")
    ]
    package = client.get("/donnees/datapackage.json").json()
    assert "initiatives" in [resource["name"] for resource in package["resources"]]
    of_process = client.get(f"/donnees/{process.slug}/datapackage.json").json()
    assert "initiatives" not in [resource["name"] for resource in of_process["resources"]]
    assert "consent" not in json.dumps(package)


def test_the_api_pages_through_the_published_library(client, make_initiative):
    first = make_initiative(title="Fablab du port")
    make_initiative(title="Brouillon", publish=False)
    second = make_initiative(title="Navette", category="Mobilité")
    page = client.get("/api/v1/initiatives", {"limite": 1}).json()
    assert [item["titre"] for item in page["items"]] == ["Fablab du port"]
    assert page["items"][0]["id"] == first.pk
    rest = client.get("/api/v1/initiatives", {"limite": 1, "curseur": page["suivant"]}).json()
    assert [item["id"] for item in rest["items"]] == [second.pk]
    assert rest["suivant"] is None
    assert client.get("/api/v1/initiatives", {"limite": 0}).status_code == 422
