"""What the proposals let a phase open."""

from django.utils.translation import gettext_lazy as _

from parlons.processes.components import Component

PROPOSE = "propose"
SUPPORT = "support_proposals"

COMPONENTS = [
    Component(
        PROPOSE,
        _("proposer des idées"),
        order=15,
        action=_("Proposer une idée"),
        action_url="proposals:propose",
    ),
    Component(SUPPORT, _("soutenir les propositions"), order=16),
]
