"""Open data of participatory budgets: projects, results, and the ballots as anonymous rows.

Projects come from the public read layer (masked titles and descriptions, the
author never loaded). Results and ballots are published once an organiser
published the results, like the results page and its `.pb` file. A ballot is
published as its choices only: a number given in the ballots' random order
(their random ids, never the order they were cast in), no day, nothing that
leads to a person or to the record that they voted (`VoterRecord`).
"""

from collections.abc import Iterator
from fractions import Fraction
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parlons.budgets.models import BallotChoice, Budget, CountOutcome, Project
from parlons.budgets.queries import published_outcome
from parlons.budgets.services import export_pabulib, project_key
from parlons.core.datasets import PROCESS, Attachment, Dataset, Field
from parlons.core.public_url import absolute_url
from parlons.processes.models import Process

CHUNK = 5000
PROJECT = Field(
    "projet",
    "integer",
    _("Numéro du projet (colonne « id » du jeu « budget-projets »)."),
    _("Projet"),
)


def _budget(process: Process) -> Budget | None:
    budget = Budget.objects.filter(process=process).first()
    if budget is not None:
        budget.process = process
    return budget


def _published(process: Process) -> CountOutcome | None:
    """The published count of the démarche's budget, read once per démarche object."""
    cache = process.__dict__.setdefault("_opendata_budget", {})
    if "outcome" not in cache:
        budget = _budget(process)
        cache["outcome"] = published_outcome(budget) if budget is not None else None
    return cache["outcome"]


def _selected(process: Process) -> set[str] | None:
    outcome = _published(process)
    if outcome is None or outcome.data.get("source") != "parlons":
        return None
    return {row["id"] for row in outcome.data.get("projects", []) if row.get("selected")}


def project_items(process: Process) -> QuerySet:
    return (
        Project.objects.filter(budget__process=process)
        .select_related("district")
        .defer("title", "description", "author", "image", "image_alt")
        .order_by("id")
    )


def project_row(process: Process, item: Project) -> dict[str, Any]:
    selected = _selected(process)
    return {
        "id": item.pk,
        "demarche": process.slug,
        "titre": item.public_title,
        "description": item.public_description,
        "cout": item.cost,
        "quartier": item.district.name if item.district else "",
        "faisabilite": item.feasibility,
        "motif": item.feasibility_reason,
        "retenu": None if selected is None else project_key(item.pk) in selected,
        "depose_le": item.created_at,
        "url": absolute_url(reverse("budgets:projects", kwargs={"slug": process.slug})),
    }


def result_rows(process: Process) -> Iterator[dict[str, Any]]:
    outcome = _published(process)
    if outcome is None:
        return
    parlons = outcome.data.get("source") == "parlons"
    for row in outcome.data.get("projects", []):
        yield {
            "demarche": process.slug,
            "identifiant": row["id"],
            "projet": int(row["id"]) if parlons and row["id"].isdigit() else None,
            "titre": row.get("title", ""),
            "cout": row.get("cost"),
            "quartier": row.get("district", ""),
            "voix": float(Fraction(row.get("votes", "0"))),
            "retenu": bool(row.get("selected")),
            "explication": row.get("why", ""),
            "regle": outcome.rule,
            "bulletins": outcome.ballots,
        }


def ballot_rows(process: Process) -> Iterator[dict[str, Any]]:
    """One row per choice of each ballot, ballots numbered in the order of their random ids."""
    if _published(process) is None:
        return
    choices = (
        BallotChoice.objects.filter(ballot__budget__process=process)
        .order_by("ballot_id", "project_id")
        .values_list("ballot_id", "project_id", "points")
    )
    number, last = 0, None
    for ballot_id, project_id, points in choices.iterator(chunk_size=CHUNK):
        if ballot_id != last:
            number, last = number + 1, ballot_id
        yield {"demarche": process.slug, "bulletin": number, "projet": project_id, "points": points}


def pabulib_file(process: Process) -> str | None:
    """The vote as a pabulib file (projects and ballots, no voter), once results are published."""
    if _published(process) is None:
        return None
    budget = _budget(process)
    assert budget is not None
    return export_pabulib(budget)


DATASETS = [
    Dataset(
        "budget-projets",
        _("Projets du budget participatif"),
        _(
            "Les projets proposés au budget participatif : titre et description publiés "
            "(données personnelles masquées), coût, quartier, faisabilité et, une fois les "
            "résultats publiés, s'ils sont retenus. Qui a déposé un projet n'est pas publié."
        ),
        fields=(
            Field("id", "integer", _("Numéro du projet."), _("Numéro"), required=True),
            PROCESS,
            Field("titre", "string", _("Titre publié du projet."), _("Titre")),
            Field(
                "description",
                "string",
                _("Description publiée, données personnelles masquées."),
                _("Description"),
            ),
            Field("cout", "number", _("Coût estimé du projet, en euros."), _("Coût (€)")),
            Field(
                "quartier",
                "string",
                _("Quartier (part du budget) du projet, s'il y en a un."),
                _("Quartier"),
            ),
            Field(
                "faisabilite",
                "string",
                _(
                    "Avis de faisabilité, dans l'ordre des valeurs possibles : en cours "
                    "d'étude ; réalisable, soumis au vote ; non réalisable."
                ),
                _("Faisabilité"),
                enum=tuple(Project.Feasibility.values),
            ),
            Field(
                "motif",
                "string",
                _("Motif public de l'avis de faisabilité, écrit par l'institution."),
                _("Motif"),
            ),
            Field(
                "retenu",
                "boolean",
                _(
                    "true si le projet est retenu ; vide tant que les résultats ne sont pas publiés."
                ),
                _("Retenu"),
            ),
            Field("depose_le", "date", _("Jour du dépôt du projet."), _("Déposé le")),
            Field("url", "string", _("Adresse des projets du budget."), _("Adresse")),
        ),
        items=project_items,
        row=project_row,
        primary_key=("id",),
        order=60,
        dated="created_at",
        state="feasibility",
    ),
    Dataset(
        "budget-resultats",
        _("Résultats du budget participatif"),
        _(
            "Le décompte publié du vote : pour chaque projet, ses voix (ou points), s'il est "
            "retenu et pourquoi, selon la règle de décompte du budget."
        ),
        fields=(
            PROCESS,
            Field(
                "identifiant",
                "string",
                _("Identifiant du projet dans le décompte et dans le fichier pabulib (.pb)."),
                _("Identifiant"),
                required=True,
            ),
            PROJECT,
            Field("titre", "string", _("Titre publié du projet."), _("Titre")),
            Field("cout", "number", _("Coût du projet, en euros."), _("Coût (€)")),
            Field("quartier", "string", _("Quartier du projet, s'il y en a un."), _("Quartier")),
            Field(
                "voix",
                "number",
                _("Voix (ou points) obtenues par le projet, selon le type de bulletin."),
                _("Voix"),
            ),
            Field("retenu", "boolean", _("true si le projet est retenu."), _("Retenu")),
            Field(
                "explication",
                "string",
                _("Pourquoi le projet est retenu ou non, en une phrase."),
                _("Explication"),
            ),
            Field(
                "regle",
                "string",
                _(
                    "Règle de décompte : greedy (les plus soutenus d'abord), utilitarian, "
                    "mes-… (parts égales)."
                ),
                _("Règle"),
            ),
            Field("bulletins", "integer", _("Nombre de bulletins décomptés."), _("Bulletins")),
        ),
        rows=result_rows,
        primary_key=("demarche", "identifiant"),
        order=61,
    ),
    Dataset(
        "budget-bulletins",
        _("Bulletins du budget participatif (anonymes)"),
        _(
            "Le contenu des bulletins, une ligne par projet choisi, une fois les résultats "
            "publiés. Les bulletins sont numérotés dans un ordre aléatoire, sans date ni heure, "
            "et rien ne les relie à une personne ni à la liste d'émargement. Le même vote est "
            "publié au format pabulib (.pb), lisible par pabutools."
        ),
        fields=(
            PROCESS,
            Field(
                "bulletin",
                "integer",
                _("Numéro du bulletin, dans un ordre aléatoire (pas celui des votes)."),
                _("Bulletin"),
                required=True,
            ),
            Field(
                "projet",
                "integer",
                _("Numéro du projet choisi (colonne « id » du jeu « budget-projets »)."),
                _("Projet"),
                required=True,
            ),
            Field(
                "points",
                "integer",
                _(
                    "1 pour un bulletin d'approbation ; les points donnés (bulletin à points) ; "
                    "le rang (bulletin de classement)."
                ),
                _("Points"),
            ),
        ),
        rows=ballot_rows,
        primary_key=("demarche", "bulletin", "projet"),
        order=62,
        attachments=(
            Attachment(
                "pb",
                "text/plain",
                _("Vote au format pabulib"),
                _(
                    "Le vote au format pabulib (sections META, PROJECTS, VOTES), sans aucune "
                    "donnée sur les votants : voir https://pabulib.org/format."
                ),
                content=pabulib_file,
            ),
        ),
    ),
]
