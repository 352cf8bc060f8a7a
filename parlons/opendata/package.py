"""Descriptions of the published files: Frictionless data packages and the DCAT-AP catalogue.

Both are written from the same declarations (parlons.core.datasets) and the
same manifest as the files, so a column is documented once.
"""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from parlons.core.datasets import Attachment, Dataset, all_datasets
from parlons.core.models import Territory
from parlons.core.public_url import absolute_url
from parlons.opendata.exports import file_key, manifest
from parlons.opendata.models import LICENCE_URLS, Licence, OpenDataSettings
from parlons.processes.models import Process


def licence_of(territory: Territory | None) -> str:
    if territory is None:
        return Licence.ETALAB.value
    chosen = OpenDataSettings.objects.filter(territory=territory).values_list("licence", flat=True)
    return chosen.first() or Licence.ETALAB.value


def licence_label(code: str) -> str:
    return str(Licence(code).label)


def package_name(slug: str) -> str:
    return slug.lower()


def available(process: Process | None) -> list[tuple[Dataset, dict, dict]]:
    """(dataset, csv entry, json entry) of each dataset whose files exist for this scope."""
    files = manifest()["files"]
    slug = process.slug if process else None
    found = []
    for dataset in all_datasets():
        if dataset.territory_wide and process is not None:
            continue  # a table of the territory, not of a démarche
        csv_entry = files.get(file_key(dataset.name, "csv", slug))
        json_entry = files.get(file_key(dataset.name, "json", slug))
        if csv_entry and json_entry:
            found.append((dataset, csv_entry, json_entry))
    return found


def attachments_of(process: Process) -> list[tuple[Dataset, Attachment, dict]]:
    """(dataset, attachment, entry) of each non-tabular file published for this démarche."""
    files = manifest()["files"]
    found = []
    for dataset in all_datasets():
        for attachment in dataset.attachments:
            entry = files.get(file_key(dataset.name, attachment.extension, process.slug))
            if entry:
                found.append((dataset, attachment, entry))
    return found


def file_path(dataset: Dataset, extension: str, process: Process | None) -> str:
    if process is None:
        return reverse("opendata:territory_file", args=[dataset.name, extension])
    return reverse("opendata:process_file", args=[process.slug, dataset.name, extension])


def datapackage(territory: Territory | None, process: Process | None = None) -> dict[str, Any]:
    """A Frictionless data package: resource paths are relative to the package's own address."""
    licence = licence_of(territory)
    name = territory.name if territory else "Parlons"
    if process is None:
        title = _("Données ouvertes de la participation — %(territory)s") % {"territory": name}
        description = _(
            "Toutes les démarches de participation publiées par %(territory)s : démarches, "
            "phases, contributions, réponses, réactions par jour, réponses officielles, réunions "
            "publiques et leurs comptes rendus. Textes publiés avec les données personnelles "
            "masquées ; auteurs sous un identifiant pseudonyme propre à chaque démarche."
        ) % {"territory": name}
        homepage = absolute_url(reverse("opendata:index"))
        package = package_name(territory.slug if territory else "parlons")
    else:
        title = _("Données ouvertes de la démarche « %(title)s »") % {"title": process.title}
        description = process.summary
        homepage = absolute_url(process.get_absolute_url())
        package = package_name(process.slug)
    resources = []
    for dataset, csv_entry, _json_entry in available(process):
        resources.append(
            {
                "name": dataset.name,
                "title": str(dataset.title),
                "description": str(dataset.description),
                "path": f"{dataset.name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": csv_entry["bytes"],
                "hash": f"sha256:{csv_entry['sha256']}",
                "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"'},
                "schema": dataset.schema(),
            }
        )
    profile = "tabular-data-package"
    if process is not None:
        for dataset, attachment, entry in attachments_of(process):
            # A file that is not a table (a pabulib vote): a plain data resource, which
            # makes the package a plain data package (its tables keep their Table Schema).
            profile = "data-package"
            resources.append(
                {
                    "name": f"{dataset.name}-{attachment.extension}",
                    "title": str(attachment.title),
                    "description": str(attachment.description),
                    "path": f"{dataset.name}.{attachment.extension}",
                    "profile": "data-resource",
                    "format": attachment.extension,
                    "mediatype": attachment.media_type,
                    "encoding": "utf-8",
                    "bytes": entry["bytes"],
                    "hash": f"sha256:{entry['sha256']}",
                }
            )
    return {
        "profile": profile,
        "name": package,
        "title": title,
        "description": str(description),
        "homepage": homepage,
        "licenses": [
            {"name": licence, "path": LICENCE_URLS[licence], "title": licence_label(licence)}
        ],
        "sources": [{"title": name, "path": absolute_url("/")}],
        "resources": resources,
    }
