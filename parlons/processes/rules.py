"""Named predicates for démarches, aware of the phase.

Every permission check in Parlons is a predicate like these, called by the
services (which refuse) and by the templates (which hide what cannot be done).
"""

from django.utils import timezone

from parlons.accounts.models import Role
from parlons.accounts.roles import has_role
from parlons.processes.models import Component, Process


def component_open(process: Process, component: str, at=None) -> bool:
    """True if the démarche is published and its running phase opens `component`."""
    if not process.is_published:
        return False
    phase = process.current_phase(at or timezone.now())
    return phase is not None and phase.allows(component)


def is_signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_manage_process(user, process: Process) -> bool:
    return is_signed_in(user) and has_role(user, process.territory, Role.ORGANISER)


def can_create_process(user, territory) -> bool:
    return is_signed_in(user) and has_role(user, territory, Role.ORGANISER)


def can_view_process(user, process: Process) -> bool:
    return process.status != Process.Status.DRAFT or can_manage_process(user, process)


def can_contribute(user, process: Process, at=None) -> bool:
    return is_signed_in(user) and component_open(process, Component.CONTRIBUTE, at)


def can_contribute_on_behalf(user, process: Process, at=None) -> bool:
    """Mediators (and organisers) enter contributions for people without an account."""
    return (
        is_signed_in(user)
        and has_role(user, process.territory, Role.MEDIATOR, Role.ORGANISER)
        and component_open(process, Component.CONTRIBUTE, at)
    )


def can_import_paper_forms(user, process: Process) -> bool:
    """Paper forms may be imported after the contribution phase ended too."""
    return (
        is_signed_in(user)
        and process.is_published
        and has_role(user, process.territory, Role.MEDIATOR, Role.ORGANISER)
    )


def can_reply(user, process: Process, at=None) -> bool:
    return is_signed_in(user) and component_open(process, Component.REPLY, at)


def can_react(user, process: Process, at=None) -> bool:
    return is_signed_in(user) and component_open(process, Component.REACT, at)


def can_answer_officially(user, process: Process, at=None) -> bool:
    return (
        is_signed_in(user)
        and has_role(user, process.territory, Role.EXPERT)
        and component_open(process, Component.EXPERT_ANSWERS, at)
    )


def can_register_to_meeting(user, process: Process, at=None) -> bool:
    return is_signed_in(user) and component_open(process, Component.MEETINGS, at)


def can_manage_meetings(user, process: Process) -> bool:
    return is_signed_in(user) and has_role(user, process.territory, Role.ORGANISER)


def can_report(user) -> bool:
    return is_signed_in(user)


def can_moderate(user, territory) -> bool:
    return is_signed_in(user) and has_role(user, territory, Role.MODERATOR)


def can_see_privacy_register_details(user, territory) -> bool:
    return is_signed_in(user) and has_role(user, territory, Role.DPO)
