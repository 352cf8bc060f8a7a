"""Setting up a budget, submitting and reviewing projects, casting each kind of ballot."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from parlons.budgets import services
from parlons.budgets.models import BallotChoice, Budget, PaperBallot, Project, VoterRecord
from parlons.core.models import AuditEntry

from .conftest import SUBMITTING, ballots, project_ids, vote_for

pytestmark = pytest.mark.django_db

KIND = Budget.BallotKind


def test_a_ballot_is_stored_apart_from_the_record_that_the_person_voted(budget, citizen):
    vote_for(citizen, budget, "Jardin partagé", "Bancs et fontaines")
    assert VoterRecord.objects.get().voter == citizen
    ballot = ballots().get()
    assert sorted(c.project.title for c in ballot.choices.all()) == [
        "Bancs et fontaines",
        "Jardin partagé",
    ]
    entry = AuditEntry.objects.get(action="budgets.vote")
    assert entry.actor == citizen and str(ballot.pk) not in str(entry.data)


def test_a_second_ballot_by_the_same_person_is_refused_and_the_first_stays(budget, citizen):
    vote_for(citizen, budget, "Jardin partagé")
    with pytest.raises(ValidationError) as refused:
        vote_for(citizen, budget, "Skatepark")
    assert "Vous avez déjà voté pour ce budget participatif" in refused.value.messages[0]
    assert ballots().count() == 1 and VoterRecord.objects.count() == 1
    assert BallotChoice.objects.get().project.title == "Jardin partagé"


def test_a_knapsack_ballot_over_budget_is_refused_with_the_amounts_in_french(budget, citizen):
    with pytest.raises(ValidationError) as refused:
        vote_for(citizen, budget, "Pistes cyclables", "Skatepark")
    assert refused.value.messages == [
        "Les projets choisis coûtent 105\u202f000\u00a0€, plus que le budget de "
        "100\u202f000\u00a0€ : retirez-en pour ne pas dépasser."
    ]
    assert not ballots().exists() and not VoterRecord.objects.exists()


def test_a_knapsack_ballot_with_districts_fits_each_districts_amount(make_budget, citizen):
    budget = make_budget(
        projects=[("Parc Nord", "40000", "Nord"), ("Parc Sud", "40000", "Sud")],
        districts=[("Nord", Decimal("50000")), ("Sud", Decimal("30000"))],
    )
    with pytest.raises(ValidationError) as refused:
        vote_for(citizen, budget, "Parc Nord", "Parc Sud")
    assert refused.value.messages == [
        "Les projets choisis dans le quartier Sud coûtent 40\u202f000\u00a0€, plus que son "
        "budget de 30\u202f000\u00a0€ : retirez-en pour ne pas dépasser."
    ]
    vote_for(citizen, budget, "Parc Nord")


@pytest.mark.parametrize(
    ("titles", "message"),
    [
        ((), "Choisissez au moins 2 projets."),
        (("Jardin partagé",), "Choisissez au moins 2 projets."),
        (
            ("Jardin partagé", "Skatepark", "Bancs et fontaines", "Pistes cyclables"),
            "Vous avez choisi 4 projets : 3 au plus.",
        ),
    ],
)
def test_an_approval_ballot_keeps_within_its_minimum_and_maximum(
    make_budget, citizen, titles, message
):
    budget = make_budget(kind=KIND.APPROVAL, min_projects=2, max_projects=3)
    with pytest.raises(ValidationError) as refused:
        vote_for(citizen, budget, *titles)
    assert message in refused.value.messages[0] or (
        not titles and refused.value.messages == ["Choisissez au moins un projet."]
    )
    vote_for(citizen, budget, "Jardin partagé", "Skatepark")


def test_a_cumulative_ballot_refuses_points_over_the_allowance_and_negative_points(
    make_budget, citizen
):
    budget = make_budget(kind=KIND.CUMULATIVE, points=10)
    with pytest.raises(ValidationError) as refused:
        vote_for(citizen, budget, "Jardin partagé", "Skatepark", points=[6, 5])
    assert "Vous avez réparti 11 points : vous en avez 10" in refused.value.messages[0]
    with pytest.raises(ValidationError, match="ne peut pas être négatif"):
        vote_for(citizen, budget, "Jardin partagé", "Skatepark", points=[6, -1])
    vote_for(citizen, budget, "Jardin partagé", "Skatepark", points=[6, 4])
    assert sorted(c.points for c in ballots().get().choices.all()) == [4, 6]


def test_a_ranking_ballot_gives_each_rank_once_from_1(make_budget, citizen):
    budget = make_budget(kind=KIND.RANKING, max_ranks=2)
    with pytest.raises(ValidationError, match="Chaque rang ne peut être donné qu'à un seul"):
        vote_for(citizen, budget, "Jardin partagé", "Skatepark", points=[1, 1])
    with pytest.raises(ValidationError, match="sans trou"):
        vote_for(citizen, budget, "Jardin partagé", "Skatepark", points=[1, 3])
    with pytest.raises(ValidationError, match="Classez 2 projets au plus"):
        vote_for(
            citizen, budget, "Jardin partagé", "Skatepark", "Bancs et fontaines", points=[1, 2, 3]
        )
    vote_for(citizen, budget, "Jardin partagé", "Skatepark", points=[2, 1])


def test_a_project_not_put_to_the_vote_cannot_be_chosen(budget, citizen):
    project = budget.projects.get(title="Skatepark")
    project.feasibility = Project.Feasibility.NOT_FEASIBLE
    project.feasibility_reason = "Terrain inondable."
    project.save()
    with pytest.raises(ValidationError, match="ne fait pas partie du vote"):
        services.cast_ballot(actor=citizen, budget=budget, choices={project.pk: 1})


def test_the_rule_is_chosen_before_the_vote_and_frozen_once_it_opened(
    make_budget, organiser, citizen
):
    budget = make_budget(open=SUBMITTING)
    services.set_up_budget(actor=organiser, process=budget.process, rule="mes-cost-completed")
    budget.refresh_from_db()
    assert budget.rule == "mes-cost-completed"
    phase = budget.process.phases.get(kind="contributions")
    phase.components = ["budget_vote"]
    phase.save()
    budget = Budget.objects.get(pk=budget.pk)
    with pytest.raises(ValidationError) as refused:
        services.set_up_budget(actor=organiser, process=budget.process, rule="greedy")
    assert (
        "la règle de décompte et le bulletin ne peuvent plus changer" in refused.value.messages[0]
    )
    budget.refresh_from_db()
    assert budget.rule == "mes-cost-completed"
    # The amount may still be corrected (a typo), the rule may not.
    services.set_up_budget(actor=organiser, process=budget.process, total_amount=Decimal(120000))


def test_an_organiser_sets_up_a_budget_with_districts(make_process, organiser):
    process = make_process(open=SUBMITTING, slug="bp")
    budget = services.set_up_budget(
        actor=organiser,
        process=process,
        total_amount=Decimal(200000),
        ballot_kind=KIND.APPROVAL,
        min_projects=1,
        max_projects=5,
        districts=[("Nord", Decimal(80000)), ("Sud", Decimal(70000))],
    )
    assert [(d.name, d.amount) for d in budget.districts.all()] == [
        ("Nord", Decimal(80000)),
        ("Sud", Decimal(70000)),
    ]
    assert AuditEntry.objects.filter(action="budgets.create").exists()


def test_a_citizen_submits_a_project_and_staff_review_its_feasibility(
    make_budget, citizen, organiser
):
    budget = make_budget(open=SUBMITTING)
    project = services.submit_project(
        actor=citizen,
        process=budget.process,
        title="Un verger",
        description="Des pommiers.",
        cost=Decimal(5000),
    )
    assert project.public_title == "Un verger" and project.author == citizen
    with pytest.raises(ValidationError, match="toujours un motif public"):
        services.review_project(actor=organiser, project=project, feasibility="not_feasible")
    services.review_project(
        actor=organiser, project=project, feasibility="feasible", cost=Decimal(7500)
    )
    project.refresh_from_db()
    assert (project.feasibility, project.cost) == ("feasible", Decimal(7500))


def test_a_project_whose_transaction_fails_leaves_no_image_file(
    make_budget, citizen, organiser, monkeypatch
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from parlons.conftest import out_of_reach, stored_files
    from parlons.followup.tests.conftest import png_bytes

    budget = make_budget(open=SUBMITTING)
    before = stored_files("budgets")
    monkeypatch.setattr(services.audit, "record", out_of_reach)
    for write, actor, where in (
        (services.submit_project, citizen, {"process": budget.process}),
        (services.add_project, organiser, {"budget": budget}),
    ):
        with pytest.raises(RuntimeError):
            write(
                actor=actor,
                **where,
                title="Un verger",
                description="Des pommiers.",
                cost=Decimal(5000),
                image=SimpleUploadedFile("verger.png", png_bytes(), content_type="image/png"),
                image_alt="Un verger en fleurs",
            )
        assert stored_files("budgets") == before, write.__name__
    assert not Project.objects.filter(title="Un verger").exists()


def test_accepted_proposals_become_projects_once(make_budget, organiser, monkeypatch):
    from datetime import UTC, datetime

    from parlons.processes.decisions import Decision

    budget = make_budget(open=SUBMITTING)
    accepted = Decision(
        kind="proposal",
        key="42",
        process_id=budget.process_id,
        title="Des toilettes publiques",
        summary="Au port.",
        url="/",
        decided_at=datetime(2026, 12, 1, tzinfo=UTC),
        decided_by="Mairie",
        amount=Decimal(20000),
    )
    # The proposals app is built elsewhere: its decisions arrive through the registry.
    monkeypatch.setattr(services, "collect_decisions", lambda process, kind: [accepted])
    created = services.convert_proposals(actor=organiser, budget=budget)
    assert [(p.title, p.cost, p.feasibility) for p in created] == [
        ("Des toilettes publiques", Decimal(20000), "pending")
    ]
    assert services.convert_proposals(actor=organiser, budget=budget) == []


def test_a_poll_officer_enters_each_paper_ballot_once_by_its_number(budget, mediator):
    garden, skate = project_ids(budget, "Jardin partagé", "Skatepark")
    services.enter_paper_ballot(actor=mediator, budget=budget, number="B-17", choices={garden: 1})
    with pytest.raises(ValidationError) as refused:
        services.enter_paper_ballot(
            actor=mediator, budget=budget, number=" B-17 ", choices={skate: 1}
        )
    assert refused.value.messages == [
        "Le bulletin papier n° B-17 a déjà été saisi : il n'est compté qu'une fois."
    ]
    with pytest.raises(ValidationError, match="plus que le budget"):
        services.enter_paper_ballot(
            actor=mediator,
            budget=budget,
            number="B-18",
            choices=dict.fromkeys(project_ids(budget, "Pistes cyclables", "Skatepark"), 1),
        )
    assert PaperBallot.objects.get().number == "B-17"
    record = VoterRecord.objects.get()
    assert (record.voter, record.voter_key) == (None, "paper:B-17")
    assert AuditEntry.objects.get(action="budgets.enter_paper_ballot").actor == mediator


CENSUS = "identifiant;annee_naissance\nAB-12 34;1980\ncd5678;1995\n"


def test_a_census_file_is_stored_as_salted_hashes_and_refused_whole_on_a_bad_row(
    make_budget, organiser
):
    from parlons.budgets.models import CensusEntry

    budget = make_budget(open=SUBMITTING)
    assert services.import_census(actor=organiser, budget=budget, text=CENSUS) == 2
    digests = set(CensusEntry.objects.values_list("digest", flat=True))
    assert digests == {
        services.census_digest(budget, "ab1234", "1980"),
        services.census_digest(budget, "CD5678", "1995"),
    }
    assert not any("AB" in d or "1980" in d for d in digests)
    bad = CENSUS + "EF9;19x5\n;2001\nAB1234;1980\n"
    with pytest.raises(ValidationError) as refused:
        services.import_census(actor=organiser, budget=budget, text=bad)
    assert refused.value.messages == [
        "Ligne 4 : année de naissance « 19x5 » invalide (quatre chiffres).",
        "Ligne 5 : identifiant manquant.",
        "Ligne 6 : résident en double.",
    ]
    assert set(CensusEntry.objects.values_list("digest", flat=True)) == digests


def test_with_a_census_one_ballot_per_resident_whatever_the_account(
    make_budget, organiser, citizen, other_citizen
):
    budget = make_budget(open=SUBMITTING, eligibility="census")
    services.import_census(actor=organiser, budget=budget, text=CENSUS)
    phase = budget.process.phases.get(kind="contributions")
    phase.components = ["budget_vote"]
    phase.save()
    budget = Budget.objects.get(pk=budget.pk)
    garden = dict.fromkeys(project_ids(budget, "Jardin partagé"), 1)
    with pytest.raises(ValidationError, match="ne figurent pas sur la liste des résidents"):
        services.cast_ballot(actor=citizen, budget=budget, choices=garden, resident=("X", "1980"))
    services.cast_ballot(actor=citizen, budget=budget, choices=garden, resident=("AB1234", "1980"))
    with pytest.raises(ValidationError, match="Vous avez déjà voté"):
        services.cast_ballot(
            actor=other_citizen, budget=budget, choices=garden, resident=("ab 1234", "1980")
        )
    assert VoterRecord.objects.get().voter_key.startswith("census:")
    assert ballots().count() == 1
