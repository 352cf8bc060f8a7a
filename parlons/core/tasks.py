"""Background housekeeping of the task workers themselves."""

from datetime import timedelta

from django.db.models import Max
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from parlons.core.models import PeriodicJobRun
from parlons.core.privacy import JOB_RUNS_KEPT_DAYS
from parlons.core.worker import forget_silent_workers

# Finished tasks keep their arguments and, when they failed, an error that may quote
# an e-mail address: two weeks is enough to look into a failure.
TASK_RESULTS_KEPT_DAYS = 14


@task()
def clean_up_workers() -> dict[str, int]:
    """Forget workers silent for a day, finished tasks and old runs of the periodic jobs."""
    now = timezone.now()
    tasks, _detail = (
        DBTaskResult.objects.finished()
        .filter(finished_at__lt=now - timedelta(days=TASK_RESULTS_KEPT_DAYS))
        .delete()
    )
    last_runs = PeriodicJobRun.objects.values("job").annotate(last=Max("pk")).values("last")
    old_runs = PeriodicJobRun.objects.filter(queued_at__lt=now - timedelta(days=JOB_RUNS_KEPT_DAYS))
    runs, _detail = old_runs.exclude(pk__in=last_runs).delete()
    # Each job's last run stays on the administrators' page, without its old error.
    old_runs.exclude(error="").update(error="")
    return {
        "workers": forget_silent_workers(now),
        "task_results": tasks,
        "job_runs": runs,
    }
