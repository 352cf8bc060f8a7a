"""Write the audit log. Call `record` inside the service's transaction."""

from typing import Any

from django.db import models, transaction

from parlons.core.models import AuditEntry


def record(actor, action: str, target: models.Model | None = None, **data: Any) -> AuditEntry:
    """Record that `actor` did `action` on `target`, with JSON-serialisable details.

    Must run inside the transaction of the write it describes, so that the
    write and its trace are saved together or not at all.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must be called inside the write's transaction")
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        data=data,
    )
