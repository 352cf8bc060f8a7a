"""Participatory-budget votes in a démarche: casting a ballot, counting from the database,
the results page, with 100,000 ballots on 200 projects against 100 ballots.

    .venv/bin/python bench/budget_votes.py            # 100,000 ballots
    .venv/bin/python bench/budget_votes.py --quick    # 10,000 ballots

A temporary SQLite database; the ballots already there are bulk-inserted (as the
service writes them: a voter record, a ballot, its choices), then 100 more are cast
through `services.cast_ballot` and timed (p50, p95, wall clock of this process).
The count is `services.count_budget` with Equal Shares and completion
(`mes-cost-completed`): wall time and peak Python memory (tracemalloc). The results
page is served by Django's test client. Targets (issue 14): casting p95 < 50 ms at
100,000 ballots, counting < 5 s and < 500 MB, results page p95 < 150 ms.
"""

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

PROJECTS = 200
TOTAL = 10_000_000
CAST = 100


def setup_django(folder: Path) -> None:
    os.environ["PARLONS_DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["PARLONS_TESTING"] = "1"
    os.environ["PARLONS_DEBUG"] = "0"
    os.environ["PARLONS_VAR_DIR"] = str(folder)
    (folder / "static").mkdir()
    os.environ["PARLONS_ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parlons.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_budget(territory, organiser, slug: str, ballots: int, rng: random.Random):
    from decimal import Decimal

    from django.utils import timezone

    from parlons.accounts.models import User
    from parlons.budgets.models import Ballot, BallotChoice, Budget, Project, VoterRecord
    from parlons.processes.models import Phase, Process

    now = timezone.now()
    process = Process.objects.create(
        territory=territory,
        slug=slug,
        title=f"Budget {slug}",
        summary="Banc d'essai",
        status=Process.Status.PUBLISHED,
        created_by=organiser,
    )
    Phase.objects.create(
        process=process,
        title="Vote",
        starts_at=now - timedelta(days=1),
        ends_at=now + timedelta(days=1),
        components=["budget_vote"],
    )
    budget = Budget.objects.create(
        process=process, total_amount=Decimal(TOTAL), rule="mes-cost-completed"
    )
    costs = [rng.randrange(20_000, 400_000, 1000) for _ in range(PROJECTS)]
    projects = Project.objects.bulk_create(
        Project(
            budget=budget,
            title=f"Projet {n}",
            public_title=f"Projet {n}",
            description="Un projet.",
            public_description="Un projet.",
            cost=cost,
            feasibility="feasible",
        )
        for n, cost in enumerate(costs)
    )
    weights = [rng.random() ** 2 for _ in projects]
    batch = 5000
    for start in range(0, ballots, batch):
        size = min(batch, ballots - start)
        records, rows, choices = [], [], []
        for n in range(start, start + size):
            records.append(VoterRecord(budget=budget, voter_key=f"bench:{slug}:{n}"))
            ballot = Ballot(budget=budget, cast_on=now.date())
            rows.append(ballot)
            picked = set(rng.choices(range(PROJECTS), weights=weights, k=rng.randint(1, 8)))
            choices.extend(BallotChoice(ballot=ballot, project=projects[i]) for i in picked)
        VoterRecord.objects.bulk_create(records)
        Ballot.objects.bulk_create(rows)
        BallotChoice.objects.bulk_create(choices, batch_size=2000)
    voters = User.objects.bulk_create(
        User(email=f"{slug}-{n}@bench.test", pseudonym=f"{slug}-{n}") for n in range(CAST)
    )
    return budget, projects, voters


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def time_casting(budget, projects, voters, rng) -> list[float]:
    from parlons.budgets import services

    times = []
    affordable = [p for p in projects if p.cost < 300_000]
    for voter in voters:
        chosen = rng.sample(affordable, 3)
        start = time.perf_counter()
        services.cast_ballot(actor=voter, budget=budget, choices={p.pk: 1 for p in chosen})
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 000 bulletins")
    args = parser.parse_args()
    large = 10_000 if args.quick else 100_000
    folder = Path(tempfile.mkdtemp(prefix="parlons-bench-votes-"))
    try:
        setup_django(folder)
        from django.test import Client
        from django.utils import timezone

        from parlons.accounts.models import Role, RoleAssignment, User
        from parlons.budgets import services
        from parlons.core.models import Territory

        territory = Territory.objects.create(name="Banc d'essai", slug="banc")
        organiser = User.objects.create(email="orga@bench.test", pseudonym="orga")
        RoleAssignment.objects.create(user=organiser, territory=territory, role=Role.ORGANISER)
        rng = random.Random(14)
        print(f"== {PROJECTS} projets ; bulletins déjà là : 100 et {large:,}".replace(",", " "))
        results = {}
        for slug, size in (("petit", 100), ("grand", large)):
            start = time.perf_counter()
            budget, projects, voters = make_budget(territory, organiser, slug, size, rng)
            seeded = time.perf_counter() - start
            casting = time_casting(budget, projects, voters, rng)
            tracemalloc.start()
            start = time.perf_counter()
            services.count_budget(budget)
            counted = time.perf_counter() - start
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            budget.results_published_at = timezone.now()
            budget.results_published_by = organiser
            budget.save()
            client = Client()
            url = f"/demarches/{slug}/budget/resultats/"
            client.get(url)
            page = []
            for _ in range(20):
                start = time.perf_counter()
                response = client.get(url)
                page.append(time.perf_counter() - start)
                assert response.status_code == 200
            results[slug] = (casting, counted, peak, page)
            print(
                f"   {size:>7} bulletins (insérés en {seeded:.1f} s) : vote p50 "
                f"{statistics.median(casting) * 1000:.1f} ms, p95 "
                f"{percentile(casting, 0.95) * 1000:.1f} ms ; décompte parts égales + "
                f"complément {counted:.2f} s, {peak / 1e6:.0f} Mo ; page des résultats p95 "
                f"{percentile(page, 0.95) * 1000:.1f} ms",
                flush=True,
            )
        small, big = results["petit"], results["grand"]
        print(
            f"\n== Rapport grand/petit : vote p95 "
            f"{percentile(big[0], 0.95) / percentile(small[0], 0.95):.1f}x ; "
            f"page p95 {percentile(big[3], 0.95) / percentile(small[3], 0.95):.1f}x"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
