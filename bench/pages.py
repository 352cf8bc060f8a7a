"""Démarche page, contribution list and API: 10,000 contributions (or more) against 100, same run.

    .venv/bin/python bench/pages.py             # 10,000 contributions, 50,000 replies, 200,000 reactions
    .venv/bin/python bench/pages.py --quick     # a tenth of that
    .venv/bin/python bench/pages.py --size 1000000     # national scale (issue 17), seeded in bulk
    PARLONS_BENCH_DATABASE_URL=postgres://... .venv/bin/python bench/pages.py --size 1000000

From --size 50,000 up, the démarches are seeded by seeding.fast_seed_debate
(COPY on PostgreSQL, executemany on SQLite), lighter per contribution so that
1,000,000 fits in minutes: a reply to one contribution in ten, two reactions
each, an official answer to one in twenty (the small démarche alike).

Seeds two démarches in a temporary SQLite database (bulk inserts): a large one
and a small one (100 contributions, same proportions of replies, reactions and
official answers). Then serves the same pages of both through Django's test
client and prints, for each page, the number of SQL queries (they must be
identical: no N+1), the p50 and p95 server times and the large/small ratio.
Targets: ratio <= 1.5 and p95 < 100 ms. Exits with 1 when the query counts
differ.
"""

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import seeding  # bench/seeding.py: the script runs from bench/


def query_count(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(5):  # warm caches: templates, the scrubber's lists, the session
        assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as context:
        client.get(url)
    return len(context.captured_queries)


def timed(client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, url
    return elapsed


def measure(client, small_url: str, large_url: str, runs: int):
    """Both pages, one request after the other: the machine's load weighs on both alike."""
    timed(client, small_url), timed(client, large_url)  # what may be kept is kept
    counts = (query_count(client, small_url), query_count(client, large_url))
    small, large = [], []
    for _ in range(runs):
        small.append(timed(client, small_url))
        large.append(timed(client, large_url))
    return counts, small, large


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="un dixième des volumes")
    parser.add_argument("--size", type=int, default=0, help="contributions de la grande démarche")
    parser.add_argument("--runs", type=int, default=200, help="requêtes mesurées par page")
    parser.add_argument("--keep", action="store_true", help="garder la base temporaire")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="parlons-bench-pages-"))
    database_url = os.environ.get("PARLONS_BENCH_DATABASE_URL")
    try:
        return run(args, folder, database_url)
    finally:
        if database_url and not args.keep:
            from django.core.management import call_command

            call_command("flush", interactive=False, verbosity=0)  # the bench's own database
        if args.keep:
            print(f"Base gardée : {database_url or folder / 'bench.sqlite3'}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def run(args, folder: Path, database_url: str | None) -> int:
    large_size = args.size or (1_000 if args.quick else 10_000)
    seeding.setup_django(folder, database_url, API_RATE_LIMIT="0")
    seeding.migrate()
    print(f"Charge de la machine (uptime) : {os.getloadavg()}")

    from django.contrib.auth.hashers import make_password
    from django.test import Client, override_settings

    from parlons.accounts.models import Role, RoleAssignment, User
    from parlons.core.models import Commune, Territory
    from parlons.debates.models import Contribution, Reaction
    from parlons.privacy.publication import public_text

    rng = random.Random(7)
    started = time.perf_counter()
    territory = Territory.objects.create(name="Banc d'essai", slug="banc")
    for index in range(8):
        Commune.objects.create(territory=territory, name=f"Commune {index}", slug=f"c{index}")
    password = make_password("mesure-de-vitesse")
    people = User.objects.bulk_create(
        User(email=f"p{n}@bench.invalid", pseudonym=f"personne-{n}", password=password)
        for n in range(1000)
    )
    expert = User.objects.create_user(email="expert@bench.invalid", pseudonym="experte")
    RoleAssignment.objects.create(user=expert, territory=territory, role=Role.EXPERT)
    large = seeding.make_process(territory, "grande")
    small = seeding.make_process(territory, "petite")
    if large_size >= 50_000:
        for process, size in ((large, large_size), (small, 100)):
            seeding.fast_seed_debate(
                process, people, size, rng, reactions_per=2, expert=expert, answer_every=20
            )
        seeding.analyze()
    else:
        seeding.seed_debate(large, people, large_size, rng, expert=expert)
        seeding.seed_debate(small, people, 100, rng, expert=expert)
    seeded = time.perf_counter() - started
    counts = [
        Contribution.objects.filter(process=large, parent=None).count(),
        Contribution.objects.filter(process=large).exclude(parent=None).count(),
        Reaction.objects.filter(contribution__process=large).count(),
    ]
    contributions, replies, reactions = (f"{count:,}".replace(",", " ") for count in counts)
    print(
        f"Grande démarche : {contributions} contributions, {replies} réponses, {reactions} "
        f"réactions ; petite : 100 contributions (mêmes proportions). Semées en {seeded:.1f} s."
        f" Base : {'PostgreSQL' if database_url else 'SQLite'}."
    )
    public_text("chauffe")  # the scrubber loads its lists once per process

    pages = [
        ("page de la démarche", "/demarches/{slug}/"),
        ("liste des contributions", "/demarches/{slug}/contributions/"),
        ("liste filtrée (thème)", "/demarches/{slug}/contributions/?theme=mobilite"),
        ("liste, page 2", "/demarches/{slug}/contributions/?page=2"),
        ("API, page de 100", "/api/v1/demarches/{slug}/contributions?limite=100"),
    ]
    citizen = Client()
    citizen.force_login(people[0])
    same_queries = True
    # As in production (PAGE_CACHE_SECONDS > 0), what every reader sees alike is read
    # once per write of the démarche (pagecache.kept); the first table is the page just
    # after a write, when nothing is kept yet.
    for title, seconds in (
        ("Juste après une écriture (rien de gardé) :", 0),
        ("Entre deux écritures (comme en production, PAGE_CACHE_SECONDS = 300) :", 300),
    ):
        print(f"\n{title}")
        with override_settings(PAGE_CACHE_SECONDS=seconds):
            same_queries &= measure_pages(citizen, pages, small, large, args.runs)
    print(f"\nCharge de la machine (uptime) : {os.getloadavg()}")
    return 0 if same_queries else 1


def measure_pages(citizen, pages, small, large, runs: int) -> bool:
    same_queries = True
    worst_ratio, worst_p95 = 0.0, 0.0
    header = f"{'page':<26}{'requêtes':>12}{'p50 petite':>12}{'p50 grande':>12}"
    print(f"{header}{'p95 petite':>12}{'p95 grande':>12}{'rapport p50':>13}{'rapport p95':>13}")
    for label, url in pages:
        (small_queries, large_queries), small_times, large_times = measure(
            citizen, url.format(slug=small.slug), url.format(slug=large.slug), runs
        )
        same_queries &= small_queries == large_queries
        ratio50 = statistics.median(large_times) / statistics.median(small_times)
        ratio95 = p95(large_times) / p95(small_times)
        worst_ratio = max(worst_ratio, ratio50)
        worst_p95 = max(worst_p95, p95(large_times))
        queries = (
            f"{small_queries}"
            if small_queries == large_queries
            else f"{small_queries}≠{large_queries}"
        )
        print(
            f"{label:<26}{queries:>12}{statistics.median(small_times):>10.1f}ms"
            f"{statistics.median(large_times):>10.1f}ms{p95(small_times):>10.1f}ms"
            f"{p95(large_times):>10.1f}ms{ratio50:>13.2f}{ratio95:>13.2f}"
        )
    print(
        f"Requêtes identiques : {'oui' if same_queries else 'NON (N+1 !)'} ; "
        f"pire rapport grande/petite (p50) : {worst_ratio:.2f} (cible <= 1,5) ; "
        f"pire p95 grande : {worst_p95:.1f} ms (cible < 100 ms)."
    )
    return same_queries


if __name__ == "__main__":
    sys.exit(main())
