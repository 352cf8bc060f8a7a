"""Digests of erased accounts and their log file outside the database.

A digest is an HMAC-SHA256, keyed by this installation's salt
(`ErasureSalt`), of the account's id and sign-up instant. Neither the address
nor the name is hashed: an address can change after a backup, and a digest of
an address could be checked by anyone holding a list of addresses. The id
alone is not enough either: after a restore, the id of a lost account can be
given again to someone else, who did not sign up at the same microsecond.

The log file (settings.ERASURE_LOG, one JSON object a line) holds the same
records as the table. It lives outside the database on purpose: when the
database is lost and an older backup is restored, the file still knows who
was erased since.
"""

import hashlib
import hmac
import json
import logging
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings

from parlons.privacy.models import ErasureRecord, ErasureSalt

logger = logging.getLogger(__name__)

LOG_FORMAT = "parlons-erasure/1"


def erasure_salt() -> bytes:
    """This installation's salt, made on first use (a backup or an erasure asks for it first)."""
    salt, _created = ErasureSalt.objects.get_or_create(
        pk=1, defaults={"value": secrets.token_hex(32)}
    )
    return bytes.fromhex(salt.value)


def salt_id(salt: bytes) -> str:
    """A short public name of the salt: tells the log lines of another installation apart."""
    return hashlib.sha256(b"parlons-erasure-salt:" + salt).hexdigest()[:16]


def account_digest(salt: bytes, pk: int, date_joined: datetime) -> str:
    joined = date_joined.astimezone(UTC).isoformat(timespec="microseconds")
    return hmac.new(salt, f"{pk}|{joined}".encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class LoggedErasure:
    digest: str
    salt: str  # salt_id of the installation that wrote it
    keep_contributions: bool
    erased_at: str

    @classmethod
    def of(cls, record: ErasureRecord, salt: bytes) -> "LoggedErasure":
        return cls(
            digest=record.digest,
            salt=salt_id(salt),
            keep_contributions=record.keep_contributions,
            erased_at=record.erased_at.astimezone(UTC).isoformat(),
        )

    def line(self) -> str:
        return json.dumps(
            {
                "format": LOG_FORMAT,
                "digest": self.digest,
                "salt": self.salt,
                "keep_contributions": self.keep_contributions,
                "erased_at": self.erased_at,
            },
            sort_keys=True,
        )


def log_path() -> Path:
    return Path(settings.ERASURE_LOG)


def append_to_log(entries: list[LoggedErasure], path: Path | None = None) -> None:
    """Add lines to the log file and flush them to disk.

    Called after the erasure is committed: a failure here must not undo it,
    and the record is still in the database (hence in the next backup), so it
    is reported in the logs rather than raised.
    """
    if not entries:
        return
    path = path or log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(descriptor, "a", encoding="utf-8") as log:
            log.writelines(entry.line() + "\n" for entry in entries)
            log.flush()
            os.fsync(log.fileno())
    except OSError as error:
        logger.error("cannot append %d erasure(s) to %s: %s", len(entries), path, error)


def read_log(path: Path | None = None) -> tuple[list[LoggedErasure], list[int]]:
    """The entries of the log file, and the numbers of the lines that could not be read."""
    path = path or log_path()
    entries: list[LoggedErasure] = []
    unreadable: list[int] = []
    try:
        log = path.open(encoding="utf-8")
    except FileNotFoundError:
        return entries, unreadable
    with log:
        for number, line in enumerate(log, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                entry = LoggedErasure(
                    digest=str(data["digest"]),
                    salt=str(data["salt"]),
                    keep_contributions=bool(data["keep_contributions"]),
                    erased_at=str(data["erased_at"]),
                )
                datetime.fromisoformat(entry.erased_at)
            except (ValueError, KeyError, TypeError):
                unreadable.append(number)
                continue
            if len(entry.digest) != 64 or data.get("format") != LOG_FORMAT:
                unreadable.append(number)
                continue
            entries.append(entry)
    return entries, unreadable
