"""Periodic jobs, started by Parlons' own task workers (`parlons db_worker`), not by cron.

Each app declares its jobs in a module `schedule.py`:

    PERIODIC_JOBS = [
        PeriodicJob("privacy.purge_personal_data", _("Effacer ce qui a dépassé sa durée"),
                    purge_personal_data_task, DailyAt(3, 0)),
    ]

and every worker, on each beat of its monitor (parlons.core.worker), starts the
runs that are due. Several workers on several machines share one database: a
run is claimed by a conditional UPDATE of the job's `next_run_at` (`... WHERE
next_run_at = <what this worker read>`), so exactly one of them starts it, in
the same transaction as it puts the run in the queue. A worker that was down
starts a late job once, not once per missed time, and the next run is the
next planned time after now. `settings.SCHEDULE` (PARLONS_SCHEDULE) changes
the planned times.

Every run goes through the task `run_periodic_job`, which records when it ran,
how long it took and what it did (the job's return value) or the error, for
the administrators' page.
"""

import time as clock
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task
from django_tasks.base import Task

from parlons.core.models import PeriodicJobRun, PeriodicJobState
from parlons.core.registry import provided


@dataclass(frozen=True)
class Every:
    """Every `seconds`, at the multiples of `seconds` since 1970 (every hour: on the hour)."""

    seconds: int

    @property
    def spec(self) -> str:
        if self.seconds % 60 == 0:
            return f"{self.seconds // 60}min"
        return f"{self.seconds}s"

    def next_after(self, moment: datetime) -> datetime:
        """The first planned time strictly after `moment`; every worker finds the same."""
        elapsed = int(moment.timestamp() // self.seconds) + 1
        return datetime.fromtimestamp(elapsed * self.seconds, tz=UTC)

    def describe(self) -> str:
        if self.seconds % 60:
            return ngettext(
                "toutes les %(count)d secondes", "toutes les %(count)d secondes", self.seconds
            ) % {"count": self.seconds}
        minutes = self.seconds // 60
        if minutes == 60:
            return _("toutes les heures")
        return ngettext("toutes les minutes", "toutes les %(count)d minutes", minutes) % {
            "count": minutes
        }


@dataclass(frozen=True)
class DailyAt:
    """Each day at `hour`:`minute`, in the territory's time zone (settings.TIME_ZONE)."""

    hour: int
    minute: int = 0

    @property
    def spec(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d}"

    def next_after(self, moment: datetime) -> datetime:
        zone = ZoneInfo(settings.TIME_ZONE)
        day: date = moment.astimezone(zone).date()
        while True:
            # On the night clocks go forward, a time that does not exist (02:30) is
            # read with the winter offset, i.e. one hour later on the clock: still once.
            planned = datetime.combine(day, time(self.hour, self.minute), tzinfo=zone)
            if planned > moment:
                return planned.astimezone(UTC)
            day += timedelta(days=1)

    def describe(self) -> str:
        return _("chaque jour à %(time)s") % {"time": f"{self.hour} h {self.minute:02d}"}


When = Every | DailyAt


def parse_when(spec: str) -> When:
    """'03:00' (each day), '30min' or '10s' (the syntax settings.SCHEDULE has checked)."""
    if ":" in spec:
        hour, minute = spec.split(":")
        return DailyAt(int(hour), int(minute))
    if spec.endswith("min"):
        return Every(int(spec[: -len("min")]) * 60)
    return Every(int(spec.rstrip("s")))


@dataclass(frozen=True)
class PeriodicJob:
    """A job an app declares in its `schedule.py` (`PERIODIC_JOBS`).

    `task` is a django-tasks task that takes no argument and returns what it did
    (a number, a dict of counts: JSON); `summary` turns that into words for the
    administrators' page.
    """

    name: str
    label: Any  # a lazy translation
    task: Task
    when: When
    summary: Callable[[Any], str] | None = None

    def describe_result(self, result: Any) -> str:
        if self.summary is not None:
            return self.summary(result)
        if isinstance(result, dict):
            return ", ".join(f"{key} : {value}" for key, value in sorted(result.items()))
        return "" if result is None else str(result)


def periodic_jobs() -> list[PeriodicJob]:
    """Every app's jobs, with the times PARLONS_SCHEDULE sets instead of the declared ones."""
    declared = [job for jobs in provided("schedule", "PERIODIC_JOBS") for job in jobs]
    names = {job.name for job in declared}
    unknown = sorted(set(settings.SCHEDULE) - names)
    if unknown:
        raise ImproperlyConfigured(
            f"PARLONS_SCHEDULE names unknown jobs {unknown}; the jobs are: {sorted(names)}"
        )
    return [
        PeriodicJob(
            job.name, job.label, job.task, parse_when(settings.SCHEDULE[job.name]), job.summary
        )
        if job.name in settings.SCHEDULE
        else job
        for job in declared
    ]


def job_named(name: str) -> PeriodicJob | None:
    return next((job for job in periodic_jobs() if job.name == name), None)


def _state_of(job: PeriodicJob, now: datetime) -> PeriodicJobState:
    """The job's row, made at first sight (first run: its next planned time)."""
    state = PeriodicJobState.objects.filter(name=job.name).first()
    if state is None:
        try:
            with transaction.atomic():
                return PeriodicJobState.objects.create(
                    name=job.name, schedule=job.when.spec, next_run_at=job.when.next_after(now)
                )
        except IntegrityError:  # another worker made it first
            return PeriodicJobState.objects.get(name=job.name)
    if state.schedule != job.when.spec:
        # The times were changed (PARLONS_SCHEDULE): plan from the new ones at once.
        PeriodicJobState.objects.filter(name=job.name, schedule=state.schedule).update(
            schedule=job.when.spec, next_run_at=job.when.next_after(now)
        )
        state.refresh_from_db()
    return state


def start_due_jobs(now: datetime | None = None) -> list[PeriodicJobRun]:
    """Start every job whose planned time has come; returns the runs this worker started."""
    now = now or timezone.now()
    started = []
    for job in periodic_jobs():
        state = _state_of(job, now)
        if state.next_run_at > now:
            continue
        with transaction.atomic():
            if not claim_run(job, state.next_run_at, now):
                continue
            started.append(
                _queue_run(
                    job.name, trigger=PeriodicJobRun.Trigger.SCHEDULE, slot=state.next_run_at
                )
            )
    return started


def claim_run(job: PeriodicJob, planned: datetime, now: datetime) -> bool:
    """Move the job's next run from `planned` (what this worker read) to its next time.

    True for the one worker whose UPDATE found the row still at `planned`; any
    other worker that read the same time updates nothing and starts nothing.
    """
    return bool(
        PeriodicJobState.objects.filter(name=job.name, next_run_at=planned).update(
            next_run_at=job.when.next_after(now)
        )
    )


def start_now(name: str) -> PeriodicJobRun:
    """Queue a run of `name` now, out of its times (the planned runs stay as they were).

    Callers audit it: `parlons.accounts.services.run_periodic_job_now`.
    """
    if job_named(name) is None:
        raise LookupError(name)
    return _queue_run(name, trigger=PeriodicJobRun.Trigger.MANUAL, slot=None)


def _queue_run(name: str, *, trigger: str, slot: datetime | None) -> PeriodicJobRun:
    # In the caller's transaction: the database queue stores the task with the run,
    # so a claimed run is never lost between the claim and the queue.
    run = PeriodicJobRun.objects.create(job=name, trigger=trigger, slot=slot)
    run_periodic_job.enqueue(run_id=run.pk)
    return run


@task()
def run_periodic_job(*, run_id: int) -> Any:
    """Run one periodic job and record its outcome; safe to run twice (a worker died).

    The run is claimed (`finished_at` still empty) before the job starts: a run
    already finished is not done again.
    """
    started_at = timezone.now()
    claimed = PeriodicJobRun.objects.filter(pk=run_id, finished_at__isnull=True).update(
        status=PeriodicJobRun.Status.RUNNING, started_at=started_at
    )
    if not claimed:
        return None
    run = PeriodicJobRun.objects.get(pk=run_id)
    job = job_named(run.job)
    started = clock.monotonic()
    try:
        if job is None:
            raise LookupError(f"no periodic job is named {run.job!r} any more")
        result = job.task.call()
    except Exception as error:
        _finish(
            run_id,
            started,
            status=PeriodicJobRun.Status.FAILED,
            error=f"{type(error).__name__}: {error}",
        )
        raise
    _finish(run_id, started, status=PeriodicJobRun.Status.SUCCESSFUL, result=result)
    return result


def _finish(run_id: int, started: float, **outcome) -> None:
    PeriodicJobRun.objects.filter(pk=run_id).update(
        finished_at=timezone.now(),
        duration=timedelta(seconds=clock.monotonic() - started),
        **outcome,
    )


def job_overview() -> list[dict]:
    """Each job with its times, next planned run and last run, for the administrators' page."""
    now = timezone.now()
    # A worker starts a due job on its next beat: later than a few beats, none is running.
    late_after = now - timedelta(seconds=3 * settings.WORKER_HEARTBEAT_SECONDS)
    states = {state.name: state for state in PeriodicJobState.objects.all()}
    overview = []
    for job in periodic_jobs():
        last = PeriodicJobRun.objects.filter(job=job.name).first()
        state = states.get(job.name)
        if state is not None and state.schedule == job.when.spec:
            next_run_at = state.next_run_at
        else:  # no worker has seen the job (or its new times) yet
            next_run_at = job.when.next_after(now)
        overview.append(
            {
                "job": job,
                "schedule": job.when.describe(),
                "next_run_at": next_run_at,
                "late": next_run_at < late_after,
                "last": last,
                "last_summary": job.describe_result(last.result) if last else "",
            }
        )
    return overview
