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
    """Hashes a stream of records in order, so a result can be tied to its exact input."""

    def __init__(self) -> None:
        self._digest = hashlib.sha256()
        self.count = 0

    def update(self, *parts: object) -> None:
        self._digest.update(json.dumps(parts, ensure_ascii=False, default=str).encode("utf-8"))
        self._digest.update(b"\n")
        self.count += 1

    def hexdigest(self) -> str:
        return "sha256:" + self._digest.hexdigest()


def hash_records(records: Iterable[tuple]) -> tuple[str, int]:
    hasher = InputHasher()
    for record in records:
        hasher.update(*record)
    return hasher.hexdigest(), hasher.count
