"""Analyses run in the task queue, never in a request."""

from django_tasks import task

from parlons.synthesis.services import run_analysis


@task()
def run_analysis_task(*, analysis_id: int) -> str:
    """Compute one analysis; run again after a killed worker, it starts over cleanly."""
    return run_analysis(analysis_id)
