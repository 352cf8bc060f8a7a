"""Counting the ballots of a démarche with the engine, publishing, pabulib in and out."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.dispatch import receiver

from parlons.budgets import services
from parlons.budgets.counting import count_election, parse_pabulib
from parlons.budgets.decisions import accepted_decisions
from parlons.budgets.models import Budget, CountOutcome
from parlons.budgets.tasks import count_budget_task
from parlons.processes.decisions import collect_decisions, decision_made

from .conftest import vote_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def voted(budget, personas):
    ballots = {
        "citizen": ["Jardin partagé", "Bancs et fontaines"],
        "mediator": ["Jardin partagé", "Pistes cyclables"],
        "moderator": ["Skatepark", "Bancs et fontaines"],
        "expert": ["Jardin partagé"],
        "dpo": ["Pistes cyclables"],
    }
    for role, titles in ballots.items():
        vote_for(personas[role], budget, *titles)
    return budget


def test_the_background_task_counts_the_database_ballots_with_explanations(voted):
    outcome = CountOutcome.objects.get(pk=count_budget_task.call(budget_id=voted.pk))
    rows = {row["title"]: row for row in outcome.data["projects"]}
    assert outcome.ballots == 5 and outcome.rule == "greedy"
    assert {t: (r["votes"], r["selected"]) for t, r in rows.items()} == {
        "Jardin partagé": ("3", True),
        "Pistes cyclables": ("2", True),
        "Bancs et fontaines": ("2", False),
        "Skatepark": ("1", False),
    }
    assert rows["Jardin partagé"]["why"].startswith("sélectionné : 3\xa0voix, 30\u202f000\xa0€")
    assert rows["Bancs et fontaines"]["why"].startswith("non sélectionné")
    assert outcome.data["used"] == "90000"


def test_an_organiser_publishes_and_each_winning_project_is_announced(voted, organiser):
    announced = []

    @receiver(decision_made)
    def follow(decision, **kwargs):
        announced.append(decision)

    try:
        services.count_budget(voted)
        services.publish_results(actor=organiser, budget=voted)
    finally:
        decision_made.disconnect(follow)
    assert [(d.kind, d.title, d.amount) for d in announced] == [
        ("budget_project", "Jardin partagé", Decimal(30000)),
        ("budget_project", "Pistes cyclables", Decimal(60000)),
    ]
    assert announced[0].decided_by == organiser.public_name
    assert accepted_decisions(voted.process) == announced
    assert collect_decisions(voted.process, kind="budget_project") == sorted(
        announced, key=lambda d: (d.decided_at, d.kind, d.key)
    )


def test_nothing_to_publish_before_a_count(budget, organiser):
    with pytest.raises(ValidationError, match="lancez d'abord le décompte"):
        services.publish_results(actor=organiser, budget=budget)
    assert accepted_decisions(budget.process) == []


def test_districts_are_counted_each_with_its_own_amount(make_budget, personas):
    budget = make_budget(
        projects=[
            ("Parc Nord", "40000", "Nord"),
            ("Bancs Nord", "20000", "Nord"),
            ("Parc Sud", "30000", "Sud"),
        ],
        districts=[("Nord", Decimal(50000)), ("Sud", Decimal(30000))],
    )
    vote_for(personas["citizen"], budget, "Parc Nord", "Parc Sud")
    vote_for(personas["expert"], budget, "Bancs Nord")
    vote_for(personas["mediator"], budget, "Parc Nord")
    data = services.count_budget(budget).data
    assert data["by_district"] is True
    assert [(d["name"], d["budget"], d["used"]) for d in data["districts"]] == [
        ("Nord", "50000", "40000"),
        ("Sud", "30000", "30000"),
    ]
    assert data["notes"][0].startswith("décompte par quartier, comme demandé : 2 quartiers")


@pytest.mark.parametrize(
    ("kind", "rule", "points"),
    [
        (Budget.BallotKind.KNAPSACK, "mes-cost-completed", None),
        (Budget.BallotKind.APPROVAL, "utilitarian", None),
        (Budget.BallotKind.CUMULATIVE, "greedy", [3, 2]),
        (Budget.BallotKind.RANKING, "greedy", [1, 2]),
    ],
)
def test_the_pabulib_export_has_no_voter_identity_and_recounts_the_same(
    make_budget, personas, kind, rule, points
):
    budget = make_budget(kind=kind, rule=rule, points=10, max_ranks=3, min_projects=1)
    vote_for(personas["citizen"], budget, "Jardin partagé", "Skatepark", points=points)
    vote_for(personas["expert"], budget, "Pistes cyclables", "Bancs et fontaines", points=points)
    vote_for(personas["mediator"], budget, "Jardin partagé", "Bancs et fontaines", points=points)
    text = services.export_pabulib(budget)
    for person in personas.values():
        if person is not None and getattr(person, "pk", None):
            assert person.email not in text and f";{person.pseudonym}" not in text
    again = parse_pabulib(text)
    assert again.num_voters == 3
    stored = services.count_budget(budget).data
    recounted = count_election(again, rule)
    assert sorted(recounted.selected_ids) == sorted(
        row["id"] for row in stored["projects"] if row["selected"]
    )


def test_a_pabulib_file_is_imported_and_its_results_published(budget, organiser):
    text = (
        "META\nkey;value\ndescription;Vote 2024\ncountry;France\nunit;Port-Essai\n"
        "instance;2024\nbudget;100\nvote_type;approval\ncurrency;EUR\n"
        "PROJECTS\nproject_id;cost;name\nA;60;Un parc\nB;50;Une piste\nC;30;Des bancs\n"
        "VOTES\nvoter_id;vote\n1;A,C\n2;A\n3;B\n"
    )
    outcome = services.import_pabulib(actor=organiser, budget=budget, text=text, rule="greedy")
    assert [r["title"] for r in outcome.data["projects"] if r["selected"]] == [
        "Un parc",
        "Des bancs",
    ]
    services.publish_results(actor=organiser, budget=budget)
    # A past vote imported is shown, not announced as this démarche's decisions.
    assert accepted_decisions(budget.process) == []


def test_a_malformed_pabulib_file_is_refused_in_french_with_its_line(budget, organiser):
    text = "META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\nA;cent\n"
    with pytest.raises(ValidationError) as refused:
        services.import_pabulib(actor=organiser, budget=budget, text=text, rule="greedy")
    assert refused.value.messages[0].startswith("Fichier illisible : ligne 7, colonne 2")
    assert not CountOutcome.objects.exists()


def test_a_tie_is_explained_with_project_names_in_the_order_they_were_entered(budget, personas):
    vote_for(personas["citizen"], budget, "Pistes cyclables")
    vote_for(personas["expert"], budget, "Skatepark")
    rows = {row["title"]: row for row in services.count_budget(budget).data["projects"]}
    # 60,000 + 45,000 do not fit in 100,000: the one entered first goes first.
    assert rows["Pistes cyclables"]["selected"] and not rows["Skatepark"]["selected"]
    assert (
        "à égalité avec « Pistes cyclables » : l'égalité est départagée par l'ordre dans "
        "lequel les projets ont été enregistrés"
    ) in rows["Skatepark"]["why"]
