"""Who may build, answer, enter on paper and read the results of a questionnaire."""

from datetime import datetime

from django.utils.translation import gettext_lazy as _

from parlons.accounts.models import Role
from parlons.accounts.roles import has_role
from parlons.accounts.rules import is_signed_in, may_participate
from parlons.core.rules import rule
from parlons.processes.models import Process
from parlons.processes.rules import component_open, is_organiser

from .components import ANSWER_QUESTIONNAIRE
from .models import Questionnaire, Response


@rule(_("Seule l'équipe d'organisation prépare les questionnaires et en lit les réponses."))
def can_manage_questionnaires(user, process: Process) -> bool:
    return is_organiser(user, process.territory)


def _answer_refusal(
    user, questionnaire: Questionnaire, at: datetime | None = None, *, has_code: bool = False
) -> str:
    if not component_open(questionnaire.process, ANSWER_QUESTIONNAIRE, at):
        return str(_("Ce questionnaire n'est pas ouvert aux réponses en ce moment."))
    if questionnaire.access == Questionnaire.Access.CODE:
        return str(_("Ce questionnaire demande le code à usage unique que vous avez reçu."))
    return str(_("Connectez-vous pour répondre à ce questionnaire."))


@rule(_answer_refusal)
def can_answer(
    user, questionnaire: Questionnaire, at: datetime | None = None, *, has_code: bool = False
) -> bool:
    """While a phase opens the component: signed in, or with a code, or anyone (by access)."""
    if not component_open(questionnaire.process, ANSWER_QUESTIONNAIRE, at):
        return False
    if questionnaire.access == Questionnaire.Access.OPEN:
        return True
    if questionnaire.access == Questionnaire.Access.CODE:
        return has_code
    return may_participate(user)


@rule(
    _(
        "Seules les personnes chargées de la médiation ou de l'organisation saisissent les "
        "réponses papier."
    )
)
def can_enter_paper_answers(user, process: Process) -> bool:
    """Paper forms come back after the phase too: any phase of a published démarche."""
    return (
        is_signed_in(user)
        and process.is_published
        and has_role(user, process.territory, Role.MEDIATOR, Role.ORGANISER)  # type: ignore[arg-type]  # untyped TextChoices, no django-stubs
    )


@rule(_("Les résultats de ce questionnaire ne sont pas publiés."))
def can_read_results(user, questionnaire: Questionnaire) -> bool:
    process = questionnaire.process
    if can_manage_questionnaires(user, process):
        return True
    return questionnaire.results_published and process.status != Process.Status.DRAFT


def _edit_refusal(user, response: Response, at: datetime | None = None) -> str:
    if not response.questionnaire.editable_until_close:
        return str(
            _("Vos réponses sont envoyées ; ce questionnaire ne permet pas de les modifier.")
        )
    return str(_("Les réponses ne peuvent plus être modifiées : la phase est terminée."))


@rule(_edit_refusal)
def can_change_response(user, response: Response, at: datetime | None = None) -> bool:
    """A draft may always be completed while the phase is open; a sent one only when allowed."""
    questionnaire = response.questionnaire
    if not component_open(questionnaire.process, ANSWER_QUESTIONNAIRE, at):
        return False
    return not response.is_submitted or questionnaire.editable_until_close


@rule(
    _(
        "Seule l'équipe d'organisation corrige une réponse envoyée ; une personne médiatrice "
        "corrige les réponses papier et au guichet."
    )
)
def can_correct_response(user, response: Response) -> bool:
    """Correct a sent answer (a typo of a paper entry…), whatever the phase: history is audited."""
    process = response.questionnaire.process
    if not is_signed_in(user) or not response.is_submitted:
        return False
    if is_organiser(user, process.territory):
        return True
    return response.source != Response.Source.ONLINE and has_role(
        user,
        process.territory,
        Role.MEDIATOR,  # type: ignore[arg-type]  # untyped TextChoices, no django-stubs
    )
