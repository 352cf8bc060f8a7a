"""The synthesis workbench end to end: analysis tasks, themes page and search (issue 15).

    .venv/bin/python bench/synthesis_workbench.py --quick    # 1,000 contributions, 10,000 reactions
    .venv/bin/python bench/synthesis_workbench.py            # 10,000 contributions, 100,000 reactions
    .venv/bin/python bench/synthesis_workbench.py --contributions 100000   # the issue's size
    .venv/bin/python bench/synthesis_workbench.py --contributions 100000 \
        --database postgres://postgres@127.0.0.1:5432/parlons_bench      # PostgreSQL
    .venv/bin/python bench/synthesis_workbench.py --profile --no-pages  # cProfile of each analysis
    .venv/bin/python bench/synthesis_workbench.py --search --contributions 100000 [--database …]
    .venv/bin/python bench/synthesis_workbench.py --contributions 100000 --keep /tmp/wb  # seed once

With --keep FOLDER the démarche is seeded (and its search index built) into FOLDER
and its database the first time, and kept: a later run with the same FOLDER measures
again without seeding (earlier analyses of the démarche are deleted first, so that
they are computed again rather than found unchanged); --seed-only stops after seeding.

Default mode: seeds a démarche through bench/seeding.py (bulk inserts:
`--contributions` published contributions over five communes, ten reactions
each from `--people` 5,000 people: 100,000 contributions give 1,000,000
reactions), rebuilds the search index as production keeps it, then times in
this process, wall and CPU (time.process_time), with the load average:
the themes analysis and the opinion-groups analysis end to end as staff
start them (hash of the input, extraction through the debates hook, engine,
result stored in one transaction), with the peak resident memory of the
process during each (Linux VmHWM, reset before each analysis); then the
themes page, a page of the largest theme's members and a word search in the
analysis's texts, p50 / p95 over 20 requests each. On PostgreSQL the
démarche is deleted at the end (an empty database is best).

With --search: contributions only, the search index rebuilt (timed), then
the workbench's search page and the bare query (count up to the cap, as the
page asks, and first page) over ten queries, with and without filters,
p50 / p95 over 20 rounds, wall and CPU; on PostgreSQL also the server's own
execution time (EXPLAIN ANALYZE) of those queries.

Targets (issue 15): at 100,000 contributions and 1,000,000 reactions, each
analysis under 2 minutes and 2 GiB; search p95 under 100 ms; themes page p95
under 200 ms. Measured figures: docs/decisions/0303-synthesis-workbench.md
and 0304-search-index.md (addenda), and the session notes.
"""

import argparse
import contextlib
import gc
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import seeding  # noqa: E402  bench/seeding.py


def p50_p95(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[max(0, round(0.95 * len(ordered)) - 1)]


def load() -> str:
    return "load average " + " / ".join(f"{value:.1f}" for value in os.getloadavg())


def reset_peak() -> None:
    """Linux: the process's peak resident memory starts again from what it holds now."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def peak_mib() -> float:
    """The peak resident memory since the last reset_peak (Linux), else since the start."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Timer:
    """Wall and CPU time (this process) of a block."""

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu

    def __str__(self) -> str:
        return f"wall {self.wall:.1f} s, CPU {self.cpu:.1f} s"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--contributions", type=int, default=None)
    parser.add_argument("--reactions-per", type=int, default=10, help="reactions per contribution")
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--embeddings", default="auto", choices=["auto", "off"])
    parser.add_argument("--search", action="store_true", help="the search index only")
    parser.add_argument("--database", default="", help="a PostgreSQL URL (default: SQLite)")
    parser.add_argument("--profile", action="store_true", help="cProfile of each analysis")
    parser.add_argument("--no-pages", action="store_true", help="the analyses only")
    parser.add_argument("--keep", default="", help="seed once into FOLDER, measure again later")
    parser.add_argument("--seed-only", action="store_true", help="with --keep: seed, measure later")
    args = parser.parse_args()
    count = args.contributions or (1_000 if args.quick else 10_000)
    if args.keep and not args.search:
        folder = Path(args.keep)
        folder.mkdir(parents=True, exist_ok=True)
        return workbench_bench(folder, count, args)
    folder = Path(tempfile.mkdtemp(prefix="parlons-bench-"))
    if args.search:
        try:
            return search_bench(folder, count, args.database)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    try:
        return workbench_bench(folder, count, args)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def workbench_bench(folder: Path, count: int, args) -> int:
    seeding.setup_django(folder, args.database or None)
    seeding.migrate()
    from django.contrib.auth.hashers import make_password
    from django.db import connection

    from parlons.accounts.models import Role, RoleAssignment, User
    from parlons.core.models import Commune, Territory
    from parlons.debates.models import Contribution, Reaction
    from parlons.processes.models import Process
    from parlons.synthesis import search

    rng = random.Random(20261206)
    marker = folder / "seeded" if args.keep else None
    if marker is not None and marker.exists():
        return measure(Process.objects.get(slug="banc-atelier"), args, kept=True)
    Process.objects.filter(slug="banc-atelier").delete()
    territory, _new = Territory.objects.get_or_create(slug="banc", defaults={"name": "Banc"})
    for n in range(5):
        Commune.objects.get_or_create(
            territory=territory, slug=f"c{n}", defaults={"name": f"Commune {n}"}
        )
    password = make_password("mesure-de-vitesse")
    User.objects.bulk_create(
        (
            User(email=f"w{n}@bench.test", pseudonym=f"w{n}", password=password)
            for n in range(args.people)
        ),
        batch_size=2000,
        ignore_conflicts=True,
    )
    people = list(User.objects.filter(email__endswith="@bench.test", pseudonym__startswith="w"))
    organiser, _new = User.objects.get_or_create(
        email="orga-atelier@bench.test", defaults={"pseudonym": "orga-atelier"}
    )
    RoleAssignment.objects.get_or_create(user=organiser, territory=territory, role=Role.ORGANISER)
    process = None
    try:
        with Timer() as timer:
            process = seeding.make_process(territory, "banc-atelier")
            seeding.seed_debate(
                process,
                people,
                count,
                rng,
                replies_per=0,
                second_level_every=0,
                reactions_per=args.reactions_per,
            )
            seeding.analyze()
        seeded = Contribution.objects.filter(process=process).count()
        reactions = Reaction.objects.filter(contribution__process=process).count()
        print(
            f"{connection.vendor}: seed {seeded} contributions, {reactions} reactions, "
            f"{len(people)} people: {timer} ({load()})"
        )
        del people
        gc.collect()
        with Timer() as timer:
            # As in production, where every audited write keeps it: the analysis reads its
            # lemmas rather than computing them again.
            indexed = search.rebuild(process)
            search.settle()
        print(f"search index rebuilt: {indexed} texts, {timer} ({load()})")
        if marker is not None:
            marker.write_text(str(count))
            if args.seed_only:
                return 0
        return measure(process, args, kept=marker is not None)
    finally:
        if args.database and process is not None and marker is None:
            Process.objects.filter(pk=process.pk).delete()


def measure(process, args, kept: bool) -> int:
    """Both analyses end to end as staff start them, then the workbench's pages."""
    from django.test import Client

    from parlons.accounts.models import User
    from parlons.conftest import login_staff
    from parlons.synthesis import services
    from parlons.synthesis.models import Analysis

    organiser = User.objects.get(email="orga-atelier@bench.test")
    if kept:
        Analysis.objects.filter(process=process).delete()
    for kind, embeddings in (("themes", args.embeddings), ("opinion_groups", "")):

        def analyse(kind=kind, embeddings=embeddings):
            # Test settings run the task at once, inside start_analysis (on commit).
            analysis, _new = services.start_analysis(
                actor=organiser, process=process, kind=kind, embeddings=embeddings or "auto"
            )
            services.run_analysis(analysis.pk)  # "nothing to do" when already run
            return analysis

        gc.collect()
        reset_peak()
        with Timer() as timer:
            if args.profile:
                import cProfile
                import pstats

                profiler = cProfile.Profile()
                analysis = profiler.runcall(analyse)
            else:
                analysis = analyse()
        if args.profile:
            stats = pstats.Stats(profiler)
            stats.sort_stats("cumulative").print_stats("parlons|simplemma|numpy|sklearn", 40)
            stats.sort_stats("tottime").print_stats(20)
        analysis = Analysis.objects.get(pk=analysis.pk)
        assert analysis.status == Analysis.Status.DONE, analysis.error
        print(
            f"{kind} {embeddings}: {analysis.input_size} inputs, end to end {timer} "
            f"(target at 100,000 contributions / 1,000,000 reactions: 120 s); "
            f"peak memory of the process during the analysis {peak_mib():.0f} MiB "
            f"(target 2,048 MiB) ({load()})"
        )
    if args.no_pages:
        return 0
    themes = (
        Analysis.objects.filter(process=process, kind="themes", status=Analysis.Status.DONE)
        .order_by("pk")
        .first()
    )
    largest = themes.themes.order_by("-size").first()
    client = Client()
    login_staff(client, organiser)
    base = f"/demarches/{process.slug}/synthese/atelier"
    pages = {
        "themes page": f"{base}/analyses/{themes.pk}/",
        "theme members (largest theme, page 2)": f"{base}/analyses/{themes.pk}/contributions/"
        f"?theme={largest.number}&page=2",
        "analysed texts search": f"{base}/analyses/{themes.pk}/contributions/"
        "?q=ateliers+numeriques",
    }
    for name, url in pages.items():
        for _ in range(3):
            assert client.get(url).status_code == 200, url
        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.runcall(client.get, url)
            stats = pstats.Stats(profiler)
            stats.sort_stats("cumulative").print_stats("parlons|django/template", 25)
        times, cpu = [], []
        for _ in range(20):
            begun, begun_cpu = time.perf_counter(), time.process_time()
            assert client.get(url).status_code == 200
            times.append((time.perf_counter() - begun) * 1000)
            cpu.append((time.process_time() - begun_cpu) * 1000)
        p50, p95 = p50_p95(times)
        cpu50, cpu95 = p50_p95(cpu)
        print(
            f"{name}: wall p50 {p50:.0f} ms, p95 {p95:.0f} ms; "
            f"CPU p50 {cpu50:.0f} ms, p95 {cpu95:.0f} ms ({load()})"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the process: {peak:.0f} MiB (target 2,048 MiB)")
    return 0


SEARCH_WORDS = [
    "vélo",
    "vélos",
    "piste",
    "cyclable",
    "médiathèque",
    "horaires",
    "atelier",
    "numérique",
    "bus",
    "car",
    "covoiturage",
    "gare",
    "école",
    "collège",
    "cantine",
    "marché",
    "mairie",
    "parking",
    "trottoir",
    "éclairage",
    "sécurité",
    "jeunes",
    "aînés",
    "santé",
    "médecin",
    "pharmacie",
    "fibre",
    "réseau",
    "emploi",
    "formation",
    "logement",
    "loyer",
    "jardin",
    "arbre",
    "fontaine",
    "banc",
    "place",
    "rue",
    "pont",
    "rivière",
    "déchets",
    "tri",
    "compost",
    "énergie",
    "chauffage",
    "isolation",
    "piscine",
    "stade",
    "salle",
    "fête",
    "association",
    "bénévole",
    "entraide",
    "guichet",
    "papier",
    "téléphone",
    "tablette",
    "médiation",
    "accompagnement",
    "transport",
    "scolaire",
    "gratuité",
    "tarif",
    "samedi",
]
FILLER = ["les", "des", "pour", "avec", "et", "il", "faut", "plus", "de", "la", "le", "un"]
QUERIES = [
    ({"q": "vélos"}),
    ({"q": "mediation"}),
    ({"q": "pistes cyclables"}),
    ({"q": "horaires de la médiathèque"}),
    ({"q": "transport scolaire gratuité"}),
    ({"q": "fontaine", "way": "paper"}),
    ({"q": "banc", "commune": "Commune 2"}),
    ({"q": "ornithorynque"}),
    ({"q": "", "commune": "Commune 1", "phase": "Contributions"}),
    ({"q": "le la les"}),
]


def search_bench(folder: Path, count: int, database: str) -> int:
    seeding.setup_django(folder, database or None)
    seeding.migrate()
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from parlons.accounts.models import Role, RoleAssignment, User
    from parlons.conftest import login_staff
    from parlons.core.models import Commune, Territory
    from parlons.debates.models import Contribution
    from parlons.processes.models import Phase, Process
    from parlons.synthesis import search

    rng = random.Random(20261206)
    territory, _new = Territory.objects.get_or_create(slug="banc", defaults={"name": "Banc"})
    communes = [
        Commune.objects.get_or_create(
            territory=territory, slug=f"c{n}", defaults={"name": f"Commune {n}"}
        )[0]
        for n in range(5)
    ]
    organiser, _new = User.objects.get_or_create(
        email="orga-search@bench.test", defaults={"pseudonym": "orga-search"}
    )
    organiser.set_password("x")
    organiser.save()
    RoleAssignment.objects.get_or_create(user=organiser, territory=territory, role=Role.ORGANISER)
    Process.objects.filter(slug="banc-recherche").delete()
    process = Process.objects.create(
        territory=territory,
        slug="banc-recherche",
        title="Banc de recherche",
        summary="Mesure de vitesse.",
        status=Process.Status.PUBLISHED,
    )
    now = timezone.now()
    Phase.objects.create(
        process=process,
        kind=Phase.Kind.CONTRIBUTIONS,
        title="Contributions",
        starts_at=now - timezone.timedelta(days=60),
        ends_at=now + timezone.timedelta(days=30),
        components=["contribute"],
    )
    started = time.perf_counter()
    step = timezone.timedelta(days=58) / count
    ways = ["online"] * 6 + ["paper", "counter"]

    def body() -> str:
        words = rng.choices(SEARCH_WORDS, k=rng.randint(4, 12)) + rng.choices(FILLER, k=6)
        rng.shuffle(words)
        return " ".join(words).capitalize() + "."

    def rows():
        for n in range(count):
            text = body()
            yield Contribution(
                process=process,
                place=communes[n % len(communes)] if n % 3 else None,
                author=organiser,
                body=text,
                public_body=text,
                source=ways[n % len(ways)],
                created_at=now - timezone.timedelta(days=59) + step * n,
            )

    Contribution.objects.bulk_create(rows(), batch_size=2000)
    print(
        f"{connection.vendor}: seed {count} contributions in {time.perf_counter() - started:.1f} s"
    )
    started = time.perf_counter()
    indexed = search.rebuild(process)
    print(f"index rebuilt: {indexed} texts in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    search.settle()  # what autovacuum does soon after a bulk load (PostgreSQL)
    print(f"index settled (VACUUM ANALYZE on PostgreSQL): {time.perf_counter() - started:.1f} s")
    client = Client()
    login_staff(client, organiser)
    url = f"/demarches/{process.slug}/synthese/atelier/recherche/"
    timings: dict[str, list[float]] = {
        "search page": [],
        "search page CPU": [],
        "search query": [],
        "search query CPU": [],
    }
    try:
        for wanted in QUERIES:
            response = client.get(url, wanted)
            assert response.status_code == 200, response.status_code
        for _round in range(20):
            for wanted in QUERIES:
                begun, begun_cpu = time.perf_counter(), time.process_time()
                assert client.get(url, wanted).status_code == 200
                timings["search page"].append((time.perf_counter() - begun) * 1000)
                timings["search page CPU"].append((time.process_time() - begun_cpu) * 1000)
                filters = search.SearchFilters(**wanted)
                begun, begun_cpu = time.perf_counter(), time.process_time()
                # What the page asks: a count up to the cap, then the first page.
                items = search.search(process, filters, public=False)
                search.capped_count(items)
                list(items[:50])
                timings["search query"].append((time.perf_counter() - begun) * 1000)
                timings["search query CPU"].append((time.process_time() - begun_cpu) * 1000)
        for wanted in QUERIES:
            items = search.search(process, search.SearchFilters(**wanted), public=False)
            print(f"  {wanted}: {items.count()} texts (listed: {search.capped_count(items)})")
        for name, times in timings.items():
            p50, p95 = p50_p95(times)
            print(f"{name}: p50 {p50:.0f} ms, p95 {p95:.0f} ms (target p95 < 100 ms) ({load()})")
        if connection.vendor == "postgresql":
            server = []
            for wanted in QUERIES:
                items = search.search(process, search.SearchFilters(**wanted), public=False)
                for query in (items.order_by()[: search.COUNT_CAP + 1], items[:50]):
                    sql, params = query.query.sql_with_params()
                    with connection.cursor() as cursor:
                        for _round in range(5):
                            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
                            plan = cursor.fetchone()[0]
                            plan = plan[0] if isinstance(plan, list) else plan
                            server.append(plan["Execution Time"])
            p50, p95 = p50_p95(server)
            print(
                f"PostgreSQL execution time per query (EXPLAIN ANALYZE): p50 {p50:.1f} ms, "
                f"p95 {p95:.1f} ms"
            )
    finally:
        if database:
            Process.objects.filter(pk=process.pk).delete()
    return 0


if __name__ == "__main__":
    sys.exit(main())
