"""Who may do what with the follow-up of decisions.

Anyone who may read the démarche reads its follow-up, whatever the phase: a
decision is followed long after the démarche closed. Only the organising team
writes it, whatever the phase too.
"""

from django.utils.translation import gettext_lazy as _

from parlons.core.models import Territory
from parlons.core.rules import rule
from parlons.processes.models import Process
from parlons.processes.rules import can_view_process, is_organiser


def can_view_followup(user, process: Process) -> bool:
    return can_view_process(user, process)


@rule(_("Seule l'équipe d'organisation peut tenir le suivi des décisions."))
def can_manage_followup(user, process: Process) -> bool:
    return is_organiser(user, process.territory)


@rule(_("Seule l'équipe d'organisation peut tenir le suivi des décisions."))
def can_manage_followup_in(user, territory: Territory | None) -> bool:
    return territory is not None and is_organiser(user, territory)
