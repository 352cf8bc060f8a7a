"""Reading Pol.is open-data exports: votes.csv and comments.csv.

votes.csv: `timestamp, datetime, comment-id, voter-id, vote`, with agree = 1,
disagree = -1, pass = 0 (Pol.is flips its internal signs on export). Rows come
sorted by comment, not by time: we put them back in casting order, since the
last vote on a comment counts and arrival order seeds the clustering.

comments.csv: `moderated` is -1 for a comment moderated out, and newer exports
carry `is-meta`; Pol.is leaves both out of the groups' statistics.
"""

import csv
import re
from dataclasses import dataclass
from typing import TextIO

from .votes import VALID_VOTES, VoteError

VOTE_COLUMNS = ("voter-id", "comment-id", "vote")
_INTEGER = re.compile(r"-?\d+")


class ExportError(VoteError):
    """Bad input, with the line of the file it was found on (1 = header)."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(f"ligne {line} : {message}")
        self.line = line


def read_votes(stream: TextIO) -> list[tuple]:
    """(voter, comment, vote) records from a Pol.is votes.csv, in casting order."""
    reader = csv.reader(stream)
    header = _header(reader, VOTE_COLUMNS)
    voter_at, comment_at, vote_at = (header[name] for name in VOTE_COLUMNS)
    time_at = header.get("timestamp")
    timed = []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            raise ExportError(f"{len(row)} colonnes au lieu de {len(header)}", line)
        voter, comment = (
            _identifier(row[voter_at], "voter-id", line),
            _identifier(row[comment_at], "comment-id", line),
        )
        vote = row[vote_at].strip()
        if not _INTEGER.fullmatch(vote) or int(vote) not in VALID_VOTES:
            raise ExportError(
                f"vote {vote!r} invalide : attendu 1 (d'accord), -1 (pas d'accord) ou 0 (passe)",
                line,
            )
        when = 0.0
        if time_at is not None:
            try:
                when = float(row[time_at])
            except ValueError:
                raise ExportError(f"horodatage {row[time_at]!r} illisible", line) from None
        timed.append((when, voter, comment, int(vote)))
    # A stable sort: votes cast at the same instant keep the file's order.
    timed.sort(key=lambda item: item[0])
    return [(voter, comment, vote) for _, voter, comment, vote in timed]


@dataclass(frozen=True)
class PolisComments:
    withdrawn: list  # moderated out (moderated = -1) or meta comments
    texts: dict  # comment id -> text, when the export has a comment-body column


def read_comments(stream: TextIO) -> PolisComments:
    """What a Pol.is comments.csv says about each comment: withdrawn or not, and its text."""
    reader = csv.reader(stream)
    header = _header(reader, ("comment-id", "moderated"))
    meta_at, body_at = header.get("is-meta"), header.get("comment-body")
    withdrawn, texts = [], {}
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            raise ExportError(f"{len(row)} colonnes au lieu de {len(header)}", line)
        comment = _identifier(row[header["comment-id"]], "comment-id", line)
        moderated = row[header["moderated"]].strip()
        is_meta = meta_at is not None and row[meta_at].strip().lower() == "true"
        if moderated == "-1" or is_meta:
            withdrawn.append(comment)
        if body_at is not None:
            texts[comment] = row[body_at].strip()
    return PolisComments(withdrawn=withdrawn, texts=texts)


def _header(reader, required: tuple[str, ...]) -> dict[str, int]:
    try:
        names = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        raise ExportError("fichier vide, en-tête attendu", 1) from None
    positions = {name: i for i, name in enumerate(names)}
    missing = [name for name in required if name not in positions]
    if missing:
        raise ExportError(
            f"colonne(s) manquante(s) : {', '.join(missing)} (en-tête lu : {', '.join(names)})", 1
        )
    return positions


def _identifier(cell: str, column: str, line: int):
    value = cell.strip()
    if not value:
        raise ExportError(f"{column} vide", line)
    return int(value) if _INTEGER.fullmatch(value) else value
