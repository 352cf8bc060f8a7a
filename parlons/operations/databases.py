"""Copying the database out and back in, with each engine's own consistent method.

SQLite: the online backup API of sqlite3, which copies a consistent snapshot
while the site keeps running (WAL). PostgreSQL: `pg_dump --format=custom`,
restored by `pg_restore` into an empty database. The password is given to
both in the environment (PGPASSWORD), never on their command line, where
any account of the machine could read it.
"""

import os
import shutil
import sqlite3
import subprocess
from collections import defaultdict
from pathlib import Path

from django.db import connections
from django.db.migrations.loader import MigrationLoader

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
DUMP_NAMES = {SQLITE: "database/parlons.sqlite3", POSTGRESQL: "database/parlons.pgdump"}
ENGINE_NAMES = {SQLITE: "SQLite", POSTGRESQL: "PostgreSQL"}


class DatabaseError(Exception):
    """A refusal or a failure, said in French."""


def engine(alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in (SQLITE, POSTGRESQL):
        raise DatabaseError(f"Les sauvegardes ne savent pas copier une base {vendor}.")
    return vendor


def dump(target: Path, alias: str = "default") -> None:
    """Write a consistent copy of the database to `target`."""
    if engine(alias) == SQLITE:
        _sqlite_dump(target, alias)
    else:
        _pg_run("pg_dump", ["--format=custom", f"--file={target}"], alias)


def _sqlite_dump(target: Path, alias: str) -> None:
    connection = connections[alias]
    if connection.in_atomic_block:
        # SQLite refuses to copy from a connection that is writing, and Python's
        # backup() would wait for ever: a backup is never part of a transaction.
        raise DatabaseError("Une sauvegarde ne peut pas se faire au milieu d'une transaction.")
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        # One step (pages=-1): the copy is one snapshot, even while others write.
        connection.connection.backup(copy, pages=-1)
    finally:
        copy.close()


def load(dump_file: Path, alias: str = "default") -> None:
    """Restore `dump_file` into the configured database, which must be empty."""
    connections.close_all()
    if engine(alias) == SQLITE:
        _sqlite_load(dump_file, alias)
    else:
        _pg_run(
            "pg_restore",
            # --no-owner/--no-privileges: the restoring account owns everything, whatever
            # the roles of the machine that made the backup; one transaction: all or nothing.
            [
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={connections[alias].settings_dict['NAME']}",
                str(dump_file),
            ],
            alias,
        )
    connections.close_all()


def _sqlite_load(dump_file: Path, alias: str) -> None:
    source = sqlite3.connect(f"file:{dump_file}?mode=ro", uri=True)
    target = sqlite3.connect(connections[alias].settings_dict["NAME"])
    try:
        source.backup(target, pages=-1)
    finally:
        target.close()
        source.close()


def _pg_run(program: str, arguments: list[str], alias: str) -> None:
    if shutil.which(program) is None:
        raise DatabaseError(
            f"{program} est introuvable : installez le paquet Debian postgresql-client "
            "(de la même version que le serveur, ou plus récente)."
        )
    settings = connections[alias].settings_dict
    env = dict(os.environ)
    for variable, value in (
        ("PGDATABASE", settings.get("NAME")),
        ("PGUSER", settings.get("USER")),
        ("PGPASSWORD", settings.get("PASSWORD")),
        ("PGHOST", settings.get("HOST")),
        ("PGPORT", settings.get("PORT")),
        ("PGSSLMODE", (settings.get("OPTIONS") or {}).get("sslmode")),
    ):
        if value:
            env[variable] = str(value)
        else:
            env.pop(variable, None)
    result = subprocess.run(
        [program, *arguments], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise DatabaseError(
            f"{program} a échoué (code {result.returncode}) : {result.stderr.strip()}"
        )


def tables_and_rows(alias: str = "default") -> tuple[int, int]:
    """How many tables the database holds, and rows in them (an empty installation: 0, 0)."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
        rows = 0
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")
            rows += cursor.fetchone()[0]
    return len(names), rows


def applied_leaves(alias: str = "default") -> dict[str, list[str]]:
    """For each app, its last applied migrations (usually one), as the database records them."""
    loader = MigrationLoader(connections[alias], ignore_no_migrations=True)
    applied = set(loader.applied_migrations or {})
    leaves: dict[str, list[str]] = defaultdict(list)
    for key in sorted(applied):
        if key not in loader.graph.nodes:
            continue  # recorded by an app that is gone: no table of it is read or written
        children = loader.graph.node_map[key].children
        if not any(child[0] == key[0] and child in applied for child in children):
            leaves[key[0]].append(key[1])
    return dict(leaves)


def code_leaves() -> dict[str, list[str]]:
    """For each app, the last migrations of the installed code."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    leaves: dict[str, list[str]] = defaultdict(list)
    for app, name in sorted(loader.graph.leaf_nodes()):
        leaves[app].append(name)
    return dict(leaves)
