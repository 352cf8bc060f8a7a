"""The vote table: who voted what on which comment, stored as a sparse matrix.

Votes follow the convention of Pol.is exports: agree = 1, disagree = -1,
pass = 0. A missing vote is absent from the table, never a zero.

Order matters and is kept: voters and comments are numbered in the order they
first appear in the records (for Pol.is, the order people arrived), because
Pol.is starts its k-means from the first distinct positions in that order.
When a voter votes twice on the same comment, the last vote wins.
"""

import hashlib
import json
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

AGREE, PASS, DISAGREE = 1, 0, -1
VALID_VOTES = (AGREE, PASS, DISAGREE)


class VoteError(ValueError):
    """A record that is not a vote; `position` is its index in the records (0-based)."""

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message)
        self.position = position


@dataclass(frozen=True, eq=False)
class VoteTable:
    """Votes as a CSR matrix (voters x comments) with the latest vote of each pair.

    `indptr`, `indices`, `values` are the CSR arrays; column indices are sorted
    within each row. `voter_ids` and `comment_ids` name rows and columns.
    """

    voter_ids: Sequence
    comment_ids: Sequence
    indptr: np.ndarray
    indices: np.ndarray
    values: np.ndarray

    @property
    def n_voters(self) -> int:
        return len(self.voter_ids)

    @property
    def n_comments(self) -> int:
        return len(self.comment_ids)

    @property
    def n_votes(self) -> int:
        return int(self.indices.shape[0])

    def row_of_vote(self) -> np.ndarray:
        """Row index of every stored vote (the CSR rows, expanded)."""
        return np.repeat(np.arange(self.n_voters, dtype=np.int32), np.diff(self.indptr))

    def votes_per_voter(self) -> np.ndarray:
        return np.diff(self.indptr)

    def content_hash(self) -> str:
        """sha256 of the ids (in order) and of the matrix: two equal tables hash alike."""
        digest = hashlib.sha256()
        for ids in (self.voter_ids, self.comment_ids):
            digest.update(json.dumps(list(ids), ensure_ascii=False, default=str).encode("utf-8"))
            digest.update(b"\n")
        for part in (self.indptr, self.indices, self.values):
            digest.update(np.ascontiguousarray(part, dtype=part.dtype.newbyteorder("<")).data)
        return "sha256:" + digest.hexdigest()

    @classmethod
    def from_records(cls, records: Iterable[tuple]) -> "VoteTable":
        """Records are (voter, comment, vote) tuples, in the order the votes were cast."""
        voter_code: dict = {}
        comment_code: dict = {}
        voters = array("i")
        comments = array("i")
        values = array("b")
        for position, record in enumerate(records):
            try:
                voter, comment, vote = record
            except (TypeError, ValueError):
                raise VoteError(
                    f"attendu (votant, commentaire, vote), reçu {record!r}", position
                ) from None
            if isinstance(vote, bool) or vote not in VALID_VOTES:
                raise VoteError(
                    f"vote {vote!r} invalide : attendu 1 (d'accord), -1 (pas d'accord) ou 0 (passe)",
                    position,
                )
            voters.append(voter_code.setdefault(voter, len(voter_code)))
            comments.append(comment_code.setdefault(comment, len(comment_code)))
            values.append(int(vote))
        return cls.from_codes(
            np.frombuffer(voters, dtype=np.int32),
            np.frombuffer(comments, dtype=np.int32),
            np.frombuffer(values, dtype=np.int8),
            voter_ids=list(voter_code),
            comment_ids=list(comment_code),
        )

    @classmethod
    def from_codes(
        cls,
        voter_codes: np.ndarray,
        comment_codes: np.ndarray,
        votes: np.ndarray,
        *,
        voter_ids: Sequence | None = None,
        comment_ids: Sequence | None = None,
    ) -> "VoteTable":
        """Builds the table from integer codes, one entry per vote cast, in casting order.

        Codes index `voter_ids` and `comment_ids` (default: the codes themselves).
        This is the path for large inputs: no Python object per vote.
        """
        voter_codes = np.asarray(voter_codes)
        comment_codes = np.asarray(comment_codes)
        votes = np.asarray(votes)
        if not (voter_codes.shape == comment_codes.shape == votes.shape) or votes.ndim != 1:
            raise VoteError("les tableaux de votants, de commentaires et de votes diffèrent")
        n_voters = len(voter_ids) if voter_ids is not None else _count(voter_codes)
        n_comments = len(comment_ids) if comment_ids is not None else _count(comment_codes)
        _check_codes(voter_codes, n_voters, "votant")
        _check_codes(comment_codes, n_comments, "commentaire")
        invalid = (votes != AGREE) & (votes != PASS) & (votes != DISAGREE)
        if invalid.any():
            position = int(np.flatnonzero(invalid)[0])
            raise VoteError(f"vote {votes[position]!r} invalide : attendu 1, -1 ou 0", position)

        keys = voter_codes.astype(np.int64) * max(n_comments, 1) + comment_codes
        kept = _latest_vote_per_key(keys)
        kept_keys = keys[kept]
        rows = kept_keys // max(n_comments, 1)
        # 32-bit indices whenever they fit: scipy then works on the arrays without copying them.
        index_type = np.int32 if max(kept.size, n_comments) < 2**31 else np.int64
        indptr = np.zeros(n_voters + 1, dtype=index_type)
        np.cumsum(np.bincount(rows, minlength=n_voters), out=indptr[1:])
        return cls(
            voter_ids=list(voter_ids) if voter_ids is not None else list(range(n_voters)),
            comment_ids=list(comment_ids) if comment_ids is not None else list(range(n_comments)),
            indptr=indptr,
            indices=(kept_keys % max(n_comments, 1)).astype(index_type),
            values=votes[kept].astype(np.int8),
        )


def _count(codes: np.ndarray) -> int:
    return int(codes.max()) + 1 if codes.size else 0


def _check_codes(codes: np.ndarray, size: int, what: str) -> None:
    if codes.size and (codes.min() < 0 or codes.max() >= size):
        raise VoteError(f"code de {what} hors des identifiants fournis")


def _latest_vote_per_key(keys: np.ndarray) -> np.ndarray:
    """Positions of the last occurrence of each key, in increasing key order.

    An unstable sort is enough: among equal keys the largest position (the
    latest vote) is picked explicitly, which is cheaper than a stable sort on
    tens of millions of votes.
    """
    if keys.size == 0:
        return np.zeros(0, dtype=np.int64)
    if keys.size == 1 or np.all(keys[1:] > keys[:-1]):
        return np.arange(keys.size)
    order = np.argsort(keys)
    sorted_keys = keys[order]
    run_starts = np.flatnonzero(np.concatenate(([True], sorted_keys[1:] != sorted_keys[:-1])))
    if run_starts.size == keys.size:
        return order
    return np.maximum.reduceat(order, run_starts)
