"""Load on gunicorn and PostgreSQL: requests per second and latency, with and without the page cache.

    .venv/bin/python bench/load.py            # 10,000 contributions, 20 and 100 clients, 10 s each
    .venv/bin/python bench/load.py --quick    # 1,000 contributions, 3 s each
    .venv/bin/python bench/load.py --signed-in --clients 20 --seconds 5   # signed-in pages and posts only

Seeds a démarche in a PostgreSQL database of its own (PARLONS_BENCH_DATABASE_URL,
by default postgres://postgres@127.0.0.1:5432/parlons_bench, dropped and created
again), starts gunicorn on the loopback, and sends a bounded load to it from
this machine only:
- anonymous pages (the démarche page, the contributions list) with wrk (Debian's
  `wrk`; a Python generator when it is missing), first with the page cache off
  (the baseline, PARLONS_PAGE_CACHE_SECONDS=0) and then on, same server, same
  data: the ratio is cache on / cache off;
- signed-in posts (a reaction, a contribution) from Python clients, each in a
  process of its own with its own account and session, fetching the form first
  as a browser would (the latency and the rate printed are those of the posts
  alone; `--post-clients threads` runs them as threads of one process, whose
  waits for the interpreter lock were counted as latency: decision 0019);
- registrations to a meeting with fewer seats than clients.
The posting limits are lifted for the server (every client is on the loopback).
Then checks integrity: one reaction per person and contribution, no duplicate
contribution, no meeting over capacity. Exits 1 when a check fails or a
request errs.
"""

import argparse
import concurrent.futures
import multiprocessing
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/parlons_bench"
SECRET = "bench-load-" + "k" * 40


def recreate_database(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def setup_django(url: str, folder: Path) -> None:
    os.environ.update(
        {
            "PARLONS_DATABASE_URL": url,
            "PARLONS_SECRET_KEY": SECRET,
            "PARLONS_VAR_DIR": str(folder),
            "PARLONS_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SETTINGS_MODULE": "parlons.settings",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    # as in production: hashed static names from the manifest that pages read
    call_command("collectstatic", interactive=False, verbosity=0)


def seed(size: int, clients: int):
    """The démarche (bench/pages.py's seeding), accounts with sessions, and a small meeting."""
    from datetime import timedelta

    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from parlons.accounts.models import Role, RoleAssignment, User
    from parlons.core.models import Commune, Territory
    from parlons.meetings.models import Meeting, Place

    sys.path.insert(0, str(ROOT / "bench"))
    from seeding import make_process, seed_debate

    territory = Territory.objects.create(name="Banc de charge", slug="charge")
    for index in range(8):
        Commune.objects.create(territory=territory, name=f"Commune {index}", slug=f"c{index}")
    password = make_password("mesure-de-charge")
    people = User.objects.bulk_create(
        User(email=f"p{n}@bench.invalid", pseudonym=f"personne-{n}", password=password)
        for n in range(max(1000, clients))
    )
    expert = User.objects.create_user(email="expert@bench.invalid", pseudonym="experte")
    RoleAssignment.objects.create(user=expert, territory=territory, role=Role.EXPERT)
    process = make_process(territory, "charge")
    seed_debate(process, people, size, random.Random(11), expert=expert)
    process.phases.update(components=["contribute", "reply", "react", "meetings"])
    place = Place.objects.create(territory=territory, name="Salle", kind=Place.Kind.VILLAGE_HALL)
    start = timezone.now() + timedelta(days=3)
    meeting = Meeting.objects.create(
        process=process,
        place=place,
        title="Réunion de charge",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        capacity=clients // 4,
    )
    sessions = []
    for person in people[:clients]:
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
    return process, meeting, sessions, top


def kept(size: int, clients: int):
    """The démarche seeded by an earlier run (--keep), with fresh sessions."""
    from django.contrib.sessions.backends.db import SessionStore

    from parlons.accounts.models import User
    from parlons.meetings.models import Meeting
    from parlons.processes.models import Process

    process = Process.objects.get(slug="charge")
    meeting = Meeting.objects.get(process=process, title="Réunion de charge")
    sessions = []
    for person in User.objects.filter(email__endswith="@bench.invalid").order_by("pk")[:clients]:
        store = SessionStore()
        store["_auth_user_id"] = str(person.pk)
        store["_auth_user_backend"] = "parlons.accounts.backends.EmailBackend"
        store["_auth_user_hash"] = person.get_session_auth_hash()
        store.create()
        sessions.append(store.session_key)
    # The seeded contributions' newest 50, as seed() gave them (not those written by a run).
    top = list(
        process.contributions.filter(parent=None)
        .exclude(body__startswith="Contribution ")
        .order_by("-created_at")
        .values_list("pk", flat=True)[:50]
    )
    return process, meeting, sessions, top


class Server:
    """gunicorn on a free loopback port, with the page cache on or off."""

    def __init__(self, folder: Path, page_cache_seconds: int, workers: int, threads: int = 4):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        env = dict(os.environ, PARLONS_PAGE_CACHE_SECONDS=str(page_cache_seconds))
        # Every client comes from 127.0.0.1 and posts dozens of times in a few
        # seconds: the posting limits would answer 429 to the load itself.
        for name in ("CONTRIBUTIONS", "REPLIES", "REPORTS"):
            env[f"PARLONS_LIMIT_{name}_PER_ACCOUNT"] = "1000000"
            env[f"PARLONS_LIMIT_{name}_PER_ADDRESS"] = "1000000"
        env.pop("DJANGO_SETTINGS_MODULE", None)
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [
                str(gunicorn),
                "parlons.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--worker-class",
                "gthread",
                "--threads",
                str(threads),
                "--preload",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            # On a loaded machine a worker may outlive the graceful timeout: stop now.
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def wrk(port: int, path: str, clients: int, seconds: int, cookie: str = "") -> dict:
    """Requests per second and latency percentiles from wrk, or from Python when it is missing.

    With `cookie`, every request carries it (a signed-in person's session): such pages
    are never served from the page cache.
    """
    if shutil.which("wrk") is None:
        return python_load(port, path, clients, seconds, cookie)
    output = subprocess.run(
        [
            "wrk",
            f"-t{min(2, clients)}",
            f"-c{clients}",
            f"-d{seconds}s",
            "--latency",
            *(["-H", f"Cookie: {cookie}"] if cookie else []),
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def latency(label: str) -> float:
        value, unit = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", output).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency("50"),
        "p99": latency("99"),
        "errors": int(errors.group(1)) if errors else 0,
        "note": socket_errors.group(1) if socket_errors else "",
        "tool": "wrk",
    }


def python_load(port: int, path: str, clients: int, seconds: int, cookie: str = "") -> dict:
    """A bounded keep-alive load generator: `clients` threads for `seconds` seconds."""
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()
    end = time.monotonic() + seconds

    def client() -> None:
        connection = HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < end:
            started = time.perf_counter()
            connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
            response = connection.getresponse()
            response.read()
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                times.append(elapsed)
                if response.status >= 400:
                    errors[0] += 1
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return summary(times, errors[0], seconds, "python")


def summary(times: list[float], errors: int, seconds: float, tool: str) -> dict:
    ordered = sorted(times) or [0.0]
    return {
        "rps": len(times) / seconds,
        "p50": statistics.median(ordered),
        "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))],
        "errors": errors,
        "note": "",
        "tool": tool,
    }


HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


def posting(port, sessions, seconds, make_request, in_processes: bool = True) -> dict:
    """Each client: its own session; GET the page holding the form, then POST what it asks.

    Each client runs in a process of its own (forked), so that the time printed is the
    server's: with twenty clients as threads of one process, a client whose answer has
    arrived waits for the interpreter lock while the others parse their pages, and that
    wait is counted in its latency (`--post-clients threads` measures it that way).
    """
    end = time.monotonic() + seconds

    def client(index: int, session_key: str) -> tuple[list[float], list[str]]:
        times: list[float] = []
        errors: list[str] = []
        csrf = f"{index:032d}"[-32:].replace("0", "a")
        cookie = f"sessionid={session_key}; csrftoken={csrf}"
        connection = HTTPConnection("127.0.0.1", port, timeout=60)
        rng = random.Random(index)
        number = 0
        while time.monotonic() < end:
            number += 1
            form_path, post_path, fields = make_request(index, number, rng)
            connection.request("GET", form_path, headers={"Cookie": cookie})
            page = connection.getresponse().read().decode()
            form = page[page.find(f'action="{post_path}"') :]
            hidden = dict(HIDDEN.findall(form[: form.find("</form>")]))
            hidden["csrfmiddlewaretoken"] = csrf
            body = urllib.parse.urlencode({**hidden, **fields})
            started = time.perf_counter()  # the write itself: the form was read before
            connection.request(
                "POST",
                post_path,
                body=body,
                headers={
                    "Cookie": cookie,
                    "Content-Type": "application/x-www-form-urlencoded",
                },
            )
            response = connection.getresponse()
            response.read()
            times.append((time.perf_counter() - started) * 1000)
            if response.status not in (200, 302):
                errors.append(f"{response.status} {post_path}")
        connection.close()
        return times, errors

    results: list[tuple[list[float], list[str]]] = []
    if in_processes:
        context = multiprocessing.get_context("fork")
        queue = context.SimpleQueue()

        def run_client(index: int, session_key: str) -> None:
            queue.put(client(index, session_key))

        workers = [
            context.Process(target=run_client, args=(index, key))
            for index, key in enumerate(sessions)
        ]
        for worker in workers:
            worker.start()
        results = [queue.get() for _ in workers]
        for worker in workers:
            worker.join()
    else:
        with concurrent.futures.ThreadPoolExecutor(len(sessions)) as pool:
            results = list(pool.map(client, range(len(sessions)), sessions))
    times = [value for found, _errors in results for value in found]
    errors = [error for _times, found in results for error in found]
    result = summary(times, len(errors), seconds, "python")
    result["note"] = "; ".join(sorted(set(errors))[:3])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 000 contributions, 3 s par mesure")
    parser.add_argument("--seconds", type=int, default=None, help="durée de chaque mesure")
    parser.add_argument("--workers", type=int, default=2, help="processus gunicorn")
    parser.add_argument("--threads", type=int, default=4, help="fils par processus")
    parser.add_argument(
        "--clients",
        default="20,100",
        help="nombres de clients simultanés, séparés par des virgules",
    )
    parser.add_argument(
        "--keep", action="store_true", help="reprendre la démarche semée par un passage précédent"
    )
    parser.add_argument(
        "--signed-in",
        action="store_true",
        help="pages et écritures de personnes connectées seulement",
    )
    parser.add_argument(
        "--post-clients",
        choices=["processes", "threads"],
        default="processes",
        help="clients d'écriture : un processus chacun (défaut) ou des fils d'un seul processus",
    )
    args = parser.parse_args()
    clients = [int(count) for count in args.clients.split(",")]
    seconds = args.seconds or (3 if args.quick else 10)
    size = 1_000 if args.quick else 10_000
    url = os.environ.get("PARLONS_BENCH_DATABASE_URL", DEFAULT_URL)
    folder = Path(tempfile.mkdtemp(prefix="parlons-bench-load-"))
    try:
        if not args.keep:
            recreate_database(url)
        setup_django(url, folder)
        return run(
            folder,
            size,
            seconds,
            args.workers,
            args.threads,
            clients,
            args.signed_in,
            args.keep,
            post_in_processes=args.post_clients == "processes",
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(
    folder: Path,
    size: int,
    seconds: int,
    workers: int,
    threads: int,
    clients: list[int],
    signed_in_only: bool = False,
    keep: bool = False,
    post_in_processes: bool = True,
) -> int:
    started = time.perf_counter()
    process, meeting, sessions, top = (kept if keep else seed)(size, max(clients))
    from django.db import connection

    with connection.cursor() as cursor:  # as autovacuum would: the planner needs statistics
        cursor.execute("ANALYZE")
    print(
        f"Démarche de {size:,} contributions semée en {time.perf_counter() - started:.1f} s ; "
        f"gunicorn {workers} processus × {threads} fils, PostgreSQL, charge sur la boucle locale.".replace(
            ",", " "
        )
    )
    failed = False
    pages = [
        ("page de la démarche", f"/demarches/{process.slug}/"),
        ("liste des contributions", f"/demarches/{process.slug}/contributions/"),
    ]
    if not signed_in_only:
        failed |= anonymous(folder, pages, clients, seconds, workers, threads)

    # The same pages for a signed-in person: never from the page cache.
    server = Server(folder, 300, workers, threads)
    try:
        print(
            f"\n{'page, connecté':<26}{'clients':>8}{'requêtes/s':>12}{'p50':>9}{'p99':>9}{'erreurs':>9}"
        )
        cookie = f"sessionid={sessions[0]}"
        for label, path in pages:
            wrk(server.port, path, 4, 1, cookie)
            for count in clients:
                result = wrk(server.port, path, count, seconds, cookie)
                failed |= result["errors"] > 0
                print(
                    f"{label:<26}{count:>8}{result['rps']:>9.0f}r/s{result['p50']:>7.1f}ms"
                    f"{result['p99']:>7.1f}ms{result['errors']:>9}"
                    + (f"  ({result['note']})" if result["note"] else "")
                )
    finally:
        server.stop()

    slug = process.slug
    server = Server(folder, 300, workers, threads)
    try:
        scenarios = [
            (
                "réagir",
                lambda i, n, rng: (
                    f"/demarches/{slug}/contributions/{top[(i + n) % len(top)]}/",
                    f"/demarches/{slug}/contributions/{top[(i + n) % len(top)]}/reagir/",
                    {"value": rng.choice(["agree", "disagree", "pass"])},
                ),
            ),
            (
                "contribuer",
                lambda i, n, rng: (
                    f"/demarches/{slug}/contributions/nouvelle/",
                    f"/demarches/{slug}/contributions/nouvelle/",
                    # unique per request: two rows with one body means a request was saved twice
                    {"body": f"Contribution {uuid.uuid4().hex[:12]} : un car le dimanche."},
                ),
            ),
            (
                "s'inscrire",
                lambda i, n, rng: (
                    f"/demarches/{slug}/reunions/{meeting.pk}/",
                    f"/demarches/{slug}/reunions/{meeting.pk}/inscription/",
                    {},
                ),
            ),
        ]
        print(
            f"\n{'écriture (connecté)':<26}{'clients':>8}{'écritures/s':>13}{'p50':>9}{'p99':>9}{'erreurs':>9}"
        )
        print(
            "(clients d'écriture : "
            + ("un processus chacun" if post_in_processes else "des fils d'un même processus")
            + ")"
        )
        for label, make_request in scenarios:
            for count in clients:
                result = posting(
                    server.port, sessions[:count], seconds, make_request, post_in_processes
                )
                failed |= result["errors"] > 0
                print(
                    f"{label:<26}{count:>8}{result['rps']:>13.1f}{result['p50']:>7.1f}ms"
                    f"{result['p99']:>7.1f}ms{result['errors']:>9}"
                    + (f"  ({result['note']})" if result["note"] else "")
                )
    finally:
        server.stop()
    return 1 if integrity(process, meeting) or failed else 0


def anonymous(folder: Path, pages, clients, seconds: int, workers: int, threads: int) -> bool:
    """Anonymous pages, page cache off then on: True when a request erred."""
    failed = False
    results: dict = {}
    for cache_seconds in (0, 300):
        server = Server(folder, cache_seconds, workers, threads)
        try:
            for label, path in pages:
                wrk(server.port, path, 4, 1)  # warm up: the scrubber lists, connections
                for count in clients:
                    results[(label, count, cache_seconds)] = wrk(server.port, path, count, seconds)
        finally:
            server.stop()
    print(
        f"\n{'page anonyme':<26}{'clients':>8}{'sans cache':>12}{'avec cache':>12}"
        f"{'rapport':>9}{'p50':>9}{'p99':>9}{'erreurs':>9}"
    )
    for label, _path in pages:
        for count in clients:
            off, on = results[(label, count, 0)], results[(label, count, 300)]
            errors = off["errors"] + on["errors"]
            failed |= errors > 0
            print(
                f"{label:<26}{count:>8}{off['rps']:>9.0f}r/s{on['rps']:>9.0f}r/s"
                f"{on['rps'] / max(off['rps'], 0.001):>9.1f}{on['p50']:>7.1f}ms{on['p99']:>7.1f}ms{errors:>9}"
                + (f"  ({on['note'] or off['note']})" if on["note"] or off["note"] else "")
            )
    print(f"(outil : {results[(pages[0][0], clients[0], 0)]['tool']} ; p50 et p99 avec le cache)")

    return failed


def integrity(process, meeting) -> bool:
    """True when something is wrong after the load."""
    from django.db.models import Count

    from parlons.debates.models import Contribution, Reaction
    from parlons.meetings.models import Registration

    double_reactions = (
        Reaction.objects.filter(contribution__process=process)
        .values("contribution", "user")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    duplicates = (
        Contribution.objects.filter(process=process, parent=None, body__startswith="Contribution ")
        .values("author", "body")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    confirmed = Registration.objects.filter(
        meeting=meeting, status=Registration.Status.CONFIRMED
    ).count()
    over = confirmed > (meeting.capacity or 0)
    print(
        f"\nIntégrité : réactions en double {double_reactions}, contributions en double "
        f"{duplicates}, réunion {confirmed}/{meeting.capacity} places confirmées"
        f"{' (DÉPASSÉE)' if over else ''}."
    )
    return bool(double_reactions or duplicates or over)


if __name__ == "__main__":
    sys.exit(main())
