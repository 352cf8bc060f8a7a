"""Open data of questionnaires: the published results only, masked like the results page.

The counts come from `queries.results(…, public=True)`, the same protection of
small groups as the page and its CSV: a count under 5 is written "< 5", and
beside it neither the question's total nor a percentage, so it cannot be
recomputed. Free-text answers are never published (the app has no way for an
organiser to publish them), nor any response on its own.
"""

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from parlons.core.datasets import Dataset, Field
from parlons.core.public_url import absolute_url
from parlons.processes.models import Process
from parlons.questionnaires.models import Question
from parlons.questionnaires.queries import published_results_of, results

MASKED = "< 5"


def result_rows(process: Process) -> Iterator[dict[str, Any]]:
    for questionnaire in published_results_of(process):
        questionnaire.process = process
        url = absolute_url(questionnaire.get_absolute_url())
        for result in results(questionnaire, public=True):
            cells = [("", cell) for cell in result.cells]
            cells += [(row, cell) for row, row_cells in result.matrix for cell in row_cells]
            for rank, (row_label, cell) in enumerate(cells, start=1):
                yield {
                    "demarche": process.slug,
                    "questionnaire": questionnaire.pk,
                    "titre_questionnaire": questionnaire.title,
                    "question": result.number,
                    "intitule": result.question.wording,
                    "type": result.question.kind,
                    "rang": rank,
                    "ligne": row_label,
                    "reponse": cell.label,
                    "nombre": MASKED if cell.masked else str(cell.count),
                    "part": cell.percent,
                    "repondants": result.answered,
                    "publie_le": questionnaire.results_published_at,
                    "url": url,
                }


DATASETS = [
    Dataset(
        "questionnaires-resultats",
        _("Résultats des questionnaires"),
        _(
            "Les résultats publiés des questionnaires : pour chaque question, le nombre de "
            "réponses par option. Un nombre inférieur à 5 est écrit « < 5 », et ni le total de "
            "la question ni les parts ne sont donnés à côté, pour qu'il ne puisse pas être "
            "recalculé. Les réponses libres et les réponses individuelles ne sont pas publiées."
        ),
        fields=(
            Field(
                "demarche",
                "string",
                _("Identifiant de la démarche (son adresse courte)."),
                _("Démarche"),
                required=True,
            ),
            Field(
                "questionnaire",
                "integer",
                _("Numéro du questionnaire."),
                _("Questionnaire"),
                required=True,
            ),
            Field(
                "titre_questionnaire",
                "string",
                _("Titre du questionnaire."),
                _("Titre du questionnaire"),
            ),
            Field(
                "question",
                "integer",
                _("Numéro de la question dans le questionnaire, à partir de 1."),
                _("Question"),
                required=True,
            ),
            Field("intitule", "string", _("Intitulé de la question."), _("Intitulé")),
            Field(
                "type",
                "string",
                _(
                    "Type de question : single (choix unique), multiple (choix multiple), scale "
                    "(échelle), ranking (classement : nombre de fois classée première), matrix "
                    "(tableau), yes_no (oui ou non), postcode, commune…"
                ),
                _("Type"),
                enum=tuple(Question.Kind.values),
            ),
            Field(
                "rang",
                "integer",
                _("Rang de la réponse dans la question, à partir de 1."),
                _("Rang"),
                required=True,
            ),
            Field(
                "ligne",
                "string",
                _("Ligne du tableau (questions en tableau seulement)."),
                _("Ligne"),
            ),
            Field("reponse", "string", _("L'option de réponse comptée."), _("Réponse")),
            Field(
                "nombre",
                "string",
                _("Nombre de réponses ; « < 5 » quand il y en a moins de cinq."),
                _("Nombre"),
            ),
            Field(
                "part",
                "number",
                _(
                    "Part des répondants à la question (en %) ; vide quand un nombre de la "
                    "question est masqué."
                ),
                _("Part (%)"),
            ),
            Field(
                "repondants",
                "integer",
                _(
                    "Nombre de personnes qui ont répondu à la question ; vide quand un nombre "
                    "de la question est masqué."
                ),
                _("Répondants"),
            ),
            Field(
                "publie_le",
                "date",
                _("Jour de publication des résultats."),
                _("Publié le"),
            ),
            Field("url", "string", _("Adresse du questionnaire."), _("Adresse")),
        ),
        rows=result_rows,
        primary_key=("questionnaire", "question", "rang"),
        order=70,
    ),
]
