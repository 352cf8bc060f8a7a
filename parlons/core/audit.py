"""Write the audit log. Call `record` inside the service's transaction."""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db import models, transaction
from django.dispatch import Signal

from parlons.core.files import WrittenFiles, saving
from parlons.core.models import AuditEntry

# Sent for every audited write, inside its transaction (target=the object written):
# the page cache (parlons.processes.pagecache) forgets what the write changed.
recorded = Signal()


def record(actor, action: str, target: models.Model | None = None, **data: Any) -> AuditEntry:
    """Record that `actor` did `action` on `target`, with JSON-serialisable details.

    Must run inside the transaction of the write it describes, so that the
    write and its trace are saved together or not at all.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must be called inside the write's transaction")
    entry = AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        data=data,
    )
    recorded.send(sender=AuditEntry, action=action, target=target)
    return entry


def save_changes(
    actor,
    instance: models.Model,
    fields: Mapping[str, Any],
    allowed: Iterable[str],
    action: str,
    *,
    audit_unchanged: bool = True,
    before_save: Callable[[list[str]], None] | None = None,
    written: WrittenFiles | None = None,
    **data: Any,
) -> list[str]:
    """Set the `allowed` fields that `fields` changes, validate, save, and audit the change.

    The one update path of every service: only the fields listed once (on the
    model or the service) can change, the model's own rules run
    (`full_clean`), and the audit entry names what changed. Returns the
    changed field names, in the order of `allowed`. `before_save(changed)` may
    refuse (ValidationError) or adjust the instance once it is valid. Files
    the save writes join `written` (`core.files.deleted_on_failure`).
    """
    wanted = [name for name in allowed if name in fields]
    # Compared with the saved row, not the instance: a bound ModelForm has
    # already copied the new values onto it.
    saved = type(instance)._default_manager.filter(pk=instance.pk).values(*wanted).first() or {}
    changed = [name for name in wanted if not _same(instance, name, fields[name], saved.get(name))]
    for name in wanted:
        setattr(instance, name, fields[name])
    instance.full_clean()
    if before_save is not None:
        before_save(changed)
    with saving(written, instance):
        instance.save()
    if changed or audit_unchanged:
        record(actor, action, instance, fields=changed, **data)
    return changed


def _same(instance: models.Model, name: str, new: Any, saved: Any) -> bool:
    if instance._meta.get_field(name).is_relation:
        new = getattr(new, "pk", new)
    return bool(new == saved)
