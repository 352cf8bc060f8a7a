"""Who may do what with a participatory budget, by role and by phase: the permission matrix."""

import pytest
from django.core.exceptions import PermissionDenied

from parlons.budgets import rules, services
from parlons.budgets.models import Project
from parlons.conftest import ROLES

from .conftest import SUBMITTING, VOTING, ballots, project_ids

SIGNED_IN = set(ROLES) - {"anonymous"}
ORGANISERS = {"organiser", "administrator"}
# Every predicate of budgets/rules.py that these matrices cover (core checks none is missed).
COVERED_RULES = {
    "can_submit_project",
    "can_vote",
    "can_manage_budget",
    "can_enter_paper_ballots",
    "can_check_paper_ballots",
}
POLL_OFFICERS = {"mediator", "organiser", "administrator"}

PHASES = {"submission": SUBMITTING, "vote": VOTING, "other": ("contribute",)}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("phase", PHASES)
def test_budget_rules_by_role_and_phase(role, phase, personas, make_budget):
    budget = make_budget(open=PHASES[phase])
    process = budget.process
    user = personas[role]
    may_submit = role in SIGNED_IN and phase == "submission"
    may_vote = role in SIGNED_IN and phase == "vote"
    assert rules.can_submit_project(user, process) is may_submit
    assert rules.can_vote(user, process) is may_vote
    assert rules.can_manage_budget(user, process) is (role in ORGANISERS)
    may_enter_paper = role in POLL_OFFICERS and phase == "vote"
    assert rules.can_enter_paper_ballots(user, process) is may_enter_paper
    # Checking goes on after the vote closes (the last papers); never one's own entry.
    assert rules.can_check_paper_ballots(user, process) is (role in POLL_OFFICERS)

    fields = {"title": "Un verger", "description": "Des pommiers.", "cost": 1000}
    if may_submit:
        project = services.submit_project(actor=user, process=process, **fields)
        assert project.feasibility == Project.Feasibility.PENDING
    else:
        with pytest.raises(PermissionDenied):
            services.submit_project(actor=user, process=process, **fields)

    choices = dict.fromkeys(project_ids(budget, "Jardin partagé"), 1)
    if may_vote:
        services.cast_ballot(actor=user, budget=budget, choices=choices)
        assert ballots().filter(budget=budget).count() == 1
    else:
        with pytest.raises(PermissionDenied):
            services.cast_ballot(actor=user, budget=budget, choices=choices)
        assert ballots().count() == 0

    paper = {"number": "A-001", "choices": choices}
    if may_enter_paper:
        services.enter_paper_ballot(actor=user, budget=budget, **paper)
    else:
        with pytest.raises(PermissionDenied):
            services.enter_paper_ballot(actor=user, budget=budget, **paper)

    if role not in ORGANISERS:
        with pytest.raises(PermissionDenied):
            services.set_up_budget(actor=user, process=process, total_amount=5)
        with pytest.raises(PermissionDenied):
            services.publish_results(actor=user, budget=budget)
        with pytest.raises(PermissionDenied):
            services.request_count(actor=user, budget=budget)
