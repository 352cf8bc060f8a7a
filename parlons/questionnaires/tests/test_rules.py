"""Who may do what with questionnaires, by role and by phase: the predicates' matrix."""

import pytest

from parlons.conftest import ROLES
from parlons.processes.models import Process
from parlons.questionnaires import rules, services

SIGNED_IN = set(ROLES) - {"anonymous"}
MANAGERS = {"organiser", "administrator"}
COUNTER = {"mediator", "organiser", "administrator"}

# access of the questionnaire -> roles that may answer while the phase opens it
ANSWER_WHEN_OPEN = {"account": SIGNED_IN, "open": set(ROLES), "code": set()}
# predicate -> roles allowed whatever the phase
IN_ANY_PHASE = {"can_manage_questionnaires": MANAGERS, "can_enter_paper_answers": COUNTER}
COVERED_RULES = {
    "can_answer",
    "can_manage_questionnaires",
    "can_enter_paper_answers",
    "can_read_results",
    "can_change_response",
    "can_correct_response",  # its matrix: test_corrections.test_who_may_correct_which_response
}


def _questionnaire(process, organiser, access="account"):
    return services.create_questionnaire(
        actor=organiser, process=process, title="Vos usages", access=access
    )


def test_every_rule_of_the_app_is_in_the_matrix():
    from parlons.core.rules import RULES

    declared = {
        name.rsplit(".", 1)[1] for name in RULES if name.startswith("parlons.questionnaires.")
    }
    assert declared == COVERED_RULES


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("access", sorted(ANSWER_WHEN_OPEN))
def test_answering_while_the_phase_is_open(role, access, personas, make_process, organiser):
    questionnaire = _questionnaire(make_process(open=("questionnaire",)), organiser, access)
    assert rules.can_answer(personas[role], questionnaire) is (role in ANSWER_WHEN_OPEN[access])
    # A code opens a code questionnaire to anyone who holds one.
    assert rules.can_answer(personas[role], questionnaire, has_code=True) is (
        access != "account" or role in SIGNED_IN
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("access", sorted(ANSWER_WHEN_OPEN))
def test_nobody_answers_when_the_phase_does_not_open_it(
    role, access, personas, make_process, organiser
):
    questionnaire = _questionnaire(make_process(open=("contribute",)), organiser, access)
    assert rules.can_answer(personas[role], questionnaire, has_code=True) is False


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("predicate", sorted(IN_ANY_PHASE))
@pytest.mark.parametrize("open", [("questionnaire",), ()])
def test_building_and_paper_entry_do_not_depend_on_the_phase(
    role, predicate, open, personas, make_process
):
    process = make_process(open=open)
    assert getattr(rules, predicate)(personas[role], process) is (role in IN_ANY_PHASE[predicate])


@pytest.mark.django_db
def test_a_draft_process_takes_no_paper_answers(personas, make_process):
    draft = make_process(status=Process.Status.DRAFT)
    assert rules.can_enter_paper_answers(personas["mediator"], draft) is False


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_results_are_read_by_managers_until_published(role, personas, make_process, organiser):
    questionnaire = _questionnaire(make_process(open=("questionnaire",)), organiser)
    assert rules.can_read_results(personas[role], questionnaire) is (role in MANAGERS)
    services.publish_results(actor=organiser, questionnaire=questionnaire)
    assert rules.can_read_results(personas[role], questionnaire) is True


@pytest.mark.django_db
def test_a_sent_response_changes_only_while_allowed(survey, citizen, organiser):
    from .conftest import answer_survey

    response = answer_survey(survey, actor=citizen)
    assert rules.can_change_response(citizen, response) is True
    services.update_questionnaire(
        actor=organiser, questionnaire=survey["questionnaire"], editable_until_close=False
    )
    response.refresh_from_db()
    assert rules.can_change_response(citizen, response) is False
    assert "ne permet pas de les modifier" in rules.can_change_response.refusal_for(
        citizen, response
    )
