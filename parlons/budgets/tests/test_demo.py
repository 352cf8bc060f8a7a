"""The demo's budget: 12 projects put to the vote, a few hundred ballots, published results."""

import pytest

from parlons.accounts.models import Role
from parlons.budgets.models import Budget, Project
from parlons.budgets.queries import published_outcome
from parlons.demo import budgets_data
from parlons.demo.backdating import Backdating

from .conftest import ballots

pytestmark = pytest.mark.django_db


def test_the_demo_budget_is_voted_counted_and_published(client, territory, organiser, citizen):
    users = {Role.ORGANISER: organiser, Role.CITIZEN: citizen}
    process = budgets_data.load(territory, None, users, Backdating())
    budget = Budget.objects.get(process=process)
    assert budget.projects.filter(feasibility=Project.Feasibility.FEASIBLE).count() == 12
    assert budget.projects.get(feasibility="not_feasible").feasibility_reason
    assert 200 <= ballots().filter(budget=budget).count() <= budgets_data.VOTERS
    outcome = published_outcome(budget)
    assert outcome is not None and outcome.rule == "mes-cost-completed"
    assert sum(int(float(p["cost"])) for p in outcome.data["projects"] if p["selected"]) > 0
    page = client.get(f"/demarches/{process.slug}/budget/resultats/").content.decode()
    assert "Un jardin partagé derrière la médiathèque" in page and "<svg" in page
