"""Named predicates for démarches, aware of the phase.

Each participation app writes its own predicates in its `rules.py`, built on
`component_open` (is the démarche published, and does its running phase open
this component?). Services call `.require(...)`, views and templates call the
predicate to decide what to show.
"""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parlons.accounts.models import Role
from parlons.accounts.roles import has_role
from parlons.accounts.rules import is_administrator, is_signed_in
from parlons.core.models import Territory
from parlons.core.rules import rule
from parlons.processes.models import Process


def component_open(process: Process, component: str, at: datetime | None = None) -> bool:
    """True if the démarche is published and its running phase opens `component`."""
    if not process.is_published:
        return False
    phase = process.current_phase(at or timezone.now())
    return phase is not None and phase.allows(component)


def is_organiser(user, territory: Territory) -> bool:
    return is_signed_in(user) and has_role(user, territory, Role.ORGANISER)  # type: ignore[arg-type]  # untyped TextChoices, no django-stubs


@rule(_("Seule l'équipe d'organisation peut modifier cette démarche."))
def can_manage_process(user, process: Process) -> bool:
    return is_organiser(user, process.territory)


@rule(_("Seule l'équipe d'organisation peut créer une démarche."))
def can_create_process(user, territory: Territory | None) -> bool:
    return territory is not None and is_organiser(user, territory)


def can_view_process(user, process: Process) -> bool:
    return process.status != Process.Status.DRAFT or can_manage_process(user, process)


@rule(_("Seuls les administrateurs modifient les réglages du territoire."))
def can_edit_territory(user, territory: Territory | None) -> bool:
    return is_administrator(user, territory)
