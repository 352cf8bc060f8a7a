"""Who may do what with a participatory budget, aware of the démarche's phase."""

from datetime import datetime

from django.utils.translation import gettext_lazy as _

from parlons.accounts.rules import may_participate
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
