"""What the debate lets a phase open."""

from django.utils.translation import gettext_lazy as _

from parlons.processes.components import Component

CONTRIBUTE = "contribute"
REPLY = "reply"
REACT = "react"
EXPERT_ANSWERS = "expert_answers"

COMPONENTS = [
    Component(
        CONTRIBUTE,
        _("contribuer"),
        order=10,
        action=_("Contribuer"),
        action_url="debates:contribute",
    ),
    Component(REPLY, _("répondre aux contributions"), order=20),
    Component(REACT, _("réagir (d'accord, pas d'accord, sans avis)"), order=30),
    Component(EXPERT_ANSWERS, _("réponses des experts et des élus"), order=50),
]
