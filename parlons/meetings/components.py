"""What public meetings let a phase open."""

from django.utils.translation import gettext_lazy as _

from parlons.processes.components import Component

MEETINGS = "meetings"

COMPONENTS = [
    Component(
        MEETINGS,
        _("s'inscrire aux réunions publiques"),
        order=40,
        # Anyone may read the list; signing in comes when registering.
        action=_("Voir les réunions publiques"),
        action_url="meetings:list",
        action_needs_account=False,
    )
]
