"""Build the published files of every dataset, per démarche and for the territory.

A run writes every dataset of every public démarche into a new folder
(`OPENDATA_DIR/builds/<run>/`) then swaps the `current` link to it at once:
a download that started before the swap finishes on the old files, and a
data package never mixes two runs. Rows are written a chunk at a time as they
are read (the apps' row functions read their public queries in chunks), so
memory stays the same whatever the size of a démarche. A manifest records, for each file, its
size, its SHA-256 (the ETag) and when its content last changed (the
Last-Modified, kept from the previous run when the content is the same).
"""

import json
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from parlons.core.datasets import Dataset, all_datasets
from parlons.core.models import AuditEntry
from parlons.core.queries import current_territory
from parlons.opendata.models import ExportRun
from parlons.opendata.writers import HashingFile, TableWriter
from parlons.processes.queries import public_processes

TERRITORY = "territoire"
PROCESSES = "demarches"
MANIFEST = "manifest.json"
CURRENT = "current"
FORMATS = ("csv", "json")


@dataclass(frozen=True)
class PublishedFile:
    path: Path
    bytes: int
    sha256: str
    rows: int
    modified: datetime

    @property
    def etag(self) -> str:
        return f'"{self.sha256[:32]}"'


def root() -> Path:
    return Path(settings.OPENDATA_DIR)


def current_dir() -> Path | None:
    link = root() / CURRENT
    return link.resolve() if link.exists() else None


def manifest() -> dict[str, Any]:
    folder = current_dir()
    if folder is None:
        return {"files": {}}
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"files": {}}


def file_key(name: str, extension: str, process_slug: str | None = None) -> str:
    where = f"{PROCESSES}/{process_slug}" if process_slug else TERRITORY
    return f"{where}/{name}.{extension}"


def published_file(key: str) -> PublishedFile | None:
    """The current file at `key` (from file_key) with what the manifest says of it."""
    folder = current_dir()
    entry = manifest()["files"].get(key)
    if folder is None or entry is None:
        return None
    path = folder / key
    if not path.is_file():
        return None
    return PublishedFile(
        path,
        entry["bytes"],
        entry["sha256"],
        entry["rows"],
        datetime.fromisoformat(entry["modified"]),
    )


def latest_audit_mark() -> int:
    return AuditEntry.objects.aggregate(last=Max("pk"))["last"] or 0


def _progress(run: ExportRun, **fields) -> None:
    ExportRun.objects.filter(pk=run.pk).update(**fields)


def build_exports(reason: str = "") -> ExportRun:
    """Write every dataset's files for each public démarche and for the territory, then swap."""
    datasets = all_datasets()
    run = ExportRun.objects.create(
        status=ExportRun.Status.RUNNING,
        started_at=timezone.now(),
        audit_mark=latest_audit_mark(),
        datasets_total=len(datasets),
        reason=reason,
    )
    folder = root() / "builds" / f"{run.pk:08d}"
    try:
        if folder.exists():
            shutil.rmtree(folder)
        files = _write_all(run, datasets, folder)
        _keep_unchanged_dates(files)
        (folder / MANIFEST).write_text(
            json.dumps({"run": run.pk, "built_at": run.started_at.isoformat(), "files": files}),
            encoding="utf-8",
        )
        _swap(folder)
    except Exception as error:
        _progress(
            run,
            status=ExportRun.Status.FAILED,
            finished_at=timezone.now(),
            error=f"{type(error).__name__}: {error}"[:2000],
        )
        shutil.rmtree(folder, ignore_errors=True)
        raise
    _progress(run, status=ExportRun.Status.DONE, finished_at=timezone.now())
    run.refresh_from_db()
    return run


def _write_all(run: ExportRun, datasets: list[Dataset], folder: Path) -> dict[str, dict]:
    processes = list(public_processes().order_by("created_at", "pk"))
    (folder / TERRITORY).mkdir(parents=True)
    for process in processes:
        (folder / PROCESSES / process.slug).mkdir(parents=True)
    files: dict[str, dict] = {}
    rows_written = 0
    for done, dataset in enumerate(datasets, 1):
        whole = _open(folder, dataset, None)
        for process in processes:
            one = _open(folder, dataset, process.slug)
            one.write_chunks(dataset.chunks_of(process), whole)
            _close(one, dataset, process.slug, files)
            rows_written += one.rows
            _write_attachments(folder, dataset, process, files)
        if dataset.territory_rows is not None:  # a table of no démarche: the territory's file
            whole.write_all(dataset.territory_rows(current_territory()))
            rows_written += whole.rows
        _close(whole, dataset, None, files)
        _progress(run, datasets_done=done, rows_written=rows_written)
    return files


def _open(folder: Path, dataset: Dataset, slug: str | None) -> TableWriter:
    return TableWriter(
        dataset.fields,
        folder / file_key(dataset.name, "csv", slug),
        folder / file_key(dataset.name, "json", slug),
    )


def _close(writer: TableWriter, dataset: Dataset, slug: str | None, files: dict) -> None:
    writer.close()
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    for extension, written in (("csv", writer.csv_file), ("json", writer.json_file)):
        if written is None:  # a writer of the CSV file only (a run writes both)
            continue
        files[file_key(dataset.name, extension, slug)] = {
            "bytes": written.bytes,
            "sha256": written.sha256.hexdigest(),
            "rows": writer.rows,
            "modified": now,
        }


def _write_attachments(folder: Path, dataset: Dataset, process, files: dict) -> None:
    """The dataset's files that are not tables (a `.pb` vote…), for one démarche, if any."""
    for attachment in dataset.attachments:
        content = attachment.content(process)
        if content is None:
            continue
        key = file_key(dataset.name, attachment.extension, process.slug)
        written = HashingFile(folder / key)
        written.write(content)
        written.close()
        files[key] = {
            "bytes": written.bytes,
            "sha256": written.sha256.hexdigest(),
            "rows": 0,
            "modified": datetime.now(UTC).replace(microsecond=0).isoformat(),
        }


def _keep_unchanged_dates(files: dict[str, dict]) -> None:
    """A file whose content did not change keeps its Last-Modified: harvesters skip it."""
    previous = manifest()["files"]
    for key, entry in files.items():
        before = previous.get(key)
        if before is not None and before["sha256"] == entry["sha256"]:
            entry["modified"] = before["modified"]


def _swap(folder: Path) -> None:
    link = root() / CURRENT
    old = current_dir()
    temporary = root() / f".{CURRENT}-{os.getpid()}"
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    temporary.symlink_to(folder.relative_to(root()))
    os.replace(temporary, link)  # atomic: readers see the old folder or the new one
    builds = sorted((root() / "builds").iterdir())
    # Keep the previous folder a while: a download that began before the swap finishes on it.
    # Older runs only: a run that started later may still be writing its own folder.
    oldest_kept = min(folder.name, old.name) if old else folder.name
    for stale in builds:
        if stale.name < oldest_kept:
            shutil.rmtree(stale, ignore_errors=True)


def last_runs(limit: int = 10) -> list[ExportRun]:
    return list(ExportRun.objects.order_by("-started_at", "-pk")[:limit])


def pending_changes() -> int:
    """Audited writes since the last run started: what the next run will publish."""
    last = ExportRun.objects.exclude(status=ExportRun.Status.FAILED).order_by("-pk").first()
    mark = last.audit_mark if last else 0
    return AuditEntry.objects.filter(pk__gt=mark).count()
