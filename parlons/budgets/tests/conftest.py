"""A démarche with a participatory budget and its projects, on top of the shared personas."""

from decimal import Decimal

import pytest

from parlons.budgets import services
from parlons.budgets.components import SUBMIT_PROJECTS, VOTE
from parlons.budgets.models import Ballot, Budget, District, Project

VOTING = (VOTE,)
SUBMITTING = (SUBMIT_PROJECTS,)

PROJECTS = [
    ("Jardin partagé", "30000", ""),
    ("Pistes cyclables", "60000", ""),
    ("Bancs et fontaines", "15000", ""),
    ("Skatepark", "45000", ""),
]


@pytest.fixture
def make_budget(make_process, organiser):
    """make_budget(kind="knapsack", open=VOTING, total="100000", districts=None, ...)"""

    def build(
        kind=Budget.BallotKind.KNAPSACK,
        open=VOTING,
        total="100000",
        projects=PROJECTS,
        districts=None,
        slug="budget-2027",
        **fields,
    ) -> Budget:
        process = make_process(open=open, slug=slug, title="Budget participatif 2027")
        budget = Budget.objects.create(
            process=process, total_amount=Decimal(total), ballot_kind=kind, **fields
        )
        by_name = {}
        for name, amount in districts or []:
            by_name[name] = District.objects.create(budget=budget, name=name, amount=amount)
        for title, cost, district in projects:
            Project.objects.create(
                budget=budget,
                title=title,
                public_title=title,
                description=f"Le projet « {title} ».",
                public_description=f"Le projet « {title} ».",
                cost=Decimal(cost),
                district=by_name.get(district),
                feasibility=Project.Feasibility.FEASIBLE,
            )
        return budget

    return build


@pytest.fixture
def budget(make_budget):
    return make_budget()


def project_ids(budget, *titles) -> list[int]:
    found = {p.title: p.pk for p in budget.projects.all()}
    return [found[title] for title in titles]


def vote_for(user, budget, *titles, points=None):
    ids = project_ids(budget, *titles)
    values = points or [1] * len(ids)
    return services.cast_ballot(
        actor=user, budget=budget, choices=dict(zip(ids, values, strict=True))
    )


def ballots():
    """Every ballot cast, the ballot boxes emptied first (ballots are written out in
    shuffled batches: services.BALLOT_BATCH)."""
    for budget in Budget.objects.all():
        services.empty_ballot_box(budget)
    return Ballot.objects.all()
