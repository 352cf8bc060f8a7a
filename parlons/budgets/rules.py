"""Who may do what with a participatory budget, aware of the démarche's phase."""

from datetime import datetime

from django.utils.translation import gettext_lazy as _

from parlons.accounts.models import Role
from parlons.accounts.roles import has_role
from parlons.accounts.rules import is_signed_in, may_participate
from parlons.core.rules import rule
from parlons.processes.models import Process
from parlons.processes.rules import component_open, is_organiser

from .components import SUBMIT_PROJECTS, VOTE


@rule(_("Le dépôt de projets n'est pas ouvert dans cette démarche en ce moment."))
def can_submit_project(user, process: Process, at: datetime | None = None) -> bool:
    return may_participate(user) and component_open(process, SUBMIT_PROJECTS, at)


@rule(_("Le vote n'est pas ouvert dans cette démarche en ce moment."))
def can_vote(user, process: Process, at: datetime | None = None) -> bool:
    return may_participate(user) and component_open(process, VOTE, at)


@rule(_("Seule l'équipe d'organisation peut gérer le budget participatif."))
def can_manage_budget(user, process: Process) -> bool:
    return is_organiser(user, process.territory)


def vote_open(process: Process, at: datetime | None = None) -> bool:
    return component_open(process, VOTE, at)


def is_poll_officer(user, process: Process) -> bool:
    """Mediators and organisers keep the polling places: they enter paper ballots."""
    return is_signed_in(user) and has_role(
        user,
        process.territory,
        Role.MEDIATOR,  # type: ignore[arg-type]  # untyped TextChoices, no django-stubs
        Role.ORGANISER,  # type: ignore[arg-type]  # untyped TextChoices, no django-stubs
    )


@rule(
    _(
        "Les bulletins papier sont saisis par l'équipe du bureau de vote (médiation, "
        "organisation), pendant le vote."
    )
)
def can_enter_paper_ballots(user, process: Process, at: datetime | None = None) -> bool:
    return is_poll_officer(user, process) and component_open(process, VOTE, at)


@rule(
    _(
        "Les bulletins papier sont vérifiés par l'équipe du bureau de vote (médiation, "
        "organisation)."
    )
)
def can_check_paper_ballots(user, process: Process) -> bool:
    """Any poll officer, also once the vote is closed (the last papers are checked then);
    never the officer who entered the ballot (the services refuse it)."""
    return is_poll_officer(user, process)
