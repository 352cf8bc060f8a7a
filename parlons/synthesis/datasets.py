"""Open data of the synthesis: the published synthesis of each démarche and its sections.

Only a published synthesis, as its page shows it: written by the team for the
institution, signed by the official who validated it (their name and office
are printed on the page and the PDF on purpose). Who published it in the team
is not given. Quotes are not repeated here: they are contributions, published
in the « contributions » dataset.
"""

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parlons.core.datasets import PROCESS, Dataset, Field
from parlons.core.public_url import absolute_url
from parlons.processes.models import Process
from parlons.synthesis.models import Report, ReportSection


def report_items(process: Process) -> QuerySet:
    return (
        Report.objects.filter(process=process, status=Report.Status.PUBLISHED)
        .defer("published_by")
        .order_by("id")
    )


def report_row(process: Process, item: Report) -> dict[str, Any]:
    return {
        "id": item.pk,
        "demarche": process.slug,
        "titre": item.title,
        "introduction": item.introduction,
        "validee_par": item.signed_by,
        "publiee_le": item.published_at,
        "sections": item.sections.count(),
        "pdf": absolute_url(reverse("synthesis:pdf", kwargs={"slug": process.slug})),
        "url": absolute_url(reverse("synthesis:public", kwargs={"slug": process.slug})),
    }


def section_rows(process: Process) -> Iterator[dict[str, Any]]:
    sections = ReportSection.objects.filter(
        report__process=process, report__status=Report.Status.PUBLISHED
    ).order_by("report_id", "position", "pk")
    number, report = 0, None
    for section in sections.only("pk", "report_id", "position", "title", "body", "figure"):
        if section.report_id != report:
            number, report = 0, section.report_id
        number += 1
        yield {
            "synthese": section.report_id,
            "demarche": process.slug,
            "numero": number,
            "titre": section.title,
            "texte": section.body,
            "figure": section.figure,
        }


DATASETS = [
    Dataset(
        "syntheses",
        _("Synthèses publiées"),
        _(
            "La synthèse publiée de chaque démarche : son titre, son introduction, qui l'a "
            "validée et signée au nom de l'institution, sa date de publication et l'adresse de "
            "son PDF. Ses sections sont dans le jeu « syntheses-sections »."
        ),
        fields=(
            Field("id", "integer", _("Numéro de la synthèse."), _("Numéro"), required=True),
            PROCESS,
            Field("titre", "string", _("Titre de la synthèse."), _("Titre")),
            Field(
                "introduction",
                "string",
                _("Introduction de la synthèse, en Markdown."),
                _("Introduction"),
            ),
            Field(
                "validee_par",
                "string",
                _(
                    "Nom et fonction de l'élu ou du responsable qui a validé et signé la synthèse, "
                    "tels qu'imprimés sur la synthèse."
                ),
                _("Validée par"),
            ),
            Field("publiee_le", "date", _("Jour de publication."), _("Publiée le")),
            Field("sections", "integer", _("Nombre de sections."), _("Sections")),
            Field("pdf", "string", _("Adresse de la synthèse en PDF."), _("PDF")),
            Field("url", "string", _("Adresse de la page de la synthèse."), _("Adresse")),
        ),
        items=report_items,
        row=report_row,
        primary_key=("id",),
        order=80,
        dated="published_at",
    ),
    Dataset(
        "syntheses-sections",
        _("Sections des synthèses publiées"),
        _("Le texte de chaque section des synthèses publiées, dans l'ordre de la synthèse."),
        fields=(
            Field(
                "synthese",
                "integer",
                _("Numéro de la synthèse (jeu « syntheses »)."),
                _("Synthèse"),
                required=True,
            ),
            PROCESS,
            Field(
                "numero",
                "integer",
                _("Rang de la section dans la synthèse, à partir de 1."),
                _("Numéro"),
                required=True,
            ),
            Field("titre", "string", _("Titre de la section."), _("Titre")),
            Field("texte", "string", _("Texte de la section, en Markdown."), _("Texte")),
            Field(
                "figure",
                "string",
                _(
                    "Figure de la section sur la page : themes (thèmes), duplicates "
                    "(quasi-doublons), opinion_groups (groupes d'opinion), vide si aucune."
                ),
                _("Figure"),
            ),
        ),
        rows=section_rows,
        primary_key=("synthese", "numero"),
        order=81,
    ),
]
