"""The DCAT-AP catalogue of the open data, for data.gouv.fr (uData) and CKAN harvesters.

Each table of the territory is a dcat:Dataset with its CSV and JSON files as
distributions; each démarche is a dcat:Dataset whose distributions are its own
files. Served as JSON-LD (/donnees/catalog.jsonld) and Turtle (/donnees/catalog.ttl).
"""

from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from parlons.core.models import Territory
from parlons.core.public_url import absolute_url
from parlons.opendata.models import LICENCE_URLS
from parlons.opendata.package import attachments_of, available, file_path, licence_of
from parlons.processes.queries import public_processes

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
FILE_TYPES = Namespace("http://publications.europa.eu/resource/authority/file-type/")
LANGUAGES = Namespace("http://publications.europa.eu/resource/authority/language/")
MEDIA_TYPES = {"csv": "text/csv", "json": "application/json"}
CONTEXT = {
    "dcat": str(DCAT),
    "dct": str(DCTERMS),
    "foaf": str(FOAF),
    "vcard": str(VCARD),
    "spdx": str(SPDX),
    "xsd": str(XSD),
}


def _date(value: str) -> Literal:
    return Literal(datetime.fromisoformat(value).isoformat(), datatype=XSD.dateTime)


def catalog_graph(territory: Territory | None) -> Graph:
    graph = Graph()
    for prefix, namespace in CONTEXT.items():
        graph.bind(prefix, namespace)
    name = territory.name if territory else "Parlons"
    home = absolute_url(reverse("opendata:index"))
    catalog = URIRef(absolute_url(reverse("opendata:catalog_jsonld")))
    licence = URIRef(LICENCE_URLS[licence_of(territory)])
    publisher = URIRef(absolute_url("/") + "#territoire")
    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, FOAF.name, Literal(name, lang="fr")))
    contact = BNode()
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(name)))
    if territory and territory.contact_email:
        graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{territory.contact_email}")))

    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add((catalog, DCTERMS.title, Literal(_("Données ouvertes de %s") % name, lang="fr")))
    graph.add(
        (
            catalog,
            DCTERMS.description,
            Literal(
                _(
                    "Les données des démarches de participation de %s : textes publiés "
                    "(données personnelles masquées), réactions, réunions, comptes rendus."
                )
                % name,
                lang="fr",
            ),
        )
    )
    graph.add((catalog, DCTERMS.publisher, publisher))
    graph.add((catalog, FOAF.homepage, URIRef(home)))
    graph.add((catalog, DCTERMS.license, licence))
    graph.add((catalog, DCTERMS.language, LANGUAGES.FRA))

    def add_distribution(dataset_node, dataset, extension, entry, process, attachment=None) -> None:
        url = URIRef(absolute_url(file_path(dataset, extension, process)))
        title = attachment.title if attachment else dataset.title
        description = attachment.description if attachment else dataset.description
        media_type = attachment.media_type if attachment else MEDIA_TYPES[extension]
        file_type = (attachment.format or "TXT") if attachment else extension.upper()
        node = URIRef(f"{url}#distribution")
        graph.add((dataset_node, DCAT.distribution, node))
        graph.add((node, RDF.type, DCAT.Distribution))
        graph.add((node, DCAT.accessURL, url))
        graph.add((node, DCAT.downloadURL, url))
        graph.add((node, DCTERMS.title, Literal(f"{title} ({extension.upper()})", lang="fr")))
        graph.add((node, DCTERMS.description, Literal(str(description), lang="fr")))
        graph.add((node, DCTERMS.license, licence))
        graph.add((node, DCTERMS.format, FILE_TYPES[file_type]))
        graph.add(
            (
                node,
                DCAT.mediaType,
                URIRef(f"http://www.iana.org/assignments/media-types/{media_type}"),
            )
        )
        graph.add((node, DCAT.byteSize, Literal(entry["bytes"], datatype=XSD.nonNegativeInteger)))
        graph.add((node, DCTERMS.modified, _date(entry["modified"])))
        checksum = BNode()
        graph.add((node, SPDX.checksum, checksum))
        graph.add((checksum, RDF.type, SPDX.Checksum))
        graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        graph.add((checksum, SPDX.checksumValue, Literal(entry["sha256"], datatype=XSD.hexBinary)))

    def describe(node, title, description, landing) -> None:
        graph.add((catalog, DCAT.dataset, node))
        graph.add((node, RDF.type, DCAT.Dataset))
        graph.add((node, DCTERMS.title, Literal(str(title), lang="fr")))
        graph.add((node, DCTERMS.description, Literal(str(description), lang="fr")))
        graph.add((node, DCTERMS.publisher, publisher))
        graph.add((node, DCAT.contactPoint, contact))
        graph.add((node, DCAT.landingPage, URIRef(landing)))
        graph.add((node, DCTERMS.identifier, Literal(str(node))))
        graph.add((node, DCTERMS.language, LANGUAGES.FRA))
        graph.add((node, DCAT.keyword, Literal(_("participation citoyenne"), lang="fr")))

    for dataset, csv_entry, json_entry in available(None):
        node = URIRef(f"{home}#{dataset.name}")
        describe(node, dataset.title, dataset.description, home)
        for extension, entry in (("csv", csv_entry), ("json", json_entry)):
            add_distribution(node, dataset, extension, entry, None)
    for process in public_processes().order_by("created_at", "pk"):
        files = available(process)
        if not files:
            continue
        landing = absolute_url(reverse("opendata:process_index", args=[process.slug]))
        node = URIRef(f"{landing}#demarche")
        describe(
            node,
            _("Démarche « %s » : données de la participation") % process.title,
            process.summary or process.title,
            landing,
        )
        for dataset, csv_entry, json_entry in files:
            for extension, entry in (("csv", csv_entry), ("json", json_entry)):
                add_distribution(node, dataset, extension, entry, process)
        for dataset, attachment, entry in attachments_of(process):
            add_distribution(node, dataset, attachment.extension, entry, process, attachment)
    return graph
