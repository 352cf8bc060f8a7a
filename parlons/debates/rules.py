"""Who may do what in the debate, by role and by the phase the démarche is in."""

from datetime import datetime

from django.utils.translation import gettext_lazy as _

from parlons.accounts.models import Role
from parlons.accounts.roles import has_role
from parlons.accounts.rules import is_signed_in, may_participate, wrote_online
from parlons.core.models import Territory
from parlons.core.rules import rule
from parlons.debates.components import CONTRIBUTE, EXPERT_ANSWERS, REACT, REPLY
from parlons.processes.models import Process
from parlons.processes.rules import component_open


@rule(_("Les contributions ne sont pas ouvertes dans cette démarche en ce moment."))
def can_contribute(user, process: Process, at: datetime | None = None) -> bool:
    return may_participate(user) and component_open(process, CONTRIBUTE, at)


@rule(
    _(
        "Seules les personnes chargées de la médiation peuvent saisir une contribution "
        "pour autrui, pendant la phase de contributions."
    )
)
def can_contribute_on_behalf(user, process: Process, at: datetime | None = None) -> bool:
    """Mediators (and organisers) enter contributions for people without an account."""
    return (
        is_signed_in(user)
        and has_role(user, process.territory, Role.MEDIATOR, Role.ORGANISER)  # type: ignore[arg-type]  # untyped TextChoices, no django-stubs
        and component_open(process, CONTRIBUTE, at)
    )


@rule(
    _(
        "Seules les personnes chargées de la médiation ou de l'organisation importent des "
        "formulaires papier."
    )
)
def can_import_paper_forms(user, process: Process) -> bool:
    """Paper forms may be imported after the contribution phase ended too."""
    return (
        is_signed_in(user)
        and process.is_published
        and has_role(user, process.territory, Role.MEDIATOR, Role.ORGANISER)  # type: ignore[arg-type]  # untyped TextChoices, no django-stubs
    )


@rule(_("Seule l'équipe d'organisation importe l'historique d'une autre plateforme."))
def can_import_contributions(user, process: Process) -> bool:
    """Before the démarche is published too: the team reviews the history, then publishes."""
    return (
        is_signed_in(user) and has_role(user, process.territory, Role.ORGANISER)  # type: ignore[arg-type]  # untyped TextChoices, no django-stubs
    )


@rule(_("Les réponses ne sont pas ouvertes dans cette démarche en ce moment."))
def can_reply(user, process: Process, at: datetime | None = None) -> bool:
    return may_participate(user) and component_open(process, REPLY, at)


@rule(_("Les réactions ne sont pas ouvertes dans cette démarche en ce moment."))
def can_react(user, process: Process, at: datetime | None = None) -> bool:
    return may_participate(user) and component_open(process, REACT, at)


@rule(
    _(
        "Les réponses officielles sont réservées aux experts et aux élus, pendant la phase de "
        "réponses."
    )
)
def can_answer_officially(user, process: Process, at: datetime | None = None) -> bool:
    return (
        is_signed_in(user)
        and has_role(user, process.territory, Role.EXPERT)  # type: ignore[arg-type]  # untyped TextChoices, no django-stubs
        and component_open(process, EXPERT_ANSWERS, at)
    )


@rule(_("Connectez-vous pour signaler un contenu."))
def can_report(user, process: Process) -> bool:
    """Anyone signed in, on any démarche that is not a draft, whatever the phase."""
    return is_signed_in(user) and process.status != Process.Status.DRAFT


@rule(_("Seule l'équipe de modération peut faire cela."))
def can_moderate(user, territory: Territory | None) -> bool:
    return (
        is_signed_in(user) and territory is not None and has_role(user, territory, Role.MODERATOR)  # type: ignore[arg-type]  # untyped TextChoices, no django-stubs
    )


def _edit_refusal(user, contribution, at: datetime | None = None) -> str:
    """Which condition said no, in the words a person needs to understand it."""
    if not wrote_online(user, contribution):
        return str(_("Seule la personne qui a écrit ce message en ligne peut le modifier."))
    if contribution.is_withdrawn:
        return str(_("Ce message a été retiré : il ne peut plus être modifié."))
    if contribution.is_hidden:
        return str(_("Ce message est masqué par la modération : il ne peut plus être modifié."))
    return str(
        _("Ce message ne peut être modifié que pendant la phase où la démarche les recueille.")
    )


@rule(_edit_refusal)
def can_edit_contribution(user, contribution, at: datetime | None = None) -> bool:
    """The author, while the phase that took the text (contributions or replies) is open."""
    component = REPLY if contribution.is_reply else CONTRIBUTE
    return (
        wrote_online(user, contribution)
        and not contribution.is_withdrawn
        and not contribution.is_hidden
        and component_open(contribution.process, component, at)
    )


def _withdraw_refusal(user, contribution) -> str:
    if not wrote_online(user, contribution):
        return str(_("Seule la personne qui a écrit ce message en ligne peut le retirer."))
    return str(_("Ce message est déjà retiré."))


@rule(_withdraw_refusal)
def can_withdraw_contribution(user, contribution) -> bool:
    """The author, in any phase: taking one's words back does not wait for a phase."""
    return wrote_online(user, contribution) and not contribution.is_withdrawn
