"""The synthesis workbench end to end: analysis task, themes page and search, on SQLite.

    .venv/bin/python bench/synthesis_workbench.py            # 10,000 contributions, 200,000 reactions
    .venv/bin/python bench/synthesis_workbench.py --quick    # 1,000 contributions

Seeds a démarche in a temporary SQLite database (bench/pages.py's bulk seed:
contributions, replies, twenty reactions per contribution), then times, in
this process: the themes analysis from the database (hash of the input,
extraction through the debates hook, engine, storing the result in one
transaction), the opinion groups analysis, the themes page and the
contributions search as an organiser sees them (p50 / p95 over 20 requests),
and the peak memory of the process. The issue's targets (100,000
contributions and 1,000,000 reactions under 2 minutes and 2 GiB; search p95
under 100 ms, theme page p95 under 200 ms) are printed beside.
"""

import argparse
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from pages import seed, setup_django  # noqa: E402


def p50_p95(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[max(0, round(0.95 * len(ordered)) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--contributions", type=int, default=None)
    args = parser.parse_args()
    count = args.contributions or (1_000 if args.quick else 10_000)
    folder = Path(tempfile.mkdtemp(prefix="parlons-bench-"))
    try:
        setup_django(folder)
        from django.test import Client

        from parlons.accounts.models import Role, RoleAssignment, User
        from parlons.conftest import login_staff
        from parlons.core.models import Commune, Territory
        from parlons.synthesis import services
        from parlons.synthesis.models import Analysis

        rng = random.Random(20261206)
        territory = Territory.objects.create(name="Banc d'essai", slug="banc")
        for n in range(5):
            Commune.objects.create(territory=territory, name=f"Commune {n}", slug=f"c{n}")
        people = User.objects.bulk_create(
            User(email=f"p{n}@bench.test", pseudonym=f"p{n}", password="!") for n in range(400)
        )
        organiser = User.objects.create_user(
            email="orga@bench.test", password="x", pseudonym="orga"
        )
        RoleAssignment.objects.create(user=organiser, territory=territory, role=Role.ORGANISER)
        started = time.perf_counter()
        process = seed(territory, people, organiser, "banc", count, rng)
        print(f"seed: {count} contributions in {time.perf_counter() - started:.1f} s")

        timings = {}
        for kind, embeddings in (("themes", "auto"), ("themes", "off"), ("opinion_groups", "")):
            started = time.perf_counter()
            analysis, _new = services.start_analysis(
                actor=organiser, process=process, kind=kind, embeddings=embeddings or "auto"
            )
            services.run_analysis(analysis.pk)
            timings[kind] = time.perf_counter() - started
            analysis = Analysis.objects.get(pk=analysis.pk)
            assert analysis.status == Analysis.Status.DONE, analysis.error
            print(
                f"{kind} {embeddings}: {analysis.input_size} inputs, "
                f"end to end {timings[kind]:.1f} s "
                "(target at 100,000 contributions / 1,000,000 reactions: 120 s)"
            )
        themes = Analysis.objects.filter(kind="themes").first()
        client = Client()
        login_staff(client, organiser)
        pages = {
            "themes page": f"/demarches/banc/synthese/atelier/analyses/{themes.pk}/",
            "search": f"/demarches/banc/synthese/atelier/analyses/{themes.pk}/contributions/"
            "?q=ateliers+numeriques",
        }
        for name, url in pages.items():
            for _ in range(3):
                assert client.get(url).status_code == 200
            times = []
            for _ in range(20):
                begun = time.perf_counter()
                assert client.get(url).status_code == 200
                times.append((time.perf_counter() - begun) * 1000)
            p50, p95 = p50_p95(times)
            print(f"{name}: p50 {p50:.0f} ms, p95 {p95:.0f} ms")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory of the process: {peak:.0f} MiB (target 2,048 MiB)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
