"""The DCAT-AP catalogue parses as RDF and passes the DCAT-AP shapes shipped with the tests."""

from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph
from rdflib.namespace import DCAT, DCTERMS, RDF

pytestmark = pytest.mark.django_db

SHAPES = Path(__file__).with_name("dcat_ap_shapes.ttl")


@pytest.mark.parametrize(
    ("url", "rdf_format"),
    [("/donnees/catalog.jsonld", "json-ld"), ("/donnees/catalog.ttl", "turtle")],
)
def test_the_catalogue_conforms_to_dcat_ap(client, built, process, url, rdf_format):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    graph = Graph().parse(data=response.content.decode(), format=rdf_format)
    conforms, _report, text = validate(graph, shacl_graph=Graph().parse(SHAPES), inference="none")
    assert conforms, text
    catalogs = list(graph.subjects(RDF.type, DCAT.Catalog))
    assert len(catalogs) == 1
    datasets = set(graph.objects(catalogs[0], DCAT.dataset))
    titles = {str(graph.value(node, DCTERMS.title)) for node in datasets}
    assert "Contributions" in titles
    assert any(process.title in title for title in titles)
    downloads = {str(url) for url in graph.objects(None, DCAT.downloadURL)}
    assert f"https://participer.exemple.fr/donnees/{process.slug}/contributions.csv" in downloads
    assert "https://participer.exemple.fr/donnees/contributions.json" in downloads


def test_the_shapes_catch_a_distribution_without_access_url():
    broken = Graph().parse(
        data="""
        @prefix dcat: <http://www.w3.org/ns/dcat#> .
        <http://x/d> a dcat:Distribution .
        """,
        format="turtle",
    )
    conforms, _report, _text = validate(broken, shacl_graph=Graph().parse(SHAPES))
    assert not conforms
