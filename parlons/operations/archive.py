"""The backup archive: a gzip'd tar of the database copy, the media files and a manifest.

    database/parlons.sqlite3 or database/parlons.pgdump
    media/<path of each uploaded file>
    private/<name of each private file> (files joined to questionnaire answers,
                       PRIVATE_FILES_DIR: never served publicly)
    manifest.json      written last: format, Parlons version, engine, created_at,
                       the last applied migration of each app, and every file
                       above with its size and SHA-256

Each file is hashed while it is streamed into the tar, so the manifest says
what the archive holds even if a file changes during the backup. Reading
extracts into a staging folder and checks every size and checksum against the
manifest before the restore touches anything. Only regular files under
`database/`, `media/` and `private/` (and the manifest) are accepted: no link, no device,
no absolute path, no `..`.
"""

import hashlib
import json
import os
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

FORMAT = "parlons-backup/1"
MANIFEST = "manifest.json"
MEDIA = "media"
PRIVATE = "private"
DATABASE = "database"
COPY_BUFFER = 1024 * 1024
MANIFEST_LIMIT = 256 * 1024 * 1024  # about two million media files


class ArchiveError(Exception):
    """The archive cannot be read or does not match its manifest; said in French."""


class _HashingReader:
    """Reads a file for tarfile, hashing exactly what goes into the archive."""

    def __init__(self, handle: BinaryIO):
        self._handle = handle
        self.sha256 = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self._handle.read(size)
        self.sha256.update(data)
        return data


@dataclass
class ArchiveWriter:
    """Adds files to a streamed tar and remembers their size and checksum for the manifest."""

    tar: tarfile.TarFile

    def __post_init__(self):
        self.files: list[dict[str, Any]] = []

    def add_file(self, source: Path, name: str) -> None:
        with source.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            info = tarfile.TarInfo(name)
            info.size = size
            info.mtime = int(os.fstat(handle.fileno()).st_mtime)
            info.mode = 0o600
            reader = _HashingReader(handle)
            try:
                self.tar.addfile(info, reader)  # type: ignore[arg-type]
            except OSError as error:
                # tarfile reads exactly `size` bytes: a file cut short while it was read.
                raise ArchiveError(f"{source} a changé pendant la sauvegarde : {error}") from None
        self.files.append({"path": name, "size": size, "sha256": reader.sha256.hexdigest()})

    def add_manifest(self, manifest: dict[str, Any]) -> None:
        data = json.dumps(
            {**manifest, "format": FORMAT, "files": self.files},
            ensure_ascii=False,
            indent=2,
            sort_keys=True,
        ).encode("utf-8")
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(data)
        info.mode = 0o600
        info.mtime = int(manifest.get("created_timestamp", 0))
        self.tar.addfile(info, _BytesReader(data))  # type: ignore[arg-type]


class _BytesReader:
    def __init__(self, data: bytes):
        self._data, self._position = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._data) if size < 0 else self._position + size
        part = self._data[self._position : end]
        self._position += len(part)
        return part


def media_files(root: Path, prefix: str = MEDIA) -> Iterator[tuple[Path, str]]:
    """Every regular file under `root`, with its name in the archive, in a stable order."""
    if not root.is_dir():
        return
    for directory, subdirectories, names in os.walk(root):
        subdirectories.sort()
        for name in sorted(names):
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                yield path, f"{prefix}/{path.relative_to(root).as_posix()}"


def _safe_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if (
        path.is_absolute()
        or not path.parts
        or any(part in ("", ".", "..") for part in path.parts)
        or (name != MANIFEST and path.parts[0] not in (MEDIA, PRIVATE, DATABASE))
        or "\\" in name
        or "\x00" in name
    ):
        raise ArchiveError(f"L'archive contient un nom de fichier refusé : {name!r}.")
    return path


@dataclass
class StagedArchive:
    """An archive extracted into `folder`, checked against its manifest."""

    folder: Path
    manifest: dict[str, Any]

    def path(self, name: str) -> Path:
        return self.folder / name

    def media(self, prefix: str = MEDIA) -> list[str]:
        return [f["path"] for f in self.manifest["files"] if f["path"].startswith(prefix + "/")]


def extract_and_check(stream: BinaryIO, folder: Path, name: str) -> StagedArchive:
    """Extract the tar read from `stream` into `folder` and check it against its manifest."""
    found: dict[str, tuple[int, str]] = {}
    manifest_bytes = None
    try:
        with tarfile.open(fileobj=stream, mode="r|gz") as tar:
            for member in tar:
                path = _safe_name(member.name)
                if member.isdir():
                    continue
                if not member.isfile():
                    raise ArchiveError(
                        f"L'archive contient autre chose qu'un fichier : {member.name!r}."
                    )
                if member.name in found or (member.name == MANIFEST and manifest_bytes):
                    raise ArchiveError(f"L'archive contient deux fois {member.name!r}.")
                handle = tar.extractfile(member)
                assert handle is not None  # a regular file
                if member.name == MANIFEST:
                    if member.size > MANIFEST_LIMIT:
                        raise ArchiveError(f"Le manifeste de {name} est démesuré.")
                    manifest_bytes = handle.read()
                    continue
                target = folder.joinpath(*path.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                digest, size = hashlib.sha256(), 0
                with target.open("xb") as out:
                    while chunk := handle.read(COPY_BUFFER):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                found[member.name] = (size, digest.hexdigest())
    except (tarfile.TarError, EOFError, OSError) as error:
        raise ArchiveError(
            f"{name} est illisible ou abîmée ({error}) : ce n'est pas une sauvegarde Parlons "
            "complète. Rien n'a été restauré."
        ) from None
    if manifest_bytes is None:
        # A damaged tar header ends the reading early (tarfile takes it for the end):
        # the manifest, written last, is then missing.
        raise ArchiveError(
            f"{name} est incomplète ou abîmée : son manifeste ({MANIFEST}) manque. "
            "Rien n'a été restauré."
        )
    try:
        manifest = json.loads(manifest_bytes)
    except ValueError:
        raise ArchiveError(f"Le manifeste de {name} est illisible.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveError(
            f"{name} n'est pas au format {FORMAT} (format trouvé : "
            f"{manifest.get('format') if isinstance(manifest, dict) else '?'})."
        )
    _check_against_manifest(manifest, found, name)
    return StagedArchive(folder=folder, manifest=manifest)


def _check_against_manifest(
    manifest: dict[str, Any], found: dict[str, tuple[int, str]], name: str
) -> None:
    listed = {entry["path"]: (entry["size"], entry["sha256"]) for entry in manifest["files"]}
    problems = []
    for path in sorted(set(listed) | set(found)):
        if path not in found:
            problems.append(f"{path} : absent de l'archive")
        elif path not in listed:
            problems.append(f"{path} : absent du manifeste")
        elif found[path][0] != listed[path][0]:
            problems.append(f"{path} : {found[path][0]} octets au lieu de {listed[path][0]}")
        elif found[path][1] != listed[path][1]:
            problems.append(f"{path} : somme de contrôle différente")
    if problems:
        shown = "\n  - ".join(problems[:20])
        more = f"\n  … et {len(problems) - 20} autres" if len(problems) > 20 else ""
        raise ArchiveError(
            f"{name} ne correspond pas à son manifeste, elle a été modifiée ou abîmée :"
            f"\n  - {shown}{more}\nRien n'a été restauré."
        )
