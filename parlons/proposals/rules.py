"""Who may do what with proposals, by role and by the phase the démarche is in."""

from datetime import datetime

from django.utils.translation import gettext_lazy as _

from parlons.accounts.models import Role
from parlons.accounts.roles import has_role
from parlons.accounts.rules import is_signed_in, may_participate
from parlons.core.rules import rule
from parlons.processes.models import Process
from parlons.processes.rules import component_open
from parlons.proposals.components import PROPOSE, SUPPORT


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
