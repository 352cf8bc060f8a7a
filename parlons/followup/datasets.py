"""Open data of the follow-up of decisions: each decision followed, and its dated steps.

What the follow-up pages show: decisions written by the team for the
institution (a service's name, never a person's), and their updates through
the masked copy of their text. Who in the team wrote an update is not published.
"""

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from parlons.core.datasets import PROCESS, Dataset, Field
from parlons.core.public_url import absolute_url
from parlons.followup.models import ResultUpdate, Status, TrackedResult
from parlons.followup.queries import PRIVATE_UPDATE_FIELDS
from parlons.processes.models import Process

CHUNK = 2000
STATUSES = _(
    "study : à l'étude ; scheduled : programmé ; in_progress : en cours ; done : terminé ; "
    "abandoned : abandonné."
)


def decision_items(process: Process) -> QuerySet:
    return TrackedResult.objects.filter(process=process).order_by("id")


def decision_row(process: Process, item: TrackedResult) -> dict[str, Any]:
    item.process = process
    return {
        "id": item.pk,
        "demarche": process.slug,
        "origine": item.source_kind,
        "reference": item.source_key,
        "titre": item.title,
        "resume": item.summary,
        "decidee_le": item.decided_at,
        "decidee_par": item.decided_by,
        "etat": item.status,
        "motif": item.status_reason,
        "avancement": item.progress,
        "montant_prevu": item.planned_amount,
        "montant_depense": item.spent_amount,
        "service": item.responsible_service,
        "fin_prevue": item.expected_end,
        "url": absolute_url(item.get_absolute_url()),
    }


def update_rows(process: Process) -> Iterator[dict[str, Any]]:
    updates = (
        ResultUpdate.objects.filter(result__process=process)
        .defer(*PRIVATE_UPDATE_FIELDS, "photo", "photo_alt")
        .order_by("result_id", "published_at", "pk")
    )
    for update in updates.iterator(chunk_size=CHUNK):
        yield {
            "id": update.pk,
            "demarche": process.slug,
            "decision": update.result_id,
            "publiee_le": update.published_at,
            "etat": update.status,
            "avancement": update.progress,
            "montant_depense": update.spent_amount,
            "texte": update.public_text,
        }


STATUS = Field("etat", "string", STATUSES, _("État"), enum=tuple(Status.values))
PROGRESS = Field(
    "avancement", "integer", _("Avancement, en pourcentage (0 à 100)."), _("Avancement")
)

DATASETS = [
    Dataset(
        "suivi-decisions",
        _("Décisions suivies"),
        _(
            "Les décisions issues des démarches dont l'institution publie le suivi : ce qui a "
            "été décidé, par quelle instance, l'état, l'avancement, les montants prévus et "
            "dépensés, le service responsable (jamais une personne)."
        ),
        fields=(
            Field("id", "integer", _("Numéro de la décision suivie."), _("Numéro"), required=True),
            PROCESS,
            Field(
                "origine",
                "string",
                _(
                    "D'où vient la décision : proposal (proposition acceptée), budget_project "
                    "(projet retenu au budget participatif), manual (saisie par l'équipe)…"
                ),
                _("Origine"),
            ),
            Field(
                "reference",
                "string",
                _(
                    "Référence de la décision dans son origine (par exemple le numéro de la proposition)."
                ),
                _("Référence"),
            ),
            Field("titre", "string", _("Titre de la décision."), _("Titre")),
            Field("resume", "string", _("Ce qui a été décidé, et pourquoi."), _("Résumé")),
            Field("decidee_le", "date", _("Jour de la décision."), _("Décidée le")),
            Field(
                "decidee_par",
                "string",
                _("L'instance qui a décidé, par exemple « Conseil communautaire »."),
                _("Décidée par"),
            ),
            STATUS,
            Field(
                "motif",
                "string",
                _("Motif public de l'état (obligatoire si la décision est abandonnée)."),
                _("Motif"),
            ),
            PROGRESS,
            Field("montant_prevu", "number", _("Montant prévu, en euros."), _("Montant prévu (€)")),
            Field(
                "montant_depense",
                "number",
                _("Montant dépensé à ce jour, en euros."),
                _("Montant dépensé (€)"),
            ),
            Field(
                "service",
                "string",
                _("Service responsable de la réalisation."),
                _("Service responsable"),
            ),
            Field("fin_prevue", "date", _("Date de fin prévue."), _("Fin prévue")),
            Field("url", "string", _("Adresse du suivi de la décision."), _("Adresse")),
        ),
        items=decision_items,
        row=decision_row,
        primary_key=("id",),
        order=90,
        dated="decided_at",
        state="status",
    ),
    Dataset(
        "suivi-etapes",
        _("Étapes du suivi des décisions"),
        _(
            "L'historique daté de chaque décision suivie : état et avancement à chaque étape, "
            "et le texte publié de l'actualité (noms de personnes privées masqués)."
        ),
        fields=(
            Field("id", "integer", _("Numéro de l'étape."), _("Numéro"), required=True),
            PROCESS,
            Field(
                "decision",
                "integer",
                _("Numéro de la décision (jeu « suivi-decisions »)."),
                _("Décision"),
                required=True,
            ),
            Field(
                "publiee_le", "datetime", _("Date et heure de publication (UTC)."), _("Publiée le")
            ),
            STATUS,
            PROGRESS,
            Field(
                "montant_depense",
                "number",
                _("Montant dépensé à cette date, en euros."),
                _("Montant dépensé (€)"),
            ),
            Field(
                "texte",
                "string",
                _(
                    "Texte publié de l'actualité, en Markdown (vide pour un simple changement d'état)."
                ),
                _("Texte"),
            ),
        ),
        rows=update_rows,
        primary_key=("id",),
        order=91,
    ),
]
