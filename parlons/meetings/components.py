"""What public meetings let a phase open."""

from django.utils.translation import gettext_lazy as _

from parlons.processes.components import Component

MEETINGS = "meetings"

COMPONENTS = [Component(MEETINGS, _("s'inscrire aux réunions publiques"), order=40)]
