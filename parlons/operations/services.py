"""Backups and restores of a whole installation: the database, the media files, the erasures.

`create_backup` writes one archive (parlons.operations.archive), encrypted
when a key is given (parlons.operations.crypto). `restore_backup` checks the
archive completely, then that it fits this installation (same engine, same
migrations, empty database and media folder), and only then restores it and
erases again everyone the erasure log knows (privacy.services.replay_erasures).
"""

import os
import shutil
import tarfile
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from parlons.core import audit
from parlons.operations import databases
from parlons.operations.archive import (
    MEDIA,
    PRIVATE,
    ArchiveError,
    ArchiveWriter,
    StagedArchive,
    extract_and_check,
    media_files,
)
from parlons.operations.crypto import CryptoError, DecryptingReader, EncryptingWriter, is_encrypted
from parlons.privacy.erasures import erasure_salt
from parlons.privacy.services import ReplayReport, replay_erasures

NAME_PREFIX = "parlons-"
NAME_TIME = "%Y%m%d-%H%M%S"
PLAIN_SUFFIX = ".tar.gz"
ENCRYPTED_SUFFIX = ".tar.gz.enc"


class BackupError(Exception):
    """The backup or the restore refuses, or fails; the message says why and what to do, in French."""


def parlons_version() -> str:
    try:
        return package_version("parlons")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "inconnue"


def archive_name(at: datetime, *, encrypted: bool) -> str:
    suffix = ENCRYPTED_SUFFIX if encrypted else PLAIN_SUFFIX
    return f"{NAME_PREFIX}{at.astimezone(UTC).strftime(NAME_TIME)}{suffix}"


@dataclass
class BackupResult:
    path: Path
    size: int
    files: int
    media_files: int
    engine: str
    seconds: float
    encrypted: bool
    # apps whose code has migrations the database has not applied: restorable, but said
    pending_migrations: dict[str, list[str]] = field(default_factory=dict)
    pruned: list[Path] = field(default_factory=list)


def create_backup(
    *, output: Path | None = None, key: bytes | None = None, now: datetime | None = None
) -> BackupResult:
    """Write an archive of this installation to `output`, or into settings.BACKUP_DIR.

    An archive written into BACKUP_DIR (no `output`) makes the archives there
    older than settings.BACKUP_RETENTION_DAYS go (`prune_backups`).
    """
    started, now = time.monotonic(), now or timezone.now()
    target = output or Path(settings.BACKUP_DIR) / archive_name(now, encrypted=key is not None)
    if target.exists():
        raise BackupError(f"{target} existe déjà : une sauvegarde n'en remplace jamais une autre.")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BackupError(
            f"Impossible de créer le dossier {target.parent} : {error.strerror}."
        ) from None
    engine = databases.engine()
    # Made now if it does not exist yet, so that every archive carries it: the
    # erasures logged after this backup must be recognisable in it.
    erasure_salt()
    partial = target.with_name(target.name + ".partielle")
    try:
        with (
            tempfile.TemporaryDirectory(prefix=".parlons-sauvegarde-", dir=target.parent) as work,
            _create_private(partial) as sink,
        ):
            dump_path = Path(work) / "database"
            databases.dump(dump_path)
            stream: Any = EncryptingWriter(sink, key) if key is not None else sink
            with tarfile.open(fileobj=stream, mode="w|gz") as tar:
                writer = ArchiveWriter(tar)
                writer.add_file(dump_path, databases.DUMP_NAMES[engine])
                media = 0
                for path, name in _uploaded_files():
                    writer.add_file(path, name)
                    media += 1
                applied = databases.applied_leaves()
                writer.add_manifest(
                    {
                        "parlons_version": parlons_version(),
                        "engine": engine,
                        "created_at": now.astimezone(UTC).isoformat(),
                        "created_timestamp": int(now.timestamp()),
                        "migrations": applied,
                        "encrypted": key is not None,
                    }
                )
            if key is not None:
                stream.close()
            sink.flush()
            os.fsync(sink.fileno())
        os.replace(partial, target)
    except (OSError, ArchiveError, databases.DatabaseError, CryptoError) as error:
        partial.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise BackupError(f"La sauvegarde a échoué : {error}.") from None
        raise BackupError(str(error)) from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    code = databases.code_leaves()
    result = BackupResult(
        path=target,
        size=target.stat().st_size,
        files=len(writer.files),
        media_files=media,
        engine=engine,
        seconds=time.monotonic() - started,
        encrypted=key is not None,
        pending_migrations={
            app: names for app, names in code.items() if sorted(applied.get(app, [])) != names
        },
    )
    with transaction.atomic():
        # After the copy, so that the archive does not claim its own making.
        audit.record(
            None,
            "operations.backup",
            None,
            file=target.name,
            size=result.size,
            encrypted=result.encrypted,
        )
    if output is None:
        result.pruned = prune_backups(
            directory=Path(settings.BACKUP_DIR), days=settings.BACKUP_RETENTION_DAYS, now=now
        )
    return result


@contextmanager
def _create_private(path: Path) -> Iterator[BinaryIO]:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        yield handle


def prune_backups(*, directory: Path, days: int, now: datetime | None = None) -> list[Path]:
    """Delete the archives in `directory` made more than `days` ago; returns what went.

    Only files named as `create_backup` names them are considered, and their
    age is read from that name (UTC), not from the file's date, which a copy
    may change. Anything else in the folder is left alone.
    """
    now = now or timezone.now()
    limit = now - timedelta(days=days)
    deleted = []
    for path in sorted(directory.glob(f"{NAME_PREFIX}*")):
        made = _made_at(path.name)
        if made is not None and made < limit and path.is_file():
            path.unlink()
            deleted.append(path)
    return deleted


def _made_at(name: str) -> datetime | None:
    for suffix in (ENCRYPTED_SUFFIX, PLAIN_SUFFIX):
        if name.endswith(suffix):
            stamp = name[len(NAME_PREFIX) : -len(suffix)]
            try:
                return datetime.strptime(stamp, NAME_TIME).replace(tzinfo=UTC)
            except ValueError:
                return None
    return None


@contextmanager
def staged_archive(*, path: Path, key: bytes | None) -> Iterator[StagedArchive]:
    """The archive at `path`, decrypted, extracted and checked, in a folder removed afterwards."""
    try:
        handle = path.open("rb")
    except OSError as error:
        raise BackupError(f"Impossible de lire {path} : {error.strerror}.") from None
    var_dir = Path(settings.VAR_DIR)
    try:
        var_dir.mkdir(parents=True, exist_ok=True)
        with (
            handle,
            tempfile.TemporaryDirectory(prefix=".parlons-restauration-", dir=var_dir) as work,
        ):
            head = handle.read(64)
            handle.seek(0)
            stream: Any = handle
            if is_encrypted(head):
                if key is None:
                    raise BackupError(
                        f"{path.name} est chiffrée : donnez sa clé avec --key-file FICHIER."
                    )
                stream = DecryptingReader(handle, key, path.name)
            elif not head.startswith(b"\x1f\x8b"):
                raise BackupError(f"{path.name} n'est pas une sauvegarde Parlons.")
            yield extract_and_check(stream, Path(work), path.name)
    except (ArchiveError, CryptoError) as error:
        raise BackupError(str(error)) from None


def check_fits_this_installation(manifest: dict[str, Any]) -> None:
    """Refuse an archive of another engine or of other migrations, saying what to do."""
    engine = databases.engine()
    made_by = manifest.get("parlons_version", "?")
    if manifest.get("engine") != engine:
        theirs = databases.ENGINE_NAMES.get(manifest.get("engine", ""), manifest.get("engine"))
        raise BackupError(
            f"Cette sauvegarde vient d'une base {theirs} ; cette installation utilise "
            f"{databases.ENGINE_NAMES[engine]}. Une sauvegarde se restaure dans le même moteur : "
            f"réglez PARLONS_DATABASE_URL vers une base {theirs} vide, puis relancez."
        )
    archive = manifest.get("migrations") or {}
    code = databases.code_leaves()
    differences = []
    for app in sorted(set(archive) | set(code)):
        theirs_names, ours = sorted(archive.get(app, [])), sorted(code.get(app, []))
        if theirs_names == ours:
            continue
        if not theirs_names:
            differences.append(
                f"{app} : absente de la sauvegarde ; ce code est à {', '.join(ours)}"
            )
        elif not ours:
            differences.append(
                f"{app} : la sauvegarde est à {', '.join(theirs_names)} ; "
                "ce code ne connaît pas cette application"
            )
        else:
            differences.append(
                f"{app} : la sauvegarde est à {', '.join(theirs_names)}, "
                f"ce code à {', '.join(ours)}"
            )
    if differences:
        raise BackupError(
            f"Cette sauvegarde a été faite par Parlons {made_by} (installé ici : "
            f"{parlons_version()}) et ses migrations diffèrent de ce code :\n  - "
            + "\n  - ".join(differences)
            + f"\nInstallez Parlons {made_by}, restaurez-y la sauvegarde, puis mettez Parlons "
            "à jour et lancez `parlons migrate`. Rien n'a été restauré."
        )


def check_empty_installation() -> None:
    tables, rows = databases.tables_and_rows()
    if tables:
        raise BackupError(
            f"La base contient déjà {tables} tables et {rows} lignes : restaurez dans une "
            "installation vide (une base neuve, sans lancer `parlons migrate` avant). "
            "Rien n'a été restauré."
        )
    for root, prefix in _upload_folders():
        existing = sum(1 for _ in media_files(root, prefix))
        if existing:
            raise BackupError(
                f"Le dossier des fichiers envoyés ({root}) contient déjà {existing} "
                "fichiers : restaurez dans une installation vide. Rien n'a été restauré."
            )


def _upload_folders() -> list[tuple[Path, str]]:
    """Where people's files are, each with its folder in the archive: the public
    media, and the private files (answers' joined files), which are never served."""
    return [
        (Path(settings.MEDIA_ROOT), MEDIA),
        (Path(settings.PRIVATE_FILES_DIR), PRIVATE),
    ]


def _uploaded_files() -> Iterator[tuple[Path, str]]:
    for root, prefix in _upload_folders():
        yield from media_files(root, prefix)


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    media_files: int
    replay: ReplayReport
    seconds: float


def restore_backup(*, path: Path, key: bytes | None = None) -> RestoreResult:
    """Restore the archive at `path` into this empty installation, then replay the erasures."""
    started = time.monotonic()
    with staged_archive(path=path, key=key) as staged:
        check_fits_this_installation(staged.manifest)
        check_empty_installation()
        try:
            databases.load(staged.path(databases.DUMP_NAMES[staged.manifest["engine"]]))
        except databases.DatabaseError as error:
            raise BackupError(str(error)) from None
        media = []
        for root, prefix in _upload_folders():
            for name in staged.media(prefix):
                target = root.joinpath(*name.split("/")[1:])
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(staged.path(name), target)
                media.append(name)
    replay = replay_erasures()
    with transaction.atomic():
        audit.record(
            None,
            "operations.restore",
            None,
            file=path.name,
            created_at=staged.manifest.get("created_at"),
            parlons_version=staged.manifest.get("parlons_version"),
            erased_again=replay.erased_again,
        )
    return RestoreResult(
        manifest=staged.manifest,
        media_files=len(media),
        replay=replay,
        seconds=time.monotonic() - started,
    )
