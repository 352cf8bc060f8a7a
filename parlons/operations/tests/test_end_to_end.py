"""The demo backed up by `parlons backup`, restored elsewhere by `parlons restore`: every
table comes back row for row; and a person erased after the backup stays erased.

Each installation is a set of `parlons` processes with their own database and
var/ folder. On SQLite (marked `once`: its own files, run on the SQLite pass);
on PostgreSQL when the suite runs on PostgreSQL, in databases named after the
configured one (`<name>_e2e_…`), created and dropped here.
"""

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parents[3]
PG_URL = os.environ.get("PARLONS_DATABASE_URL", "")
ON_POSTGRES = PG_URL.startswith(("postgres://", "postgresql://"))
# Written after the copy (backup) or by the restore itself: the only rows that differ.
OWN_AUDIT_ACTIONS = {"operations.backup", "operations.restore", "privacy.replay_erasures"}
PICTURE = bytes(range(256)) * 300


@dataclass
class Installation:
    engine: str
    folder: Path
    database: str  # SQLite: file path; PostgreSQL: database name

    @property
    def url(self) -> str:
        if self.engine == "sqlite":
            return f"sqlite:///{self.database}"
        parts = urlsplit(PG_URL)
        return urlunsplit(parts._replace(path=f"/{self.database}"))

    def env(self, **extra: str) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("PARLONS_", "DJANGO_", "PYTEST"))
        }
        return env | {
            "PARLONS_DATABASE_URL": self.url,
            "PARLONS_VAR_DIR": str(self.folder),
            "PARLONS_SECRET_KEY": "sauvegarde-" + "x" * 40,
            **extra,
        }

    def run(self, *args: str, check: bool = True, **extra: str) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [sys.executable, "-m", "parlons", *args],
            cwd=ROOT,
            env=self.env(**extra),
            capture_output=True,
            text=True,
            timeout=300,
        )
        if check:
            assert result.returncode == 0, result.stdout + result.stderr
        return result

    def rows(self) -> dict[str, list[str]]:
        """Every row of every table, as sorted text, with the sequences' positions."""
        if self.engine == "sqlite":
            with sqlite3.connect(self.database) as db:
                names = [
                    row[0]
                    for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")
                ]
                return {name: _rows(db.execute(f'SELECT * FROM "{name}"')) for name in names}
        import psycopg

        with psycopg.connect(self.url) as db:
            names = [
                row[0]
                for row in db.execute(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema='public'"
                )
            ]
            found = {name: _rows(db.execute(f'SELECT * FROM "{name}"')) for name in names}
            sequences = db.execute(
                "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname='public'"
            ).fetchall()
            found["(sequences)"] = sorted(repr(row) for row in sequences)
            return found


def _rows(cursor) -> list[str]:
    columns = [column[0] for column in cursor.description]
    rows = [dict(zip(columns, row, strict=True)) for row in cursor]
    if "action" in columns and "target_type" in columns:  # the audit log
        rows = [row for row in rows if row["action"] not in OWN_AUDIT_ACTIONS]
    return sorted(repr(sorted(row.items())) for row in rows)


def _admin(sql: str) -> None:
    import psycopg

    # The server's maintenance database: the configured one need not exist (tests use test_…).
    maintenance = urlunsplit(urlsplit(PG_URL)._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as db:
        db.execute(sql)


@pytest.fixture(
    scope="module",
    params=[
        pytest.param("sqlite", marks=pytest.mark.once),
        pytest.param(
            "postgresql",
            marks=pytest.mark.skipif(not ON_POSTGRES, reason="the suite runs on SQLite"),
        ),
    ],
)
def engine(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def new_installation(engine, tmp_path_factory) -> Iterator:
    made: list[Installation] = []
    base = urlsplit(PG_URL).path.lstrip("/") if ON_POSTGRES else ""

    def make(name: str, *, copy_of: Installation | None = None) -> Installation:
        folder = tmp_path_factory.mktemp(f"{engine}-{name}")
        if engine == "sqlite":
            installation = Installation(engine, folder, str(folder / "parlons.sqlite3"))
            if copy_of is not None:
                for suffix in ("", "-wal"):
                    if Path(copy_of.database + suffix).exists():
                        shutil.copyfile(copy_of.database + suffix, installation.database + suffix)
        else:
            installation = Installation(engine, folder, f"{base}_e2e_{name}")
            _admin(f'DROP DATABASE IF EXISTS "{installation.database}"')
            template = f' TEMPLATE "{copy_of.database}"' if copy_of is not None else ""
            _admin(f'CREATE DATABASE "{installation.database}"{template}')
        made.append(installation)
        return installation

    yield make
    if engine == "postgresql":
        for installation in made:
            _admin(f'DROP DATABASE IF EXISTS "{installation.database}"')


@pytest.fixture(scope="module")
def demo(new_installation):
    """The demo territory, with an uploaded picture, and an encrypted backup of it."""
    source = new_installation("demo")
    source.run("migrate", "-v0")
    source.run("load_demo")
    picture = source.folder / "media" / "processes" / "illustration.png"
    picture.parent.mkdir(parents=True, exist_ok=True)  # the demo's banner is there already
    picture.write_bytes(PICTURE)
    # A file joined to a questionnaire answer: private, outside the media (PRIVATE_FILES_DIR).
    joined = source.folder / "private" / "c0ffee5e"
    joined.parent.mkdir(parents=True, exist_ok=True)
    joined.write_bytes(b"%PDF-1.7 devis")
    key = source.folder / "sauvegardes.cle"
    source.run("backup", "--new-key", str(key))
    backup = source.run("backup", "--key-file", str(key))
    (archive,) = (source.folder / "backups").iterdir()
    assert f"Sauvegarde écrite : {archive}" in backup.stdout
    return source, archive, key


def test_every_table_comes_back_row_for_row(demo, new_installation):
    source, archive, key = demo
    target = new_installation("restored")
    result = target.run("restore", str(archive), "--key-file", str(key))
    # Every file the demo drew (logo, banner, a follow-up photo...) and the picture added above.
    uploaded = sum(
        1
        for folder in ("media", "private")
        for path in (source.folder / folder).rglob("*")
        if path.is_file()
    )
    assert uploaded >= 4
    assert f"restaurée : base et {uploaded} fichier(s) envoyé(s)" in result.stdout
    assert "Effacements rejoués : 0 personne(s) effacée(s) à nouveau" in result.stdout

    before, after = source.rows(), target.rows()
    expected_tables = {model._meta.db_table for model in apps.get_models()} | {"django_migrations"}
    assert expected_tables <= set(before), "every model's table is compared"
    assert len(before["accounts_user"]) >= 7 and len(before["debates_contribution"]) > 10
    assert sorted(after) == sorted(before)
    # The audit log's id sequence moved on with the backup's and the restore's own entries.
    sequences = "(sequences)" if source.engine == "postgresql" else "sqlite_sequence"
    for rows in (before, after):
        rows[sequences] = [row for row in rows[sequences] if "core_auditentry" not in row]
    assert len(before[sequences]) > 10
    different = [name for name in before if before[name] != after[name]]
    assert different == []
    restored_picture = target.folder / "media" / "processes" / "illustration.png"
    assert restored_picture.read_bytes() == PICTURE
    assert (target.folder / "private" / "c0ffee5e").read_bytes() == b"%PDF-1.7 devis"
    assert target.run("migrate", "--check", check=False).returncode == 0, "nothing to migrate"

    again = target.run("restore", str(archive), "--key-file", str(key), check=False)
    assert again.returncode == 1
    assert "La base contient déjà" in again.stderr


def test_someone_erased_after_the_backup_stays_erased_when_it_is_restored(demo, new_installation):
    source, archive, key = demo
    live = new_installation("live", copy_of=source)
    erase = (
        "from parlons.accounts.models import User\n"
        "from parlons.privacy.services import erase_account\n"
        "user = User.objects.get(email='citoyenne@demo.parlons.fr')\n"
        "erase_account(actor=user, user=user)\n"
    )
    erasure_log = live.folder / "erasures.jsonl"
    live.run("shell", "-c", erase, PARLONS_ERASURE_LOG=str(erasure_log))
    assert erasure_log.read_text().count("\n") == 1
    assert "citoyenne" not in erasure_log.read_text()

    # The database is lost; a new one is made; the log file, kept apart, is still there.
    rebuilt = new_installation("rebuilt")
    result = rebuilt.run(
        "restore", str(archive), "--key-file", str(key), PARLONS_ERASURE_LOG=str(erasure_log)
    )
    assert "Effacements rejoués : 1 personne(s) effacée(s) à nouveau" in result.stdout
    check = (
        "from parlons.accounts.models import User\n"
        "print(User.objects.filter(email='citoyenne@demo.parlons.fr').count(),"
        " User.objects.filter(erased_at__isnull=False).count())\n"
    )
    counts = rebuilt.run("shell", "-c", check).stdout.strip().splitlines()[-1].split()
    assert counts == ["0", "1"]
