"""What the questionnaires let a phase open."""

from django.utils.translation import gettext_lazy as _

from parlons.processes.components import Component

ANSWER_QUESTIONNAIRE = "questionnaire"

COMPONENTS = [
    Component(
        ANSWER_QUESTIONNAIRE,
        _("répondre au questionnaire"),
        order=40,
        action=_("Répondre au questionnaire"),
        action_url="questionnaires:for_process",
        action_needs_account=False,
    ),
]
