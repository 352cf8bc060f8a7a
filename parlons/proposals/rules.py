"""Who may do what with proposals, by role and by the phase the démarche is in."""

from datetime import datetime

from django.utils.translation import gettext_lazy as _

from parlons.accounts.models import Role
from parlons.accounts.roles import has_role
from parlons.accounts.rules import is_signed_in, may_participate, wrote_online
from parlons.core.rules import rule
from parlons.processes.models import Process
from parlons.processes.rules import component_open
from parlons.proposals.components import PROPOSE, SUPPORT
from parlons.proposals.models import State


@rule(_("Le dépôt de propositions n'est pas ouvert dans cette démarche en ce moment."))
def can_propose(user, process: Process, at: datetime | None = None) -> bool:
    return may_participate(user) and component_open(process, PROPOSE, at)


@rule(_("Les soutiens aux propositions ne sont pas ouverts dans cette démarche en ce moment."))
def can_support(user, process: Process, at: datetime | None = None) -> bool:
    """Supporting, and taking one's support back, while a phase opens supports."""
    return may_participate(user) and component_open(process, SUPPORT, at)


@rule(
    _(
        "Seules les personnes chargées de la médiation peuvent saisir une proposition pour "
        "autrui, pendant la phase de dépôt."
    )
)
def can_propose_on_behalf(user, process: Process, at: datetime | None = None) -> bool:
    return (
        is_signed_in(user)
        and has_role(user, process.territory, Role.MEDIATOR, Role.ORGANISER)  # type: ignore[arg-type]  # untyped TextChoices, no django-stubs
        and component_open(process, PROPOSE, at)
    )


@rule(
    _(
        "Seules les personnes chargées de la médiation peuvent saisir un soutien pour autrui, "
        "pendant la phase de soutiens."
    )
)
def can_support_on_behalf(user, process: Process, at: datetime | None = None) -> bool:
    return (
        is_signed_in(user)
        and has_role(user, process.territory, Role.MEDIATOR, Role.ORGANISER)  # type: ignore[arg-type]  # untyped TextChoices, no django-stubs
        and component_open(process, SUPPORT, at)
    )


@rule(
    _("Les réponses officielles aux propositions sont réservées aux experts et aux organisateurs.")
)
def can_answer_proposal(user, process: Process) -> bool:
    """Experts and organisers answer, in any phase: answers often come after the vote."""
    return (
        is_signed_in(user)
        and process.is_published
        and has_role(user, process.territory, Role.EXPERT, Role.ORGANISER)  # type: ignore[arg-type]  # untyped TextChoices, no django-stubs
    )


@rule(_("Seule l'équipe d'organisation règle les propositions de la démarche."))
def can_set_up_proposals(user, process: Process) -> bool:
    return (
        is_signed_in(user) and has_role(user, process.territory, Role.ORGANISER)  # type: ignore[arg-type]  # untyped TextChoices, no django-stubs
    )


def _unanswered(proposal) -> bool:
    """No official answer yet: published, or retained for study by the support threshold only."""
    if proposal.state == State.PUBLISHED:
        return True
    return proposal.state == State.UNDER_STUDY and not proposal.answers.exists()


def _edit_refusal(user, proposal, at: datetime | None = None) -> str:
    """Which condition said no, in the words a person needs to understand it."""
    if not wrote_online(user, proposal):
        return str(_("Seule la personne qui a déposé cette proposition en ligne peut la modifier."))
    if proposal.is_withdrawn:
        return str(_("Cette proposition a été retirée : elle ne peut plus être modifiée."))
    if not _unanswered(proposal):
        return str(
            _("Cette proposition a reçu une réponse officielle : elle ne peut plus être modifiée.")
        )
    return str(
        _("Une proposition ne peut être modifiée que pendant la phase de dépôt des propositions.")
    )


@rule(_edit_refusal)
def can_edit_proposal(user, proposal, at: datetime | None = None) -> bool:
    """The author, while proposals are filed and before the official answer."""
    return (
        wrote_online(user, proposal)
        and not proposal.is_withdrawn
        and component_open(proposal.process, PROPOSE, at)
        and _unanswered(proposal)
    )


def _withdraw_refusal(user, proposal) -> str:
    if not wrote_online(user, proposal):
        return str(_("Seule la personne qui a déposé cette proposition en ligne peut la retirer."))
    if proposal.is_withdrawn:
        return str(_("Cette proposition est déjà retirée."))
    return str(
        _(
            "Cette proposition a reçu une réponse officielle : elle ne peut plus être retirée. "
            "Écrivez à l'équipe de la démarche si vous le souhaitez."
        )
    )


@rule(_withdraw_refusal)
def can_withdraw_proposal(user, proposal) -> bool:
    """The author, in any phase, until the official answer: others' answers then rest on it."""
    return wrote_online(user, proposal) and not proposal.is_withdrawn and _unanswered(proposal)
