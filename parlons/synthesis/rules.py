"""Who may analyse a démarche and publish its synthesis.

There is no synthesis role: organisers (and administrators, who hold every
role) run analyses, decide on themes and publish; everyone reads a published
synthesis of a démarche they may see.
"""

from django.utils.translation import gettext_lazy as _

from parlons.accounts.models import Role
from parlons.accounts.roles import has_role
from parlons.accounts.rules import is_signed_in
from parlons.core.rules import rule
from parlons.processes.models import Process
from parlons.processes.rules import can_view_process


@rule(_("Seule l'équipe d'organisation peut analyser les contributions de cette démarche."))
def can_analyse(user, process: Process) -> bool:
    return is_signed_in(user) and has_role(user, process.territory, Role.ORGANISER)  # type: ignore[arg-type]  # untyped TextChoices, no django-stubs


@rule(_("Seule l'équipe d'organisation peut écrire et publier la synthèse."))
def can_write_synthesis(user, process: Process) -> bool:
    return is_signed_in(user) and has_role(user, process.territory, Role.ORGANISER)  # type: ignore[arg-type]  # untyped TextChoices, no django-stubs


def can_read_synthesis(user, process: Process, report) -> bool:
    if report is None:
        return False
    if report.is_published:
        return can_view_process(user, process)
    return can_write_synthesis(user, process)
