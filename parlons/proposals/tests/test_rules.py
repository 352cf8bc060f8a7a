"""Who may do what with proposals, by role and by phase: the predicates' matrix."""

import pytest

from parlons.conftest import ROLES
from parlons.processes.models import Process
from parlons.proposals import rules
from parlons.proposals.components import PROPOSE, SUPPORT

SIGNED_IN = set(ROLES) - {"anonymous"}
STAFF_ANSWERS = {"expert", "organiser", "administrator"}

# predicate -> roles allowed when the running phase opens proposals and supports
ALLOWED_WHEN_OPEN = {
    "can_propose": SIGNED_IN,
    "can_support": SIGNED_IN,
    "can_propose_on_behalf": {"mediator", "organiser", "administrator"},
    "can_support_on_behalf": {"mediator", "organiser", "administrator"},
}
# predicate -> roles allowed whatever the phase (the démarche is published)
ALLOWED_IN_ANY_PHASE = {
    "can_answer_proposal": STAFF_ANSWERS,
    "can_set_up_proposals": {"organiser", "administrator"},
}
# The author's own proposal: (phase that opens, answered?) -> (may edit, may withdraw).
# Nobody else may do either, whatever their role (the team answers, merges, or withdraws
# a mediated proposal on request with its receipt).
AUTHOR_MATRIX = {
    ((PROPOSE, SUPPORT), False): (True, True),
    ((SUPPORT,), False): (False, True),
    ((), False): (False, True),
    ((PROPOSE, SUPPORT), True): (False, False),
    ((), True): (False, False),
}
AUTHOR_RULES = {"can_edit_proposal", "can_withdraw_proposal"}
COVERED_RULES = set(ALLOWED_WHEN_OPEN) | set(ALLOWED_IN_ANY_PHASE) | AUTHOR_RULES


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("predicate", sorted(ALLOWED_WHEN_OPEN))
def test_phase_open_allows_exactly_the_expected_roles(role, predicate, personas, make_process):
    process = make_process(open=(PROPOSE, SUPPORT))
    assert getattr(rules, predicate)(personas[role], process) is (
        role in ALLOWED_WHEN_OPEN[predicate]
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("predicate", sorted(ALLOWED_WHEN_OPEN))
def test_phase_closed_allows_nobody(role, predicate, personas, make_process):
    # A phase that opens the debate but not proposals.
    process = make_process(open=("contribute",))
    assert getattr(rules, predicate)(personas[role], process) is False


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("predicate", sorted(ALLOWED_IN_ANY_PHASE))
@pytest.mark.parametrize("open", [(PROPOSE, SUPPORT), ()])
def test_answers_and_settings_do_not_depend_on_the_phase(
    role, predicate, open, personas, make_process
):
    process = make_process(open=open)
    expected = role in ALLOWED_IN_ANY_PHASE[predicate]
    assert getattr(rules, predicate)(personas[role], process) is expected


@pytest.mark.django_db
def test_proposing_and_supporting_are_separate_components(personas, make_process):
    only_supports = make_process(open=(SUPPORT,))
    assert rules.can_support(personas["citizen"], only_supports) is True
    assert rules.can_propose(personas["citizen"], only_supports) is False


@pytest.mark.django_db
def test_an_unconfirmed_address_and_a_draft_open_nothing(personas, make_process, citizen):
    draft = make_process(open=(PROPOSE, SUPPORT), status=Process.Status.DRAFT)
    assert rules.can_propose(personas["citizen"], draft) is False
    assert rules.can_answer_proposal(personas["expert"], draft) is False
    process = make_process(open=(PROPOSE, SUPPORT), slug="autre")
    citizen.email_confirmed_at = None
    citizen.save(update_fields=["email_confirmed_at"])
    assert rules.can_propose(citizen, process) is False
    assert rules.can_support(citizen, process) is False


@pytest.mark.django_db
@pytest.mark.parametrize(("open", "answered"), sorted(AUTHOR_MATRIX, key=str))
def test_the_author_edits_while_filing_is_open_and_withdraws_until_the_answer(
    open, answered, personas, make_process, citizen, expert
):
    from parlons.proposals import services
    from parlons.proposals.models import State

    process = make_process(open=(PROPOSE, SUPPORT))
    proposal = services.submit_proposal(
        actor=citizen, process=process, title="Un banc", body="Un banc au square."
    )
    if answered:
        services.answer(
            actor=expert, proposal=proposal, state=State.UNDER_STUDY, answering_body="Mairie"
        )
    process.phases.update(components=list(open))
    proposal = type(proposal).objects.select_related("process").get(pk=proposal.pk)
    expected = AUTHOR_MATRIX[(open, answered)]
    assert (
        rules.can_edit_proposal(citizen, proposal),
        rules.can_withdraw_proposal(citizen, proposal),
    ) == expected
    for role in set(ROLES) - {"citizen"}:
        assert rules.can_edit_proposal(personas[role], proposal) is False, role
        assert rules.can_withdraw_proposal(personas[role], proposal) is False, role
