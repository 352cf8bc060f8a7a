"""Questionnaire results and export: a large survey against a small one, same run.

    .venv/bin/python bench/questionnaires.py            # 100,000 responses to 30 questions
    .venv/bin/python bench/questionnaires.py --quick    # 10,000

Builds a 30-question questionnaire through the services in a temporary SQLite
database, then bulk-inserts responses and answers (random, fixed seed) and
their running tallies, computed by the same function the services use. For
1,000 responses and for the large number, prints the results page's query
count (must be equal: results come from the tallies), its p50/p95 server
time, and the CSV export's speed in responses per second with the peak of
Python memory it allocated (flat: the export streams). Exits with 1 when the
query counts differ.
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
from collections import Counter
from pathlib import Path


def setup_django(folder: Path) -> None:
    os.environ["PARLONS_DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["PARLONS_TESTING"] = "1"
    os.environ["PARLONS_DEBUG"] = "0"
    os.environ["PARLONS_ALLOWED_HOSTS"] = "testserver"
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parlons.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    # As in the tests: one connection for the whole run, so the query log sees every request.
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, reset_queries

    request_started.disconnect(reset_queries)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)


def build(process, organiser):
    from parlons.questionnaires import services

    questionnaire = services.create_questionnaire(
        actor=organiser, process=process, title="Enquête", access="open"
    )
    kinds = ["single", "multiple", "scale", "yes_no", "short_text"]
    for part in range(3):
        section = services.add_section(
            actor=organiser, questionnaire=questionnaire, title=f"Partie {part + 1}"
        )
        for number in range(10):
            kind = kinds[number % len(kinds)]
            services.add_question(
                actor=organiser,
                section=section,
                kind=kind,
                wording=f"Question {part * 10 + number + 1}",
                choices_text="Un\nDeux\nTrois\nQuatre" if kind in {"single", "multiple"} else "",
                scale_max=5 if kind == "scale" else None,
            )
    return questionnaire


def seed(questionnaire, count: int, rng: random.Random) -> None:
    from django.utils import timezone

    from parlons.questionnaires.models import Answer, Questionnaire, Response
    from parlons.questionnaires.services import _apply_tallies, _counts, questions_for

    questions = questions_for(questionnaire)
    by_id = {question.pk: question for question in questions}
    now = timezone.now()
    total: Counter = Counter()
    batch = 2000
    for start in range(0, count, batch):
        responses = Response.objects.bulk_create(
            [
                Response(questionnaire=questionnaire, submitted_at=now, resume_token=str(n))
                for n in range(start, min(count, start + batch))
            ]
        )
        answers = []
        for response in responses:
            for question in questions:
                value, text = None, ""
                if question.kind == "single":
                    value = rng.choice(["c1", "c2", "c3", "c4"])
                elif question.kind == "multiple":
                    value = rng.sample(["c1", "c2", "c3", "c4"], rng.randint(1, 3))
                elif question.kind == "scale":
                    value = rng.randint(1, 5)
                elif question.kind == "yes_no":
                    value = rng.choice(["yes", "no"])
                else:
                    text = rng.choice(["Plus d'ateliers", "Le réseau", "=1+1", "Merci"])
                answers.append(
                    Answer(
                        response=response,
                        question=question,
                        version_id=question.current_version_id,
                        value=value,
                        text=text,
                    )
                )
        Answer.objects.bulk_create(answers)
        total.update(_counts(answers, by_id))
    _apply_tallies(Counter(), total)
    Questionnaire.objects.filter(pk=questionnaire.pk).update(response_count=count)


def measure(client, questionnaire, runs: int) -> dict:
    from django.db import connection

    slug = questionnaire.process.slug
    url = f"/demarches/{slug}/equipe/questionnaires/{questionnaire.pk}/resultats/"
    times = []
    for _ in range(runs):
        executed: list[str] = []

        def count(execute, sql, params, many, context, executed=executed):
            executed.append(sql)
            return execute(sql, params, many, context)

        start = time.perf_counter()
        with connection.execute_wrapper(count):
            answer = client.get(url)
        assert answer.status_code == 200, (answer.status_code, answer.get("Location"))
        times.append((time.perf_counter() - start) * 1000)
    export = f"/demarches/{slug}/equipe/questionnaires/{questionnaire.pk}/export.csv"
    start = time.perf_counter()
    size = sum(len(chunk) for chunk in client.get(export).streaming_content)
    elapsed = time.perf_counter() - start
    # Memory measured on a second pass: tracing slows Python down several times.
    tracemalloc.start()
    sum(len(chunk) for chunk in client.get(export).streaming_content)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "queries": len(executed),
        "p50": statistics.median(times),
        "p95": sorted(times)[int(0.95 * (len(times) - 1))],
        "export_per_s": questionnaire.response_count / elapsed,
        "export_mb": size / 1e6,
        "peak_mb": peak / 1e6,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 responses instead of 100,000")
    large = 10_000 if parser.parse_args().quick else 100_000
    folder = Path(tempfile.mkdtemp(prefix="parlons-bench-"))
    try:
        setup_django(folder)
        from datetime import timedelta

        from django.test import Client
        from django.utils import timezone
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from parlons.accounts.models import Role, RoleAssignment, User
        from parlons.core.models import Territory
        from parlons.processes.models import Phase, Process

        territory = Territory.objects.create(name="Banc d'essai", slug="banc")
        organiser = User.objects.create_user(
            email="orga@banc.test", password="x" * 20, pseudonym="orga"
        )
        RoleAssignment.objects.create(user=organiser, territory=territory, role=Role.ORGANISER)
        rng = random.Random(7)
        results = {}
        for count in (1_000, large):
            process = Process.objects.create(
                territory=territory,
                slug=f"enquete-{count}",
                title="Enquête",
                summary="Banc",
                status=Process.Status.PUBLISHED,
            )
            Phase.objects.create(
                process=process,
                title="Enquête",
                starts_at=timezone.now() - timedelta(days=1),
                ends_at=timezone.now() + timedelta(days=1),
                components=["questionnaire"],
            )
            questionnaire = build(process, organiser)
            start = time.perf_counter()
            seed(questionnaire, count, rng)
            print(f"seeded {count:,} responses in {time.perf_counter() - start:.0f} s", flush=True)
            questionnaire.refresh_from_db()
            client = Client()
            device = TOTPDevice.objects.create(user=organiser, name="banc", confirmed=True)
            client.force_login(organiser)
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
            results[count] = measure(client, questionnaire, runs=20)
        print(
            f"{'responses':>10} {'queries':>8} {'p50 ms':>8} {'p95 ms':>8} {'export/s':>10} {'CSV MB':>7} {'peak MB':>8}"
        )
        for count, row in results.items():
            print(
                f"{count:>10,} {row['queries']:>8} {row['p50']:>8.1f} {row['p95']:>8.1f} "
                f"{row['export_per_s']:>10,.0f} {row['export_mb']:>7.1f} {row['peak_mb']:>8.1f}"
            )
        counts = {row["queries"] for row in results.values()}
        return 0 if len(counts) == 1 else 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
