"""Two jobs an app adds without a line changed in core: one counts, one fails."""

from django_tasks import task

from parlons.core.models import AuditEntry
from parlons.core.scheduler import Every, PeriodicJob


@task()
def count_audit_entries() -> dict[str, int]:
    return {"entries": AuditEntry.objects.count()}


@task()
def fail_like_a_mail_server() -> None:
    raise ConnectionRefusedError("le serveur de courriel ne répond pas")


PERIODIC_JOBS = [
    PeriodicJob("example_jobs.count", "Compter le journal", count_audit_entries, Every(600)),
    PeriodicJob("example_jobs.fail", "Échouer", fail_like_a_mail_server, Every(600)),
]
