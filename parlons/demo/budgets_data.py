"""The demo's participatory budget: 12 projects, a few hundred ballots, published results.

Everything is invented for the demo. Every write goes through the budget's services,
in the order a real budget runs: projects submitted and studied, then the vote, then
the count and its publication by the organiser. The voters are demo accounts made
directly (like the demo's staff accounts), without a usable password.
"""

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from parlons.accounts.models import Role, User
from parlons.budgets import services as budgets
from parlons.budgets.components import SUBMIT_PROJECTS, VOTE
from parlons.processes import services as processes
from parlons.processes.models import Phase, Process

VOTERS = 260
TOTAL = Decimal(300_000)

PROJECTS = [
    # title, cost, description, popularity (share of voters who like it)
    (
        "Un jardin partagé derrière la médiathèque",
        25_000,
        "Des bacs, un abri à outils et un "
        "récupérateur d'eau de pluie, ouverts à toutes et tous, avec l'école voisine.",
        0.55,
    ),
    (
        "Une piste cyclable entre Bourg-sur-Rive et Lanvenec",
        120_000,
        "Trois kilomètres séparés de la route départementale, éclairés aux carrefours.",
        0.45,
    ),
    (
        "Des bancs et des fontaines le long de la rive",
        30_000,
        "Dix bancs et trois fontaines d'eau potable sur le chemin de halage.",
        0.5,
    ),
    (
        "Un skatepark à Port-Kerlé",
        80_000,
        "Une aire de glisse pour les jeunes, dessinée avec eux, près du terrain de sport.",
        0.3,
    ),
    (
        "Des toilettes publiques accessibles au port",
        45_000,
        "Des toilettes ouvertes toute l'année, accessibles en fauteuil, près de la gare maritime.",
        0.4,
    ),
    (
        "Une boîte à livres dans chaque commune",
        5_000,
        "Cinq boîtes à livres fabriquées par l'atelier bois du lycée.",
        0.35,
    ),
    (
        "Un abri à vélos sécurisé à la gare",
        35_000,
        "Quarante places couvertes et fermées, accessibles avec la carte de transport.",
        0.3,
    ),
    (
        "Des ateliers numériques itinérants",
        20_000,
        "Un minibus équipé qui passe chaque "
        "semaine dans les cinq communes pour aider aux démarches en ligne.",
        0.45,
    ),
    (
        "Une aire de jeux inclusive à Saint-Aubin-des-Landes",
        60_000,
        "Des jeux utilisables par les enfants en fauteuil, un sol souple, des bancs à l'ombre.",
        0.35,
    ),
    (
        "Des ruches sur les toits de la mairie",
        8_000,
        "Quatre ruches entretenues avec l'association apicole, et des visites pour les écoles.",
        0.2,
    ),
    (
        "Un éclairage public plus sobre",
        50_000,
        "Des lampadaires à détection de présence dans les rues résidentielles.",
        0.25,
    ),
]

SUBMITTED = (
    "Un verger de variétés anciennes",
    18_000,
    "Vingt arbres fruitiers d'ici, plantés avec les habitants, sur le terrain communal du Clos.",
)
NOT_FEASIBLE = (
    "Une passerelle vers l'Île-aux-Moines-Blanches",
    900_000,
    "Une passerelle piétonne au-dessus du chenal.",
    "Le coût dépasse à lui seul le budget participatif, et le chenal doit rester navigable.",
)


def load(territory, _process, users, dates) -> Process:
    organiser = users[Role.ORGANISER]
    now = timezone.now()
    process = processes.create_process(
        actor=organiser,
        territory=territory,
        slug="budget-participatif-2027",
        title="Budget participatif 2027",
        summary="300 000 € pour des projets proposés et choisis par les habitants.",
        description=(
            "La communauté de communes consacre 300 000 € à des projets proposés par les "
            "habitantes et les habitants. Les services en ont étudié la faisabilité, puis "
            "chacun a pu voter pour les projets de son choix, dans la limite du budget."
        ),
    )
    submission = processes.add_phase(
        actor=organiser,
        process=process,
        kind=Phase.Kind.CONTRIBUTIONS,
        title="Dépôt des projets",
        starts_at=now - timedelta(days=120),
        ends_at=now + timedelta(hours=1),
        components=[SUBMIT_PROJECTS],
    )
    processes.set_process_status(actor=organiser, process=process, status="published")
    budget = budgets.set_up_budget(
        actor=organiser,
        process=process,
        total_amount=TOTAL,
        ballot_kind="knapsack",
        rule="mes-cost-completed",
    )
    projects = {}
    for title, cost, description, _share in PROJECTS:
        projects[title] = budgets.add_project(
            actor=organiser, budget=budget, title=title, description=description, cost=cost
        )
    citizen = users[Role.CITIZEN]
    title, cost, description = SUBMITTED
    verger = budgets.submit_project(
        actor=citizen, process=process, title=title, description=description, cost=cost
    )
    projects[title] = budgets.review_project(
        actor=organiser, project=verger, feasibility="feasible", cost=Decimal(22_000)
    )
    title, cost, description, reason = NOT_FEASIBLE
    bridge = budgets.submit_project(
        actor=citizen, process=process, title=title, description=description, cost=cost
    )
    budgets.review_project(
        actor=organiser, project=bridge, feasibility="not_feasible", reason=reason
    )

    # The vote: submission closes, the vote opens; ballots cast through the service.
    processes.update_phase(actor=organiser, phase=submission, ends_at=now - timedelta(days=40))
    vote = processes.add_phase(
        actor=organiser,
        process=process,
        kind=Phase.Kind.OTHER,
        title="Vote",
        starts_at=now - timedelta(days=40),
        ends_at=now + timedelta(hours=1),
        components=[VOTE],
    )
    process = Process.objects.get(pk=process.pk)
    budget.process = process
    shares = {t: share for t, _c, _d, share in PROJECTS}
    shares[SUBMITTED[0]] = 0.4
    chooser = random.Random(2027)
    for voter in _voters(now):
        choices: dict[int, int] = {}
        spent = Decimal(0)
        for title in sorted(projects, key=lambda _t: chooser.random()):
            project = projects[title]
            if chooser.random() < shares[title] and spent + project.cost <= TOTAL:
                choices[project.pk] = 1
                spent += project.cost
        if not choices:
            continue
        budgets.cast_ballot(actor=voter, budget=budget, choices=choices)

    # The vote closes; the count (the background task's work) is published.
    processes.update_phase(actor=organiser, phase=vote, ends_at=now - timedelta(days=2))
    processes.add_phase(
        actor=organiser,
        process=process,
        kind=Phase.Kind.FOLLOW_UP,
        title="Résultats et réalisation",
        starts_at=now - timedelta(days=2),
        ends_at=now + timedelta(days=400),
        components=[],
    )
    budgets.count_budget(budget)
    budgets.publish_results(actor=organiser, budget=budget)
    return process


def _voters(now) -> list[User]:
    people = [
        User(
            email=f"votant-{number:03d}@demo.parlons.fr",
            pseudonym=f"votant-{number:03d}",
            email_confirmed_at=now,
        )
        for number in range(1, VOTERS + 1)
    ]
    for person in people:
        person.set_unusable_password()
    return User.objects.bulk_create(people)
