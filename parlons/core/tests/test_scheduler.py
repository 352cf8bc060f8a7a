"""Periodic jobs: declared by each app, planned in the territory's time, started once.

Tasks run at once in tests (the immediate backend): a run started here has
finished, with its outcome recorded, when the call returns.
"""

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.test import modify_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from parlons.core.models import PeriodicJobRun, PeriodicJobState, WorkerHeartbeat
from parlons.core.privacy import JOB_RUNS_KEPT_DAYS
from parlons.core.scheduler import (
    DailyAt,
    Every,
    claim_run,
    job_named,
    periodic_jobs,
    run_periodic_job,
    start_due_jobs,
    start_now,
)
from parlons.core.tasks import TASK_RESULTS_KEPT_DAYS, clean_up_workers

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE_JOBS = "parlons.core.tests.example_jobs"


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_every_app_declares_its_own_jobs_and_their_times():
    assert [(job.name, job.when.spec) for job in periodic_jobs()] == [
        ("core.clean_up_workers", "04:30"),
        ("accounts.send_digests", "07:00"),
        ("privacy.purge_personal_data", "03:00"),
        ("privacy.inactive_accounts", "03:30"),
        ("meetings.send_reminders", "60min"),
        ("opendata.rebuild_if_changed", "5min"),
        ("opendata.rebuild_nightly", "04:00"),
    ]


def test_a_new_app_adds_a_job_without_a_line_changed_in_core():
    with modify_settings(INSTALLED_APPS={"append": EXAMPLE_JOBS}):
        names = [job.name for job in periodic_jobs()]
    assert names[-2:] == ["example_jobs.count", "example_jobs.fail"]


def test_runs_every_n_minutes_fall_on_the_same_times_for_every_worker():
    hourly = Every(3600)
    assert hourly.next_after(utc(2026, 5, 4, 10, 20, 5)) == utc(2026, 5, 4, 11, 0)
    assert hourly.next_after(utc(2026, 5, 4, 11, 0)) == utc(2026, 5, 4, 12, 0)  # strictly after
    assert Every(5).next_after(utc(2026, 5, 4, 10, 0, 7)) == utc(2026, 5, 4, 10, 0, 10)
    assert (hourly.describe(), Every(1800).describe(), Every(10).describe()) == (
        "toutes les heures",
        "toutes les 30 minutes",
        "toutes les 10 secondes",
    )


def test_daily_runs_keep_their_time_in_the_territory_when_clocks_change(settings):
    settings.TIME_ZONE = "Europe/Paris"
    three = DailyAt(3, 0)
    # Winter (UTC+1), then the night clocks go forward (29 March 2026), then summer (UTC+2).
    assert three.next_after(utc(2026, 3, 27, 12, 0)) == utc(2026, 3, 28, 2, 0)
    assert three.next_after(utc(2026, 3, 28, 2, 0)) == utc(2026, 3, 29, 1, 0)
    assert three.next_after(utc(2026, 3, 29, 1, 0)) == utc(2026, 3, 30, 1, 0)
    # 02:30 does not exist that night: the run happens once, at 03:30 summer time.
    assert DailyAt(2, 30).next_after(utc(2026, 3, 28, 12, 0)) == utc(2026, 3, 29, 1, 30)
    assert three.describe() == "chaque jour à 3 h 00"


@pytest.mark.django_db
def test_a_job_is_planned_at_first_sight_and_started_when_its_time_comes(citizen):
    now = utc(2026, 5, 4, 10, 20)
    assert start_due_jobs(now) == []  # first sight: each job planned at its next time
    planned = dict(PeriodicJobState.objects.values_list("name", "next_run_at"))
    assert planned["meetings.send_reminders"] == utc(2026, 5, 4, 11, 0)
    assert planned["privacy.purge_personal_data"] == utc(2026, 5, 5, 1, 0)  # 03:00 in Paris

    runs = start_due_jobs(utc(2026, 5, 4, 11, 0, 4))
    assert [(run.job, run.slot, run.trigger) for run in runs] == [
        ("meetings.send_reminders", utc(2026, 5, 4, 11, 0), "schedule"),
        ("opendata.rebuild_if_changed", utc(2026, 5, 4, 10, 25), "schedule"),
    ]
    assert start_due_jobs(utc(2026, 5, 4, 11, 0, 8)) == []  # the next beat: nothing to start
    assert PeriodicJobState.objects.get(name="meetings.send_reminders").next_run_at == utc(
        2026, 5, 4, 12, 0
    )


@pytest.mark.django_db
def test_of_two_workers_that_saw_the_same_due_run_one_only_starts_it():
    now = utc(2026, 5, 4, 10, 20)
    start_due_jobs(now)
    reminders = job_named("meetings.send_reminders")
    assert reminders is not None
    seen_by_both = PeriodicJobState.objects.get(name=reminders.name).next_run_at
    due = seen_by_both + timedelta(seconds=3)
    assert claim_run(reminders, seen_by_both, due) is True  # the first worker's UPDATE
    assert claim_run(reminders, seen_by_both, due) is False  # the second one's finds nothing
    assert PeriodicJobRun.objects.count() == 0  # claim_run plans; start_due_jobs queues


@pytest.mark.django_db
def test_a_worker_that_was_down_catches_up_once_not_once_per_missed_time():
    start_due_jobs(utc(2026, 5, 4, 6, 10))
    back_at = utc(2026, 5, 4, 11, 25)  # five hourly runs were missed
    runs = start_due_jobs(back_at)
    # The daily jobs' times (03:00, 04:30, 07:00 in Paris) had passed at 06:10 UTC:
    # they are planned for tomorrow. The hourly one runs once, for its first missed time.
    assert [(run.job, run.slot) for run in runs] == [
        ("meetings.send_reminders", utc(2026, 5, 4, 7, 0)),
        ("opendata.rebuild_if_changed", utc(2026, 5, 4, 6, 15)),
    ]
    assert PeriodicJobState.objects.get(name="meetings.send_reminders").next_run_at == utc(
        2026, 5, 4, 12, 0
    )
    assert start_due_jobs(back_at + timedelta(minutes=1)) == []


@pytest.mark.django_db
def test_a_run_records_when_it_ran_how_long_and_what_it_did(transactional_db):
    with modify_settings(INSTALLED_APPS={"append": EXAMPLE_JOBS}):
        run = start_now("example_jobs.count")
    run.refresh_from_db()
    assert (run.trigger, run.status, run.result, run.error) == (
        "manual",
        "successful",
        {"entries": 0},
        "",
    )
    assert run.started_at <= run.finished_at
    assert timedelta(0) <= run.duration < timedelta(seconds=5)


@pytest.mark.django_db
def test_a_failed_run_records_its_error(transactional_db):
    with modify_settings(INSTALLED_APPS={"append": EXAMPLE_JOBS}):
        run = start_now("example_jobs.fail")
    run.refresh_from_db()
    assert (run.status, run.result, run.error) == (
        "failed",
        None,
        "ConnectionRefusedError: le serveur de courriel ne répond pas",
    )
    assert run.finished_at is not None


@pytest.mark.django_db
def test_a_run_taken_up_again_after_it_finished_is_not_done_twice():
    run = start_now("meetings.send_reminders")
    run.refresh_from_db()
    finished_at = run.finished_at
    assert run_periodic_job.call(run_id=run.pk) is None
    run.refresh_from_db()
    assert (run.status, run.finished_at) == ("successful", finished_at)


@pytest.mark.django_db
def test_the_schedule_setting_changes_a_jobs_times_at_once(settings):
    now = utc(2026, 5, 4, 10, 20)
    start_due_jobs(now)
    settings.SCHEDULE = {"meetings.send_reminders": "15min", "privacy.purge_personal_data": "01:45"}
    start_due_jobs(now + timedelta(minutes=1))
    states = {state.name: state for state in PeriodicJobState.objects.all()}
    assert (
        states["meetings.send_reminders"].schedule,
        states["meetings.send_reminders"].next_run_at,
    ) == (
        "15min",
        utc(2026, 5, 4, 10, 30),
    )
    assert states["privacy.purge_personal_data"].next_run_at == utc(2026, 5, 4, 23, 45)


def test_a_schedule_naming_an_unknown_job_is_refused_before_any_task(settings):
    settings.SCHEDULE = {"privacy.purge": "03:00"}
    with pytest.raises(ImproperlyConfigured, match=r"unknown jobs \['privacy.purge'\]"):
        periodic_jobs()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with pytest.raises(CommandError, match="Réglage des tâches périodiques incorrect"):
        call_command("db_worker", "--batch")


@pytest.mark.parametrize(
    "value", ["privacy.purge_personal_data", "meetings.send_reminders=0min", "x=25:00", "x=3h"]
)
def test_a_malformed_schedule_setting_stops_the_start_with_its_name(value):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PARLONS_", "PYTEST"))}
    result = subprocess.run(
        [sys.executable, "-m", "parlons", "check"],
        cwd=ROOT,
        env=env | {"PARLONS_SCHEDULE": value, "PARLONS_SECRET_KEY": "x" * 50},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "PARLONS_SCHEDULE" in result.stderr and "name=HH:MM" in result.stderr


@pytest.mark.django_db
def test_the_clean_up_job_forgets_what_is_old_and_keeps_each_jobs_last_run():
    now = timezone.now()
    old, recent = now - timedelta(days=TASK_RESULTS_KEPT_DAYS + 1), now - timedelta(days=1)
    for finished_at in (old, recent):
        DBTaskResult.objects.create(
            status=TaskResultStatus.SUCCESSFUL,
            args_kwargs={"args": [], "kwargs": {}},
            task_path="parlons.accounts.tasks.send_email",
            backend_name="default",
            queue_name="default",
            run_after=finished_at,
            finished_at=finished_at,
        )
    long_ago = now - timedelta(days=JOB_RUNS_KEPT_DAYS + 1)
    forgotten = PeriodicJobRun.objects.create(job="privacy.purge_personal_data", trigger="schedule")
    last_of_its_job = PeriodicJobRun.objects.create(
        job="accounts.send_digests", trigger="schedule", status="failed", error="SMTP: a@b.test"
    )
    kept = PeriodicJobRun.objects.create(job="privacy.purge_personal_data", trigger="manual")
    PeriodicJobRun.objects.filter(pk__in=[forgotten.pk, last_of_its_job.pk]).update(
        queued_at=long_ago
    )
    WorkerHeartbeat.objects.create(worker_id="muet", started_at=old, seen_at=old)
    assert clean_up_workers.call() == {"workers": 1, "task_results": 1, "job_runs": 1}
    assert sorted(PeriodicJobRun.objects.values_list("pk", flat=True)) == sorted(
        [last_of_its_job.pk, kept.pk]
    )
    assert DBTaskResult.objects.get().finished_at == recent
    assert PeriodicJobRun.objects.get(pk=last_of_its_job.pk).error == ""  # kept, without it
