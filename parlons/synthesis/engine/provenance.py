"""Provenance of an analysis result: which method, which parameters, which input."""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime


@dataclass(frozen=True)
class Provenance:
    method: str
    parameters: dict
    input_hash: str
    input_size: int
    engine_version: str = "1"
    computed_at: str = field(
        default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds")
    )

    def as_dict(self) -> dict:
        return asdict(self)


class InputHasher:
    """Hashes a stream of records in order, so a result can be tied to its exact input.

    Records are buffered and serialised `CHUNK` at a time as one JSON array of
    arrays (one `json.dumps` call per chunk instead of one per record: a sixth
    of the opinion-group analysis at a million reactions went into those calls).
    Chunks always hold `CHUNK` records whatever way they were fed (`update` or
    `update_many`), and JSON arrays are self-delimiting, so the hash depends on
    the records and their order only. The version line at the start keeps these
    hashes apart from those of the per-record format before (stored analyses
    from then are recomputed once, since their run key no longer matches).
    """

    VERSION = b"parlons-input-hash 2\n"
    CHUNK = 8_192

    def __init__(self) -> None:
        self._digest = hashlib.sha256(self.VERSION)
        self._pending: list[tuple] = []
        self._flushed = 0

    @property
    def count(self) -> int:
        """Records fed so far."""
        return self._flushed + len(self._pending)

    def update(self, *parts: object) -> None:
        self._pending.append(parts)
        if len(self._pending) >= self.CHUNK:
            self._flush_pending()

    def update_many(self, records: Iterable[tuple]) -> None:
        """`update(*record)` for each record, in bulk."""
        pending = self._pending
        for record in records:
            pending.append(tuple(record))
            if len(pending) >= self.CHUNK:
                self._flush_pending()
                pending = self._pending

    def _flush_pending(self) -> None:
        self._write(self._digest, self._pending)
        self._flushed += len(self._pending)
        self._pending = []

    @staticmethod
    def _write(digest, records: list[tuple]) -> None:
        if records:
            text = json.dumps(records, ensure_ascii=False, default=str)
            digest.update(text.encode("utf-8"))
            digest.update(b"\n")

    def hexdigest(self) -> str:
        """The hash of everything fed so far (more records may follow)."""
        digest = self._digest.copy()
        self._write(digest, self._pending)
        return "sha256:" + digest.hexdigest()


def hash_records(records: Iterable[tuple]) -> tuple[str, int]:
    hasher = InputHasher()
    hasher.update_many(records)
    return hasher.hexdigest(), hasher.count
