"""Uploaded files and transactions: a file written by a write that fails does not stay.

A `FileField` writes its file to storage when the row is saved, inside the
transaction; if the transaction then rolls back (a refused count, a lost
lock, an error further on), the row is gone but the file stays, and nothing
points at it any more. Django has no rollback hook, so a service opens
`deleted_on_failure()` around its transaction and names each file it wrote:
when the block ends with an exception, those files are deleted again. A
block that ends normally keeps them; replaced files are deleted with
`transaction.on_commit`, once the new row is saved.
"""

import logging
from contextlib import contextmanager

from django.core.files import File
from django.db.models.fields.files import FieldFile

logger = logging.getLogger(__name__)


class WrittenFiles:
    """The files a block wrote to storage, to delete if it fails."""

    def __init__(self) -> None:
        self.files: list[tuple[object, str]] = []

    def add(self, field_file) -> None:
        if field_file and field_file.name:
            self.files.append((field_file.storage, field_file.name))

    def add_upload(self, value, field_file) -> None:
        """`field_file` once saved, if `value` (what the write was given) was a new upload.

        A value naming a file already in storage is never deleted: another row
        may point at it.
        """
        if is_upload(value):
            self.add(field_file)

    def delete(self) -> None:
        for storage, name in self.files:
            try:
                storage.delete(name)
            except OSError:
                logger.warning("file %s written by a failed write could not be deleted", name)


@contextmanager
def deleted_on_failure():
    """`with deleted_on_failure() as written, transaction.atomic(): ...; written.add(f)`."""
    written = WrittenFiles()
    try:
        yield written
    except BaseException:
        written.delete()
        raise


def is_upload(value) -> bool:
    """A file the write will store (an upload or a file made in memory), not one already stored."""
    return isinstance(value, File) and not isinstance(value, FieldFile)
