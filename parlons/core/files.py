"""Uploaded files and transactions: a file written by a write that fails does not stay.

A `FileField` writes its file to storage when the row is saved, inside the
transaction; if the transaction then rolls back (a refused count, a lost
lock, an error further on), the row is gone but the file stays, and nothing
points at it any more. Django has no rollback hook, so a service opens
`deleted_on_failure()` around its transaction and saves its rows inside
`written.saving(row)`: the files that save writes (new uploads only, never a
file already stored, which another row may name) are deleted again when the
block ends with an exception. A block that ends normally keeps them; replaced
files are deleted with `transaction.on_commit`, once the new row is saved.
"""

import logging
from contextlib import contextmanager, nullcontext

from django.db import models

logger = logging.getLogger(__name__)


class WrittenFiles:
    """The files a block wrote to storage, to delete if it fails."""

    def __init__(self) -> None:
        self.files: list[tuple[object, str]] = []

    @contextmanager
    def saving(self, instance: models.Model):
        """Around `instance.save()`: remembers the files this save writes to storage.

        A file field holds a new file until the save stores it (`_committed` is
        how Django's own `FileField.pre_save` tells); a name already in storage
        is left alone.
        """
        fresh = [
            field.attname
            for field in instance._meta.concrete_fields
            if isinstance(field, models.FileField)
            and (value := getattr(instance, field.attname))
            and not value._committed
        ]
        yield
        for name in fresh:
            value = getattr(instance, name)
            if value and value.name:
                self.files.append((value.storage, value.name))

    def delete(self) -> None:
        for storage, name in self.files:
            try:
                storage.delete(name)
            except OSError:
                logger.warning("file %s written by a failed write could not be deleted", name)


def saving(written: WrittenFiles | None, instance: models.Model):
    """`written.saving(instance)`, or nothing when the caller keeps no list."""
    return nullcontext() if written is None else written.saving(instance)


@contextmanager
def deleted_on_failure():
    """`with deleted_on_failure() as written, transaction.atomic(): ...`, rows saved inside
    `with written.saving(row): row.save()`."""
    written = WrittenFiles()
    try:
        yield written
    except BaseException:
        written.delete()
        raise
