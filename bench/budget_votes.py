"""Participatory-budget votes in a démarche: casting a ballot, counting from the database,
the results page, with 100,000 ballots on 200 projects against 100 ballots.

    .venv/bin/python bench/budget_votes.py                 # 100,000 approval ballots
    .venv/bin/python bench/budget_votes.py --quick         # 10,000 ballots
    .venv/bin/python bench/budget_votes.py --ballots 2000  # any size (a loaded machine)
    .venv/bin/python bench/budget_votes.py --kind cumulative --count-only
        # 10 points per ballot, Equal Shares by points with completion; counts only

A temporary SQLite database; the ballots already there are bulk-inserted (as the
service writes them: a voter record, a ballot, its choices: 1 to 8 projects drawn with
skewed popularity; cumulative ballots spread 10 points over them), then 100 more are
cast through `services.cast_ballot` and timed (p50, p95, wall clock of this process).
The count is `services.count_budget` with Equal Shares and completion
(`mes-cost-completed`, or `mes-points-completed` for `--kind cumulative`), from the
database to the stored outcome with its explanations, in a fresh process: wall time,
processor time (the machine is shared: wall time also counts the other programs) and
the resident peak (VmHWM) of that process, before and after the count; then peak
Python memory (tracemalloc) in a second count here, as tracemalloc slows the count
down. The results page is served by Django's test client. Targets (issue 14): casting
p95 < 50 ms at 100,000 ballots, counting < 5 s and < 500 MB, results page p95 < 150 ms.

Beside pabutools: a vote of `--pabutools-ballots` ballots (10,000; pabutools needs
minutes and about 1 GB there) and the small one, exported as the `.pb` file of the
vote, are counted by pabutools with the same rule (`pabutools_oracle`) in a child
process, timed from the file to the result with its resident peak, stopped after
`--pabutools-timeout` seconds; the selected projects are compared with ours.

Casting goes through the ballot box (ballots written out in shuffled batches of
`services.BALLOT_BATCH`): p95 includes the casts that write a batch.

Measured (issue 14, 2-core machine shared by up to 7 programs, load 8 to 18; processor
time of the count, approval ballots, `mes-cost-completed`):

| ballots | before (classes in fractions) | after (runs by payments) | pabutools |
|---|---|---|---|
| 10,000 | 4.2 s, 298 MB | 1.7 s, 96 MB | 38.3 s, 935 MB (22.5x), same result |
| 30,000 | 9.2 s, 375 MB | 1.3 s, 125 MB | - |
| 100,000 | 21.4 s (count alone; reading 2.6 s more) | 3.6 s, 153 MB (wall 29 s at load 18) | not run (hours, GBs) |

Again after the merge, at load 4 to 9 (17:17 UTC, 6 December 2026), the full default run:
100,000 ballots counted in 3.19 s by the clock (3.09 s of processor), resident peak 152 MB;
casting p95 13.5 ms (24.8 ms at 100 ballots); results page p95 20.1 ms (19.9 ms at 100);
pabutools at 10,000 ballots 49.7 s (31.2 s of processor, 935 MB), 21.2x our processor
time, same result. The three targets are met.

Cumulative ballots (`--kind cumulative`, `mes-points-completed`): 3,000 ballots 0.87 s,
90 MB (pabutools 7.4 s, 292 MB: 8.5x, same projects); 100,000 ballots 3.4 s, 162 MB.
"""

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
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
POINTS = 10
RULES = {"approval": "mes-cost-completed", "cumulative": "mes-points-completed"}


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


def make_budget(
    territory, organiser, slug: str, ballots: int, rng: random.Random, kind: str = "approval"
):
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
        process=process,
        total_amount=Decimal(TOTAL),
        ballot_kind="cumulative" if kind == "cumulative" else "knapsack",
        points=POINTS,
        rule=RULES[kind],
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
            points = dict.fromkeys(picked, 1)
            if kind == "cumulative":
                # The POINTS points spread over the chosen projects (each at least 1).
                for i in rng.choices(sorted(picked), k=POINTS - len(picked)):
                    points[i] += 1
            choices.extend(
                BallotChoice(ballot=ballot, project=projects[i], points=points[i]) for i in picked
            )
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


def time_casting(budget, projects, voters, rng, kind) -> tuple[list[float], list[float]]:
    from parlons.budgets import services

    times, cpu_times = [], []
    affordable = [p for p in projects if p.cost < 300_000]
    for voter in voters:
        chosen = rng.sample(affordable, 3)
        start, cpu = time.perf_counter(), time.process_time()
        points = [3, 3, 4] if kind == "cumulative" else [1, 1, 1]
        choices = {p.pk: given for p, given in zip(chosen, points, strict=True)}
        services.cast_ballot(actor=voter, budget=budget, choices=choices)
        times.append(time.perf_counter() - start)
        cpu_times.append(time.process_time() - cpu)
    return times, cpu_times


PABUTOOLS_CHILD = """
import json, sys, time
sys.path.insert(0, sys.argv[1])


def resident_peak_mb():
    # VmHWM starts afresh at exec (ru_maxrss would keep the parent's peak).
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024


from parlons.budgets.tests.counting import pabutools_oracle as oracle
start, cpu = time.perf_counter(), time.process_time()
with open(sys.argv[2], encoding="utf-8") as handle:
    instance, profile = oracle.parse(handle.read())
selected = oracle.select(instance, profile, sys.argv[3])
print(json.dumps({
    "seconds": time.perf_counter() - start,
    "cpu": time.process_time() - cpu,
    "selected": sorted(selected),
    "resident_mb": resident_peak_mb(),
}))
"""


def pabutools_beside(budget, folder: Path, timeout: float) -> dict | None:
    """pabutools on the vote's own `.pb` file, in a child process; None when too long."""
    from parlons.budgets import services

    path = folder / f"{budget.process.slug}.pb"
    path.write_text(services.export_pabulib(budget), encoding="utf-8")
    try:
        done = subprocess.run(
            [sys.executable, "-c", PABUTOOLS_CHILD, str(REPO), str(path), budget.rule],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return None
    return json.loads(done.stdout.splitlines()[-1])


COUNT_CHILD = """
import json, os, sys, time
sys.path.insert(0, sys.argv[1])
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parlons.settings")
import django
django.setup()
from parlons.budgets import services
from parlons.budgets.models import Budget
budget = Budget.objects.select_related("process__territory").get(pk=int(sys.argv[2]))


def resident_peak_mb():
    # VmHWM starts afresh at exec (ru_maxrss would keep the parent's peak).
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024


before = resident_peak_mb()
start, cpu = time.perf_counter(), time.process_time()
outcome = services.count_budget(budget)
print(json.dumps({
    "seconds": time.perf_counter() - start,
    "cpu": time.process_time() - cpu,
    "selected": sorted(row["id"] for row in outcome.data["projects"] if row["selected"]),
    "resident_before_mb": before,
    "resident_mb": resident_peak_mb(),
}))
"""


def count_apart(budget) -> dict:
    """`services.count_budget` in a fresh process (the resident peak is the count's own,
    not the seeding's): wall, processor time, resident peak before and after."""
    done = subprocess.run(
        [sys.executable, "-c", COUNT_CHILD, str(REPO), str(budget.pk)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.splitlines()[-1])


def time_pages(slug: str) -> tuple[list[float], list[float]]:
    from django.test import Client

    client = Client()
    url = f"/demarches/{slug}/budget/resultats/"
    client.get(url)
    page, page_cpu = [], []
    for _ in range(20):
        start, cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        page.append(time.perf_counter() - start)
        page_cpu.append(time.process_time() - cpu)
        assert response.status_code == 200
    return page, page_cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 000 bulletins")
    parser.add_argument("--ballots", type=int, help="nombre de bulletins du grand vote")
    parser.add_argument(
        "--kind",
        choices=sorted(RULES),
        default="approval",
        help="bulletins d'approbation (parts égales selon le coût) ou à points "
        "(parts égales selon les points), complétée dans les deux cas",
    )
    parser.add_argument(
        "--pabutools-ballots",
        type=int,
        default=10_000,
        help="taille du vote compté aussi par pabutools (0 : pas de pabutools)",
    )
    parser.add_argument(
        "--pabutools-timeout",
        type=float,
        default=600,
        help="secondes laissées à pabutools (son complément peut être très long)",
    )
    parser.add_argument(
        "--count-only", action="store_true", help="ni vote ni page : les décomptes seulement"
    )
    args = parser.parse_args()
    large = args.ballots or (10_000 if args.quick else 100_000)
    folder = Path(tempfile.mkdtemp(prefix="parlons-bench-votes-"))
    try:
        setup_django(folder)
        from django.utils import timezone

        from parlons.accounts.models import Role, RoleAssignment, User
        from parlons.core.models import Territory

        territory = Territory.objects.create(name="Banc d'essai", slug="banc")
        organiser = User.objects.create(email="orga@bench.test", pseudonym="orga")
        RoleAssignment.objects.create(user=organiser, territory=territory, role=Role.ORGANISER)
        rng = random.Random(14)
        sizes = [("petit", 100), ("grand", large)]
        if 0 < args.pabutools_ballots < large and args.pabutools_ballots != 100:
            sizes.insert(1, ("moyen", args.pabutools_ballots))
        print(
            f"== {PROJECTS} projets, bulletins {args.kind} ({RULES[args.kind]}) ; "
            + ", ".join(f"{size:,}" for _, size in sizes).replace(",", " ")
            + " bulletins déjà là",
            flush=True,
        )
        results = {}
        for slug, size in sizes:
            start = time.perf_counter()
            budget, projects, voters = make_budget(
                territory, organiser, slug, size, rng, kind=args.kind
            )
            seeded = time.perf_counter() - start
            timed = not args.count_only and slug != "moyen"
            if timed:
                casting, casting_cpu = time_casting(budget, projects, voters, rng, args.kind)
            ours = count_apart(budget)
            # Memory in a second count, here: tracemalloc slows allocation-heavy code down.
            from parlons.budgets import services

            tracemalloc.start()
            services.count_budget(budget)
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            line = (
                f"   {size:>7} bulletins (insérés en {seeded:.1f} s) : décompte parts égales "
                f"+ complément {ours['seconds']:.2f} s ({ours['cpu']:.2f} s de processeur), "
                f"pic résident {ours['resident_mb']:.0f} Mo (processus à part, "
                f"{ours['resident_before_mb']:.0f} Mo avant le décompte), "
                f"{peak / 1e6:.0f} Mo alloués par Python au plus"
            )
            if timed:
                budget.results_published_at = timezone.now()
                budget.results_published_by = organiser
                budget.save()
                page, page_cpu = time_pages(slug)
                results[slug] = (casting, page)
                line += (
                    f" ; vote p50 {statistics.median(casting) * 1000:.1f} ms, p95 "
                    f"{percentile(casting, 0.95) * 1000:.1f} ms (processeur p95 "
                    f"{percentile(casting_cpu, 0.95) * 1000:.1f} ms) ; page des résultats p95 "
                    f"{percentile(page, 0.95) * 1000:.1f} ms (processeur p95 "
                    f"{percentile(page_cpu, 0.95) * 1000:.1f} ms)"
                )
            print(line, flush=True)
            if args.pabutools_ballots and size <= args.pabutools_ballots:
                theirs = pabutools_beside(budget, folder, args.pabutools_timeout)
                if theirs is None:
                    print(f"            pabutools : plus de {args.pabutools_timeout:.0f} s, arrêté")
                else:
                    same = {int(p) for p in theirs["selected"]} == {
                        int(p) for p in ours["selected"]
                    }
                    print(
                        f"            pabutools (même fichier, même règle) : "
                        f"{theirs['seconds']:.2f} s ({theirs['cpu']:.2f} s de processeur), pic "
                        f"résident {theirs['resident_mb']:.0f} Mo ; pabutools/Parlons "
                        f"(processeur) {theirs['cpu'] / ours['cpu']:.1f}x ; même résultat : "
                        f"{'oui' if same else 'NON'}",
                        flush=True,
                    )
        if "petit" in results and "grand" in results:
            small, big = results["petit"], results["grand"]
            print(
                f"\n== Rapport grand/petit : vote p95 "
                f"{percentile(big[0], 0.95) / percentile(small[0], 0.95):.1f}x ; "
                f"page p95 {percentile(big[1], 0.95) / percentile(small[1], 0.95):.1f}x"
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
