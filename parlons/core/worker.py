"""Task workers that notice when one of them died, and take its task up again.

django-tasks-db marks a task RUNNING when a worker claims it, and nothing
else happens if that worker is killed (out of memory, machine restarted):
the task stays RUNNING for ever and its e-mail never leaves. Each Parlons
worker therefore writes a heartbeat every few seconds from a small thread;
any worker that finds a RUNNING task whose worker has been silent for longer
than the stale delay puts it back in the queue (READY), where the next free
worker runs it again. A task must be safe to run twice (the e-mail task
checks that its e-mail was not sent already).

On the same beat, the worker starts the periodic jobs that are due
(parlons.core.scheduler); of several workers, one only starts each run.
"""

import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.db import OperationalError, close_old_connections, connection, transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from parlons.core.models import WorkerHeartbeat
from parlons.core.scheduler import start_due_jobs

logger = logging.getLogger("parlons.worker")


def beat(worker_id: str, *, started_at=None) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"seen_at": now},
        create_defaults={"seen_at": now, "started_at": started_at or now},
    )


def requeue_abandoned(now=None, stale: timedelta | None = None) -> list[str]:
    """Put back in the queue every RUNNING task whose worker fell silent; returns their ids."""
    now = now or timezone.now()
    stale = stale or timedelta(seconds=settings.WORKER_STALE_SECONDS)
    alive = set(
        WorkerHeartbeat.objects.filter(seen_at__gte=now - stale).values_list("worker_id", flat=True)
    )
    requeued = []
    with transaction.atomic():
        running = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            status=TaskResultStatus.RUNNING, started_at__lt=now - stale
        )
        for result in running:
            last_worker = result.worker_ids[-1] if result.worker_ids else None
            if last_worker in alive:
                continue
            result.status = TaskResultStatus.READY
            result.started_at = None
            result.run_after = now
            result.save(update_fields=["status", "started_at", "run_after"])
            requeued.append(str(result.id))
    for task_id in requeued:
        logger.warning("Task %s was left by a silent worker: queued again.", task_id)
    return requeued


def forget_silent_workers(now=None, after: timedelta = timedelta(days=1)) -> int:
    now = now or timezone.now()
    deleted, _detail = WorkerHeartbeat.objects.filter(seen_at__lt=now - after).delete()
    return deleted


class WorkerMonitor(threading.Thread):
    """Beats for its worker and takes up abandoned tasks, every `interval` seconds."""

    def __init__(self, worker_id: str, interval: float | None = None) -> None:
        super().__init__(name=f"parlons-worker-monitor-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.interval = interval or settings.WORKER_HEARTBEAT_SECONDS
        self.started_at = timezone.now()
        self._stop_event = threading.Event()

    def tick(self) -> None:
        try:
            beat(self.worker_id, started_at=self.started_at)
            requeue_abandoned()
            start_due_jobs()
        except OperationalError as error:  # a locked SQLite database: try again next tick
            logger.info("Worker monitor skipped a beat: %s", error)
        except Exception:
            # The beat must go on: a worker that stops beating has its tasks taken away.
            logger.exception("Worker monitor: starting the periodic jobs failed.")
        finally:
            close_old_connections()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.tick()
            self._stop_event.wait(self.interval)
        connection.close()

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=self.interval + 5)
        WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
