"""Who may do what in the debate, by role and by phase: the predicates' matrix.

The services' matrix (test_permissions.py) checks the same policy through the
writes; this one checks the predicates that pages ask to decide what to show.
"""

import pytest

from parlons.conftest import ROLES
from parlons.debates import rules
from parlons.processes.models import Process

SIGNED_IN = set(ROLES) - {"anonymous"}

# predicate -> roles allowed when the running phase opens every component
ALLOWED_WHEN_OPEN = {
    "can_contribute": SIGNED_IN,
    "can_reply": SIGNED_IN,
    "can_react": SIGNED_IN,
    "can_contribute_on_behalf": {"mediator", "organiser", "administrator"},
    "can_answer_officially": {"expert", "administrator"},
}
# predicate -> roles allowed whatever the phase
ALLOWED_IN_ANY_PHASE = {
    "can_report": SIGNED_IN,
    "can_import_paper_forms": {"mediator", "organiser", "administrator"},
}
COVERED_RULES = set(ALLOWED_WHEN_OPEN) | set(ALLOWED_IN_ANY_PHASE) | {"can_moderate"}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("predicate", sorted(ALLOWED_WHEN_OPEN))
def test_phase_open_allows_exactly_the_expected_roles(role, predicate, personas, make_process):
    process = make_process()
    user = personas[role]
    assert getattr(rules, predicate)(user, process) is (role in ALLOWED_WHEN_OPEN[predicate])


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("predicate", sorted(ALLOWED_WHEN_OPEN))
def test_phase_closed_allows_nobody(role, predicate, personas, make_process):
    process = make_process(open=())
    assert getattr(rules, predicate)(personas[role], process) is False


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("predicate", sorted(ALLOWED_IN_ANY_PHASE))
@pytest.mark.parametrize("open", [("contribute",), ()])
def test_reports_and_paper_forms_do_not_depend_on_the_phase(
    role, predicate, open, personas, make_process
):
    process = make_process(open=open)
    expected = role in ALLOWED_IN_ANY_PHASE[predicate]
    assert getattr(rules, predicate)(personas[role], process) is expected


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_moderation_by_role(role, personas, territory):
    assert rules.can_moderate(personas[role], territory) is (role in {"moderator", "administrator"})


@pytest.mark.django_db
def test_a_draft_process_opens_nothing_even_in_its_phase(personas, make_process):
    draft = make_process(status=Process.Status.DRAFT)
    assert rules.can_contribute(personas["citizen"], draft) is False
    assert rules.can_report(personas["citizen"], draft) is False
    assert rules.can_import_paper_forms(personas["mediator"], draft) is False
