"""Open data of the démarches themselves: what each one is, and its phases."""

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from parlons.core.datasets import PROCESS, Dataset, Field
from parlons.core.public_url import absolute_url
from parlons.processes.models import Phase, Process


def process_rows(process: Process) -> Iterator[dict[str, Any]]:
    yield {
        "demarche": process.slug,
        "titre": process.title,
        "resume": process.summary,
        "presentation": process.description,
        "etat": process.status,
        "territoire": process.territory.name,
        "themes": " ; ".join(theme.name for theme in process.themes.all()),
        "creee_le": process.created_at,
        "url": absolute_url(process.get_absolute_url()),
    }


def phase_rows(process: Process) -> Iterator[dict[str, Any]]:
    for number, phase in enumerate(process.phases.all(), 1):
        yield {
            "demarche": process.slug,
            "numero": number,
            "type": phase.kind,
            "titre": phase.title,
            "description": phase.description,
            "debut": phase.starts_at,
            "fin": phase.ends_at,
            "ouvre": ", ".join(phase.components),
        }


DATASETS = [
    Dataset(
        "demarches",
        _("Démarches"),
        _(
            "Chaque démarche de participation publiée : son titre, son résumé, sa présentation, "
            "son état et ses thèmes."
        ),
        fields=(
            PROCESS,
            Field("titre", "string", _("Titre de la démarche."), _("Titre"), required=True),
            Field("resume", "string", _("Résumé en une ou deux phrases."), _("Résumé")),
            Field(
                "presentation",
                "string",
                _("Présentation écrite par l'équipe d'organisation, en Markdown."),
                _("Présentation"),
            ),
            Field(
                "etat",
                "string",
                _("« published » : en cours ou à venir ; « archived » : terminée et archivée."),
                _("État"),
                enum=(Process.Status.PUBLISHED.value, Process.Status.ARCHIVED.value),
            ),
            Field(
                "territoire",
                "string",
                _("Nom du territoire qui mène la démarche."),
                _("Territoire"),
            ),
            Field(
                "themes",
                "string",
                _("Les thèmes de la démarche, séparés par « ; »."),
                _("Thèmes"),
            ),
            Field(
                "creee_le", "datetime", _("Date de création de la démarche (UTC)."), _("Créée le")
            ),
            Field("url", "string", _("Adresse de la page de la démarche."), _("Adresse")),
        ),
        rows=process_rows,
        primary_key=("demarche",),
        order=10,
    ),
    Dataset(
        "phases",
        _("Phases des démarches"),
        _(
            "Les étapes datées de chaque démarche (information, contributions, réponses, "
            "synthèse, suivi) et ce que chacune ouvre."
        ),
        fields=(
            PROCESS,
            Field(
                "numero",
                "integer",
                _("Rang de la phase dans la démarche, à partir de 1."),
                _("Numéro"),
                required=True,
            ),
            Field(
                "type",
                "string",
                _(
                    "Nature de la phase : information, contributions, expert_answers (réponses "
                    "des experts), synthesis (synthèse), follow_up (suivi des décisions), other."
                ),
                _("Type"),
                enum=tuple(Phase.Kind.values),
            ),
            Field("titre", "string", _("Titre de la phase."), _("Titre")),
            Field("description", "string", _("Description de la phase."), _("Description")),
            Field("debut", "datetime", _("Début de la phase (UTC)."), _("Début")),
            Field("fin", "datetime", _("Fin de la phase (UTC)."), _("Fin")),
            Field(
                "ouvre",
                "string",
                _(
                    "Ce que la phase ouvre aux habitants (noms techniques, séparés par des virgules)."
                ),
                _("Ce que la phase ouvre"),
            ),
        ),
        rows=phase_rows,
        primary_key=("demarche", "numero"),
        order=20,
    ),
]
