"""Background rebuilds of the published files: debounced after writes, and once a night."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from parlons.core.models import AuditEntry
from parlons.opendata.exports import build_exports
from parlons.opendata.models import ExportRun

# A run that has not finished after this long is taken as dead (its worker stopped).
RUN_TIMEOUT = timedelta(hours=2)


def rebuild_is_due(now=None) -> str:
    """Why the files should be rebuilt now ("" when they should not).

    The audit log is the list of changes: every write of every app is in it.
    Debounced: the files wait until nothing was written for
    OPENDATA_QUIET_SECONDS (a moderator hiding ten messages in a row triggers
    one run, not ten), but never more than OPENDATA_MAX_WAIT_SECONDS after
    the first change they miss, so a busy day still publishes.
    """
    now = now or timezone.now()
    last = ExportRun.objects.order_by("-pk").first()
    if (
        last is not None
        and last.status == ExportRun.Status.RUNNING
        and last.started_at > now - RUN_TIMEOUT
    ):
        return ""
    done = ExportRun.objects.filter(status=ExportRun.Status.DONE).order_by("-pk").first()
    if done is None:
        return "first"
    unpublished = AuditEntry.objects.filter(pk__gt=done.audit_mark)
    newest = unpublished.order_by("-pk").values_list("created_at", flat=True).first()
    if newest is None:
        return ""
    if newest <= now - timedelta(seconds=settings.OPENDATA_QUIET_SECONDS):
        return "quiet"
    oldest = unpublished.order_by("pk").values_list("created_at", flat=True).first()
    if oldest is not None and oldest <= now - timedelta(seconds=settings.OPENDATA_MAX_WAIT_SECONDS):
        return "max_wait"
    return ""


@task()
def rebuild_if_changed() -> dict:
    """Every five minutes: rebuild the files when writes are waiting and the data is quiet."""
    reason = rebuild_is_due()
    if not reason:
        return {"rebuilt": 0, "rows": 0}
    run = build_exports(reason=reason)
    return {"rebuilt": 1, "rows": run.rows_written}


@task()
def rebuild_now(reason: str = "nightly") -> dict:
    """Rebuild whatever changed: each night (texts masked again...) and on a staff request."""
    run = build_exports(reason=reason)
    return {"rebuilt": 1, "rows": run.rows_written}
