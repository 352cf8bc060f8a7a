"""Open data of the proposals: the proposals anyone may read, their official answers, merges.

Everything comes from the public read layer (parlons.proposals.queries):
masked titles and texts, proposals held for the team left out, authors as a
pseudonymous identifier per démarche; dates are given to the day only. Who
supported a proposal is never published, only how many did.
"""

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from parlons.core.datasets import (
    PROCESS,
    Dataset,
    Field,
    item_url_prefix,
    place_columns,
    place_of,
    pseudonymous_id,
)
from parlons.processes.models import Process
from parlons.proposals.models import ANSWER_STATES, Proposal, ProposalAnswer, State
from parlons.proposals.queries import public_proposals, published_proposals

CHUNK = 2000
STATES = _(
    "published : déposée ; under_study : retenue pour étude ; accepted : acceptée ; "
    "rejected : refusée ; done : déjà réalisée ; merged : fusionnée avec une autre."
)


# A proposal withdrawn by its author stays a row, without its words.
WITHDRAWN_STATE = _("withdrawn : retirée par son auteur·rice (titre et texte effacés).")

URL = "proposals:detail"


def proposal_items(process: Process) -> QuerySet:
    return published_proposals(process).select_related(None).select_related("theme", "place")


def proposal_row(process: Process, item: Proposal) -> dict[str, Any]:
    return {
        "id": item.pk,
        "demarche": process.slug,
        "titre": "" if item.is_withdrawn else item.public_title,
        "texte": "" if item.is_withdrawn else item.public_body,
        "auteur": pseudonymous_id(process.pk, item.author_id),
        "origine": item.source,
        "etat": item.state,
        **place_of(item),
        "soutiens": item.support_count,
        "cout_estime": item.estimated_cost,
        "fusionnee_avec": item.merged_into_id,
        "deposee_le": item.created_at,
        "etat_change_le": item.state_changed_at,
        "url": f"{item_url_prefix(URL, process.slug)}{item.pk}/",
    }


def answer_items(process: Process) -> QuerySet:
    """Official answers to the proposals anyone may read (not to those held for the team)."""
    return (
        ProposalAnswer.objects.filter(process=process, proposal__held_for_review=False)
        .defer("reason", "author")
        .order_by("id")
    )


def answer_row(process: Process, item: ProposalAnswer) -> dict[str, Any]:
    return {
        "id": item.pk,
        "demarche": process.slug,
        "proposition": item.proposal_id,
        "etat": item.state,
        "motif": item.public_reason,
        "instance": item.answering_body,
        "repondue_le": item.created_at,
    }


def merge_rows(process: Process) -> Iterator[dict[str, Any]]:
    merged = (
        public_proposals(process)
        .select_related(None)
        .filter(state=State.MERGED, merged_into__isnull=False, merged_into__held_for_review=False)
        .only("pk", "merged_into_id", "state_changed_at")
        .order_by("pk")
    )
    for item in merged.iterator(chunk_size=CHUNK):
        yield {
            "demarche": process.slug,
            "proposition": item.pk,
            "fusionnee_avec": item.merged_into_id,
            "fusionnee_le": item.state_changed_at,
        }


DATASETS = [
    Dataset(
        "propositions",
        _("Propositions"),
        _(
            "Les propositions des habitants que tout le monde peut lire : titre et texte publiés "
            "(données personnelles masquées), état, thème, commune, nombre de soutiens, coût "
            "estimé. Les propositions mises de côté pour vérification n'y figurent pas ; qui a "
            "soutenu une proposition n'est jamais publié, seulement le nombre de soutiens."
        ),
        fields=(
            Field("id", "integer", _("Numéro de la proposition."), _("Numéro"), required=True),
            PROCESS,
            Field(
                "titre", "string", _("Titre publié (données personnelles masquées)."), _("Titre")
            ),
            Field(
                "texte",
                "string",
                _(
                    "Texte publié : les données personnelles y sont remplacées par [nom], [adresse]…"
                ),
                _("Texte"),
            ),
            Field(
                "auteur",
                "string",
                _(
                    "Identifiant pseudonyme de l'auteur : le même pour une personne dans une "
                    "démarche, différent d'une démarche à l'autre ; vide si le compte a été effacé."
                ),
                _("Auteur (pseudonyme)"),
            ),
            Field(
                "origine",
                "string",
                _("online : déposée en ligne ; counter : saisie au guichet par un médiateur."),
                _("Origine"),
            ),
            Field(
                "etat",
                "string",
                format_lazy("{} {}", STATES, WITHDRAWN_STATE),
                _("État"),
                enum=tuple(State.values),
            ),
            *place_columns(_("Commune dont parle la proposition, s'il y en a une.")),
            Field("soutiens", "integer", _("Nombre de soutiens reçus."), _("Soutiens")),
            Field(
                "cout_estime",
                "number",
                _("Coût estimé en euros, s'il a été indiqué."),
                _("Coût estimé (€)"),
            ),
            Field(
                "fusionnee_avec",
                "integer",
                _("Numéro de la proposition avec laquelle elle a été fusionnée, s'il y a lieu."),
                _("Fusionnée avec"),
            ),
            Field("deposee_le", "date", _("Jour du dépôt (heure de Paris)."), _("Déposée le")),
            Field(
                "etat_change_le",
                "date",
                _("Jour du dernier changement d'état, vide si jamais changé."),
                _("État changé le"),
            ),
            Field("url", "string", _("Adresse de la proposition sur la plateforme."), _("Adresse")),
        ),
        items=proposal_items,
        row=proposal_row,
        primary_key=("id",),
        order=50,
        dated="created_at",
        state="state",
        theme="theme",
        commune="place",
    ),
    Dataset(
        "reponses-propositions",
        _("Réponses officielles aux propositions"),
        _(
            "Les réponses de l'institution aux propositions : l'état donné, le motif publié et "
            "l'instance qui répond (jamais la personne qui a saisi la réponse)."
        ),
        fields=(
            Field("id", "integer", _("Numéro de la réponse."), _("Numéro"), required=True),
            PROCESS,
            Field(
                "proposition",
                "integer",
                _("Numéro de la proposition (jeu « propositions »)."),
                _("Proposition"),
            ),
            Field(
                "etat",
                "string",
                format_lazy("{} {}", _("État donné par la réponse."), STATES),
                _("État"),
                enum=tuple(state.value for state in ANSWER_STATES),
            ),
            Field(
                "motif",
                "string",
                _("Motif publié de la réponse (données personnelles masquées)."),
                _("Motif"),
            ),
            Field(
                "instance",
                "string",
                _("L'instance qui répond, par exemple « Conseil municipal »."),
                _("Instance"),
            ),
            Field("repondue_le", "date", _("Jour de la réponse (heure de Paris)."), _("Date")),
        ),
        items=answer_items,
        row=answer_row,
        primary_key=("id",),
        order=51,
        dated="created_at",
        state="state",
    ),
    Dataset(
        "fusions-propositions",
        _("Fusions de propositions"),
        _("Les propositions fusionnées avec une autre, qui reprend leurs idées."),
        fields=(
            PROCESS,
            Field(
                "proposition",
                "integer",
                _("Numéro de la proposition fusionnée."),
                _("Proposition"),
                required=True,
            ),
            Field(
                "fusionnee_avec",
                "integer",
                _("Numéro de la proposition qui la reprend."),
                _("Fusionnée avec"),
            ),
            Field("fusionnee_le", "date", _("Jour de la fusion (heure de Paris)."), _("Le")),
        ),
        rows=merge_rows,
        primary_key=("proposition",),
        order=52,
    ),
]
