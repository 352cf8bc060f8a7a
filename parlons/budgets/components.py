"""What participatory budgets let a phase open: submitting projects, then voting."""

from django.utils.translation import gettext_lazy as _

from parlons.processes.components import Component

SUBMIT_PROJECTS = "budget_projects"
VOTE = "budget_vote"

COMPONENTS = [
    Component(
        SUBMIT_PROJECTS,
        _("déposer un projet"),
        order=70,
        action=_("Déposer un projet"),
        action_url="budgets:submit",
    ),
    Component(
        VOTE,
        _("voter pour le budget participatif"),
        order=71,
        action=_("Voter pour des projets"),
        action_url="budgets:vote",
    ),
]
