"""`parlons backup` writes a checked archive; `parlons restore` refuses what it cannot restore
whole, before touching anything, and says what to do.

The restores that succeed need an empty installation of their own: they are in
test_end_to_end.py. Here the installation is the test database, never empty.
"""

import gzip
import hashlib
import io
import json
import tarfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from parlons.accounts.models import User
from parlons.core.models import AuditEntry
from parlons.operations import databases
from parlons.operations.databases import code_leaves
from parlons.operations.services import archive_name, prune_backups
from parlons.privacy.erasures import LoggedErasure, account_digest, erasure_salt
from parlons.privacy.models import ErasureRecord

# Committed rows: SQLite copies nothing from a connection in the middle of a write, and
# pg_dump sees only what is committed.
pytestmark = pytest.mark.django_db(transaction=True)

PICTURE = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
# A file joined to a questionnaire answer, kept outside the media (PRIVATE_FILES_DIR).
JOINED = b"%PDF-1.7 devis"


@pytest.fixture
def installation(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    settings.MEDIA_ROOT = tmp_path / "var" / "media"
    settings.BACKUP_DIR = tmp_path / "var" / "backups"
    settings.ERASURE_LOG = tmp_path / "var" / "erasures.jsonl"
    picture = settings.MEDIA_ROOT / "processes" / "illustration.png"
    picture.parent.mkdir(parents=True)
    picture.write_bytes(PICTURE)
    settings.PRIVATE_FILES_DIR = tmp_path / "var" / "private"
    settings.PRIVATE_FILES_DIR.mkdir()
    (settings.PRIVATE_FILES_DIR / "c0ffee5e").write_bytes(JOINED)
    return tmp_path


@pytest.fixture
def archive(installation, citizen) -> Path:
    path = installation / "sauvegarde.tar.gz"
    call_command("backup", output=str(path), stdout=io.StringIO())
    return path


@pytest.fixture
def key_file(installation) -> Path:
    path = installation / "sauvegardes.cle"
    call_command("backup", new_key=str(path), stdout=io.StringIO())
    return path


def members(path: Path) -> dict[str, bytes]:
    with tarfile.open(path, "r:gz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar if m.isfile()}  # type: ignore[union-attr]


def repack(source: Path, target: Path, change) -> Path:
    """A copy of the archive whose members `change(members)` rewrote."""
    content = members(source)
    change(content)
    with tarfile.open(target, "w:gz") as tar:
        for name, data in content.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return target


def restore(*args: str) -> str:
    out = io.StringIO()
    call_command("restore", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def refusal(*args: str) -> str:
    with pytest.raises(CommandError) as refused:
        restore(*args)
    return str(refused.value)


def test_the_archive_lists_every_file_with_its_size_and_checksum(archive, settings):
    content = members(archive)
    manifest = json.loads(content.pop("manifest.json"))
    dump_name = databases.DUMP_NAMES[connection.vendor]
    assert sorted(content) == [dump_name, "media/processes/illustration.png", "private/c0ffee5e"]
    assert manifest["files"] == [
        {"path": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        for name, data in content.items()
    ]
    assert content["media/processes/illustration.png"] == PICTURE
    assert content["private/c0ffee5e"] == JOINED
    assert manifest["format"] == "parlons-backup/1"
    assert manifest["engine"] == connection.vendor
    assert manifest["encrypted"] is False
    assert manifest["migrations"] == code_leaves()
    assert manifest["migrations"]["privacy"] == code_leaves()["privacy"]
    assert datetime.fromisoformat(manifest["created_at"]) > datetime.now(UTC) - timedelta(minutes=5)
    assert archive.stat().st_mode & 0o777 == 0o600
    assert AuditEntry.objects.filter(action="operations.backup").count() == 1


def test_an_archive_is_never_written_over(archive):
    before = archive.read_bytes()
    with pytest.raises(CommandError, match="existe déjà"):
        call_command("backup", output=str(archive), stdout=io.StringIO())
    assert archive.read_bytes() == before


def test_a_backup_into_the_backup_folder_deletes_archives_past_the_retention(
    installation, settings, citizen
):
    settings.BACKUP_RETENTION_DAYS = 30
    folder = Path(settings.BACKUP_DIR)
    folder.mkdir(parents=True)
    now = datetime.now(UTC)
    old = folder / archive_name(now - timedelta(days=31), encrypted=False)
    kept = folder / archive_name(now - timedelta(days=29), encrypted=True)
    other = folder / "parlons-a-garder.tar.gz"
    for path in (old, kept, other):
        path.write_bytes(b"x")
    out = io.StringIO()
    call_command("backup", stdout=out)
    written = sorted(folder.iterdir())
    assert len(written) == 3 and old not in written and kept in written and other in written
    assert f"Supprimée (plus de 30 jours) : {old.name}" in out.getvalue()


def test_prune_reads_the_date_from_the_name_not_from_the_file(tmp_path):
    now = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)
    recent = tmp_path / archive_name(now - timedelta(days=2), encrypted=False)
    recent.write_bytes(b"x")
    assert prune_backups(directory=tmp_path, days=3, now=now) == []
    assert prune_backups(directory=tmp_path, days=1, now=now) == [recent]
    assert not recent.exists()


def test_the_check_of_an_archive_touches_nothing(archive):
    assert "est complète et restaurable ici" in restore(str(archive), "--check")


def test_a_non_empty_database_is_refused_and_kept(archive, installation, citizen):
    users = User.objects.count()
    message = refusal(str(archive))
    tables, rows = databases.tables_and_rows()
    assert f"La base contient déjà {tables} tables et {rows} lignes" in message
    assert "restaurez dans une installation vide" in message
    assert User.objects.count() == users
    assert not list((installation / "var").glob(".parlons-restauration-*")), "staging removed"


def test_an_archive_whose_database_was_changed_is_refused(archive, installation):
    dump_name = databases.DUMP_NAMES[connection.vendor]

    def change(content):
        content[dump_name] = content[dump_name][:-1] + bytes([content[dump_name][-1] ^ 1])

    tampered = repack(archive, installation / "modifiee.tar.gz", change)
    message = refusal(str(tampered))
    assert "ne correspond pas à son manifeste" in message
    assert f"{dump_name} : somme de contrôle différente" in message
    assert "Rien n'a été restauré" in message


def test_an_archive_with_a_file_added_or_removed_is_refused(archive, installation):
    added = repack(
        archive, installation / "ajout.tar.gz", lambda c: c.update({"media/x.txt": b"x"})
    )
    assert "media/x.txt : absent du manifeste" in refusal(str(added))
    removed = repack(
        archive,
        installation / "retrait.tar.gz",
        lambda c: c.pop("media/processes/illustration.png"),
    )
    assert "media/processes/illustration.png : absent de l'archive" in refusal(str(removed))


def test_a_damaged_archive_is_refused(archive, installation):
    damaged = installation / "abimee.tar.gz"
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    message = refusal(str(damaged))
    assert "abîmée" in message and "Rien n'a été restauré" in message


def test_a_file_name_leaving_the_archive_is_refused(archive, installation):
    evil = repack(
        archive, installation / "evasion.tar.gz", lambda c: c.update({"media/../../x": b"x"})
    )
    assert "nom de fichier refusé : 'media/../../x'" in refusal(str(evil))
    assert not (installation / "x").exists()


def test_a_file_that_is_not_an_archive_is_refused(installation):
    text = installation / "notes.txt"
    text.write_text("bonjour")
    assert "n'est pas une sauvegarde Parlons" in refusal(str(text))
    assert "Impossible de lire" in refusal(str(installation / "absente.tar.gz"))


def test_other_migrations_are_refused_naming_the_app_and_the_migration(archive, installation):
    def change(content):
        manifest = json.loads(content["manifest.json"])
        manifest["migrations"]["privacy"] = ["0099_from_a_later_version"]
        manifest["migrations"].pop("meetings")
        manifest["parlons_version"] = "0.9.0"
        content["manifest.json"] = json.dumps(manifest).encode()

    message = refusal(str(repack(archive, installation / "future.tar.gz", change)))
    meetings = ", ".join(code_leaves()["meetings"])
    assert "Cette sauvegarde a été faite par Parlons 0.9.0" in message
    assert f"meetings : absente de la sauvegarde ; ce code est à {meetings}" in message
    privacy = ", ".join(code_leaves()["privacy"])
    assert f"privacy : la sauvegarde est à 0099_from_a_later_version, ce code à {privacy}" in (
        message
    )
    assert "Installez Parlons 0.9.0, restaurez-y la sauvegarde, puis mettez Parlons à jour" in (
        message
    )


def test_an_archive_of_another_engine_is_refused(archive, installation):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"

    def change(content):
        manifest = json.loads(content["manifest.json"])
        manifest["engine"] = other
        content["manifest.json"] = json.dumps(manifest).encode()

    message = refusal(str(repack(archive, installation / "autre.tar.gz", change)))
    assert f"Cette sauvegarde vient d'une base {databases.ENGINE_NAMES[other]}" in message
    assert "Une sauvegarde se restaure dans le même moteur" in message


def test_an_encrypted_archive_holds_nothing_readable_and_needs_its_key(
    installation, key_file, citizen
):
    path = installation / "chiffree.tar.gz.enc"
    call_command("backup", output=str(path), key_file=str(key_file), stdout=io.StringIO())
    blob = path.read_bytes()
    assert PICTURE[:64] not in blob and b"manifest.json" not in blob
    with pytest.raises(OSError):
        gzip.decompress(blob)
    assert "est chiffrée : donnez sa clé avec --key-file" in refusal(str(path))
    other_key = installation / "autre.cle"
    call_command("backup", new_key=str(other_key), stdout=io.StringIO())
    message = refusal(str(path), "--key-file", str(other_key))
    assert "a été chiffrée avec une autre clé" in message and "Rien n'a été restauré" in message
    assert "est complète et restaurable ici" in restore(
        str(path), "--key-file", str(key_file), "--check"
    )


def test_new_key_refuses_other_options(installation):
    with pytest.raises(CommandError, match="--new-key crée une clé et rien d'autre"):
        call_command(
            "backup",
            new_key=str(installation / "k"),
            output=str(installation / "a.tar.gz"),
            stdout=io.StringIO(),
        )


def test_replay_erasures_alone_erases_again_whom_the_log_knows(installation, citizen, settings):
    salt = erasure_salt()
    line = LoggedErasure.of(
        ErasureRecord(digest=account_digest(salt, citizen.pk, citizen.date_joined)), salt
    ).line()
    Path(settings.ERASURE_LOG).write_text(line + "\n", encoding="utf-8")
    out = restore("--replay-erasures")
    assert "Effacements rejoués : 1 personne(s) effacée(s) à nouveau" in out
    citizen.refresh_from_db()
    assert citizen.erased_at is not None
    Path(settings.ERASURE_LOG).write_text(line + "\n{abîmé\n", encoding="utf-8")
    message = refusal("--replay-erasures")
    assert "a des lignes illisibles (2)" in message
    assert "--replay-erasures se lance seul" in refusal("x.tar.gz", "--replay-erasures")
