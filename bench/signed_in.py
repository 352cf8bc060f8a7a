"""Signed-in pages and posts, measured in one process: CPU, PostgreSQL time and queries.

    .venv/bin/python bench/signed_in.py            # 10,000 contributions, 40 runs each
    .venv/bin/python bench/signed_in.py --quick    # 1,000 contributions, 15 runs each
    .venv/bin/python bench/signed_in.py --profile  # and a cProfile of the démarche page
    .venv/bin/python bench/signed_in.py --keep     # reuse the démarche seeded by an earlier run
    .venv/bin/python bench/signed_in.py --keep --against /tmp/main   # before/after, see below

A wall-clock load test (bench/load.py) needs a quiet machine. This one does
not: it seeds the démarche of bench/load.py (PostgreSQL database of its own,
PARLONS_BENCH_DATABASE_URL, by default .../parlons_bench_signed_in, dropped and
created again), signs a person in, and serves through Django's test client (the
whole middleware stack, templates, PostgreSQL) the démarche page, the
contributions list, a contribution, a reaction and a new contribution. For each
it prints the number of SQL queries, the Python CPU time of the request
(time.process_time: this process only, whatever else runs on the machine) and
the time spent waiting for PostgreSQL (the sum of the queries' durations), best
and median over N runs. CPU + PostgreSQL per request is what bounds the
requests per second of two cores. One person reads, another one posts (a
reader's own contributions are rendered for them alone). Reads come first,
with no write in between, as in bench/load.py; the values kept once per write
(docs/decisions/0014) are then read from the cache. Like gunicorn, it imports
`parlons.wsgi` first (which freezes the objects loaded at start-up, so the
garbage collector's full passes are short); the mean CPU includes those passes.

`--against DIR` compares this checkout with another one (`git worktree add` or
`git archive` of the commit before): the two run in turn, `--rounds` times
each, in child processes on the same seeded database (`--keep`: seed it first
with a plain run), and the mean CPU per request of each is printed with the
ratio after / before. Alternating is what makes the ratio hold on a shared
machine; CPU time is of the child process alone.
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
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/parlons_bench_signed_in"


class Timer:
    """Execute wrapper: counts the queries and sums their durations."""

    def __init__(self):
        self.queries = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.queries += 1


def one(client, method: str, path: str, data=None) -> tuple[float, float, int]:
    from django.db import connection

    timer = Timer()
    with connection.execute_wrapper(timer):
        cpu = time.process_time()
        response = getattr(client, method)(path, data) if data is not None else client.get(path)
        cpu = time.process_time() - cpu
    assert response.status_code in (200, 302), (path, response.status_code)
    return cpu * 1000, timer.seconds * 1000, timer.queries


def measure(client, label: str, method: str, path_and_data, runs: int) -> dict:
    for n in range(3):  # warm: templates, the scrubber's lists, connections
        one(client, method, *path_and_data(-1 - n))
    rows = [one(client, method, *path_and_data(n)) for n in range(runs)]
    cpu = [r[0] for r in rows]
    db = [r[1] for r in rows]
    total = [r[0] + r[1] for r in rows]
    return {
        "label": label,
        "queries": statistics.median(r[2] for r in rows),
        "cpu_best": min(cpu),
        "cpu_mean": statistics.mean(cpu),
        "cpu_median": statistics.median(cpu),
        "db_best": min(db),
        "db_median": statistics.median(db),
        "total_median": statistics.median(total),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 000 contributions, 15 runs")
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--profile", action="store_true", help="cProfile of the démarche page")
    parser.add_argument("--keep", action="store_true", help="reuse the seeded database")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--against", help="another checkout: before/after, in turn (with --keep)")
    parser.add_argument("--rounds", type=int, default=2, help="turns of each, with --against")
    args = parser.parse_args()
    if args.against:
        return compare(Path(args.against), args.runs or 30, args.rounds)
    size = 1_000 if args.quick else 10_000
    runs = args.runs or (15 if args.quick else 40)
    url = os.environ.get("PARLONS_BENCH_DATABASE_URL", DEFAULT_URL)
    folder = Path(tempfile.mkdtemp(prefix="parlons-bench-signed-in-"))
    sys.path.insert(0, str(ROOT / "bench"))
    import load

    try:
        os.environ.setdefault("PARLONS_TESTING", "0")
        # The posts of one person, dozens per second: lift the posting limits.
        for name in ("CONTRIBUTIONS", "REPLIES", "REPORTS"):
            os.environ[f"PARLONS_LIMIT_{name}_PER_ACCOUNT"] = "1000000"
            os.environ[f"PARLONS_LIMIT_{name}_PER_ADDRESS"] = "1000000"
        if not args.keep:
            load.recreate_database(url)
        load.setup_django(url, folder)
        import parlons.wsgi  # noqa: F401  as gunicorn: start-up objects frozen (when it does)

        started = time.perf_counter()
        if args.keep:
            process, sessions, top = _kept()
        else:
            process, _meeting, sessions, top = load.seed(size, 8)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(
            f"Démarche de {size:,} contributions semée en ".replace(",", "\u202f")
            + f"{time.perf_counter() - started:.1f} s ; PostgreSQL, un processus, "
            "client de test de Django, personne connectée."
        )
        return run(process, sessions, top, runs, args.profile, args.json)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _kept():
    """The démarche seeded by an earlier run (--keep), with a fresh session."""
    from django.contrib.sessions.backends.db import SessionStore

    from parlons.accounts.models import User
    from parlons.processes.models import Process

    process = Process.objects.get(slug="charge")
    sessions = []
    for email in ("p5@bench.invalid", "p1@bench.invalid"):  # p0 wrote in older runs
        person = User.objects.get(email=email)
        store = SessionStore()
        store["_auth_user_id"] = str(person.pk)
        store["_auth_user_backend"] = "parlons.accounts.backends.EmailBackend"
        store["_auth_user_hash"] = person.get_session_auth_hash()
        store.create()
        sessions.append(store.session_key)
    top = list(
        process.contributions.filter(parent=None)
        .order_by("-created_at")
        .values_list("pk", flat=True)[:50]
    )
    return process, sessions, top


def _person(session_key: str) -> int:
    from django.contrib.sessions.backends.db import SessionStore

    return int(SessionStore(session_key)["_auth_user_id"])


def compare(other: Path, runs: int, rounds: int) -> int:
    """This checkout and `other`, in turn in child processes: mean CPU per request, after / before."""
    trees = {"avant": other.resolve(), "après": ROOT}
    means: dict[str, dict[str, list[float]]] = {name: {} for name in trees}
    queries: dict[str, dict[str, float]] = {name: {} for name in trees}
    for turn in range(rounds):
        for name, tree in trees.items():
            with tempfile.NamedTemporaryFile(suffix=".json") as out:
                subprocess.run(
                    [sys.executable, str(tree / "bench" / "signed_in.py"), "--keep"]
                    + ["--runs", str(runs), "--json", out.name],
                    env=dict(os.environ, PYTHONPATH=str(tree)),
                    cwd=tree,
                    check=True,
                    stdout=subprocess.DEVNULL,
                )
                for row in json.loads(Path(out.name).read_text()):
                    means[name].setdefault(row["label"], []).append(row["cpu_mean"])
                    queries[name][row["label"]] = row["queries"]
            print(f"tour {turn + 1}/{rounds} : {name} mesuré", flush=True)
    print(
        f"\n{'requête (connecté)':<26}{'SQL avant':>10}{'après':>7}"
        f"{'CPU moy. avant':>16}{'après':>9}{'rapport':>9}"
    )
    for label, before in means["avant"].items():
        after = means["après"][label]
        b, a = statistics.mean(before), statistics.mean(after)
        print(
            f"{label:<26}{queries['avant'][label]:>10.0f}{queries['après'][label]:>7.0f}"
            f"{b:>14.1f}ms{a:>7.1f}ms{a / b:>9.2f}"
        )
    print(f"(moyenne de {rounds} tours × {runs} requêtes ; CPU du processus enfant seul)")
    return 0


def run(process, sessions, top, runs: int, profile: bool, json_path: str | None = None) -> int:
    from django.conf import settings
    from django.test import Client

    # One person reads, another writes: the reader's own posts would not be the
    # newest of the list (a page of their own words is rendered for them alone).
    reader = Client(HTTP_HOST="127.0.0.1")
    reader.cookies[settings.SESSION_COOKIE_NAME] = sessions[0]
    writer = Client(HTTP_HOST="127.0.0.1")
    writer.cookies[settings.SESSION_COOKIE_NAME] = sessions[1]
    slug = process.slug
    rng = random.Random(3)
    scenarios = [
        ("page de la démarche", "get", lambda n: (f"/demarches/{slug}/",)),
        ("liste des contributions", "get", lambda n: (f"/demarches/{slug}/contributions/",)),
        (
            "une contribution (5 lues)",
            "get",
            lambda n: (f"/demarches/{slug}/contributions/{top[n % 5]}/",),
        ),
        (
            "formulaire de contribution",
            "get",
            lambda n: (f"/demarches/{slug}/contributions/nouvelle/",),
        ),
        (
            "réagir (POST)",
            "post",
            lambda n: (
                f"/demarches/{slug}/contributions/{top[n % len(top)]}/reagir/",
                {"value": rng.choice(["agree", "disagree", "pass"])},
            ),
        ),
        (
            "contribuer (POST)",
            "post",
            lambda n: (
                f"/demarches/{slug}/contributions/nouvelle/",
                {"body": f"Contribution {uuid.uuid4().hex[:12]} : un car le dimanche."},
            ),
        ),
    ]
    print(
        f"\n{'requête (connecté)':<26}{'requêtes SQL':>13}{'CPU min':>10}{'CPU méd.':>10}{'CPU moy.':>10}"
        f"{'PG min':>9}{'PG méd.':>9}{'total méd.':>12}"
    )
    rows = []
    for label, method, make in scenarios:
        r = measure(
            writer if method == "post" or "formulaire" in label else reader,
            label,
            method,
            make,
            runs,
        )
        rows.append(r)
        print(
            f"{label:<26}{r['queries']:>13.0f}{r['cpu_best']:>8.1f}ms{r['cpu_median']:>8.1f}ms{r['cpu_mean']:>8.1f}ms"
            f"{r['db_best']:>7.1f}ms{r['db_median']:>7.1f}ms{r['total_median']:>10.1f}ms"
        )
    from parlons.debates.models import Contribution, Reaction

    written = Contribution.objects.filter(body__startswith="Contribution ").count()
    reactions = Reaction.objects.filter(user__pk=_person(sessions[1])).count()
    print(f"(écrit : {written} contributions, {reactions} réactions de la personne)")
    assert written >= runs and reactions > 0, "the posts wrote nothing"
    print("(CPU : temps processeur de Python pour la requête ; PG : attente des requêtes SQL)")
    if json_path:
        Path(json_path).write_text(json.dumps(rows))
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(20):
            reader.get(f"/demarches/{slug}/")
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
    return 0


if __name__ == "__main__":
    sys.exit(main())
