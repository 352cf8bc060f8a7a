"""Who may do what with the library of initiatives."""

from django.utils.translation import gettext_lazy as _

from parlons.core.models import Territory
from parlons.core.rules import rule
from parlons.initiatives.models import Initiative
from parlons.processes.rules import is_organiser


@rule(_("Seule l'équipe d'organisation peut gérer la bibliothèque des initiatives."))
def can_manage_initiatives(user, territory: Territory) -> bool:
    return is_organiser(user, territory)


def can_view_initiative(user, initiative: Initiative) -> bool:
    """Everyone sees a published initiative; drafts are for the team."""
    return initiative.is_published or can_manage_initiatives(user, initiative.territory)
