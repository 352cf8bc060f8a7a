"""A participatory-budget election as read from a pabulib file or built from Parlons.

Ballots are stored once per distinct ballot (how many voters cast each one), in
compressed rows: a city of 65,000 voters casts about 31,000 distinct ballots, and
every rule only needs each distinct ballot once with its multiplicity.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from parlons.budgets.counting.numbers import common_scale, parse_decimal

APPROVAL_LIKE = ("approval", "choose-1")
VOTE_TYPES = ("approval", "choose-1", "ordinal", "cumulative", "scoring")
MISSING = "none"


def is_missing(value: str | None) -> bool:
    return value is None or value.strip().lower() == MISSING or value.strip() == ""


@dataclass
class Project:
    project_id: str
    cost: Fraction
    fields: dict[str, str] = field(default_factory=dict)
    """Every column of the PROJECTS section, as written in the file (after trimming)."""

    def _field(self, *names: str) -> str | None:
        for name in names:
            value = self.fields.get(name)
            if not is_missing(value):
                return value.strip()
        return None

    @property
    def name(self) -> str:
        return self._field("name") or self.project_id

    @property
    def categories(self) -> tuple[str, ...]:
        value = self._field("category", "categories")
        return tuple(part.strip() for part in value.split(",")) if value else ()

    @property
    def targets(self) -> tuple[str, ...]:
        value = self._field("target", "targets")
        return tuple(part.strip() for part in value.split(",")) if value else ()

    @property
    def district(self) -> str | None:
        return self._field("district")

    @property
    def selected(self) -> int | None:
        """The file's `selected` column: 1 funded, 0 not, 2 a special case explained in a comment."""
        value = self._field("selected")
        if value is None:
            return None
        try:
            return int(parse_decimal(value))
        except ValueError:
            return None


@dataclass
class Ballots:
    """Distinct ballots in compressed rows, and which distinct ballot each voter cast.

    Row `b` lists project indices `projects[offsets[b]:offsets[b + 1]]` in the order
    written (the order matters for ordinal ballots); `points`, when the file gives
    points, holds them multiplied by `points_scale` so they are exact integers.
    """

    offsets: np.ndarray
    projects: np.ndarray
    voter_ballot: np.ndarray
    points: np.ndarray | None = None
    points_scale: int = 1

    @property
    def num_distinct(self) -> int:
        return len(self.offsets) - 1

    @property
    def num_voters(self) -> int:
        return len(self.voter_ballot)

    def multiplicity(self) -> np.ndarray:
        """How many voters cast each distinct ballot (int64)."""
        return np.bincount(self.voter_ballot, minlength=self.num_distinct).astype(np.int64)

    def row_of_entries(self) -> np.ndarray:
        """For every entry of `projects`, the distinct ballot it belongs to."""
        return np.repeat(np.arange(self.num_distinct, dtype=np.int64), np.diff(self.offsets))

    def rank_of_entries(self) -> np.ndarray:
        """For every entry of `projects`, its 0-based position in its ballot."""
        starts = np.repeat(self.offsets[:-1], np.diff(self.offsets))
        return np.arange(len(self.projects), dtype=np.int64) - starts

    def ballot(self, voter: int) -> list[int]:
        row = self.voter_ballot[voter]
        return self.projects[self.offsets[row] : self.offsets[row + 1]].tolist()

    def ballot_points(self, voter: int) -> list[Fraction] | None:
        if self.points is None:
            return None
        row = self.voter_ballot[voter]
        values = self.points[self.offsets[row] : self.offsets[row + 1]].tolist()
        return [Fraction(value, self.points_scale) for value in values]


class VoterColumns(Mapping):
    """The voter columns of the VOTES section (voter_id, age, sex...), cut out of the file
    and trimmed when first read: counting never needs them, so a large file does not pay
    for them. Each column is a list of values, or a function returning one."""

    def __init__(self, columns: dict[str, list[str] | Callable[[], list[str]]]) -> None:
        self._raw = columns
        self._clean: dict[str, list[str]] = {}
        self.undecoded: dict[str, Callable[[], list[bytes]]] = {}
        """Columns as bytes straight from the file, for cheap checks (repeated voter ids)."""

    def __getitem__(self, name: str) -> list[str]:
        if name not in self._raw:
            raise KeyError(name)
        if name not in self._clean:
            self._clean[name] = [value.strip() for value in self.raw(name)]
        return self._clean[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def raw(self, name: str) -> list[str] | None:
        """The values as split, possibly untrimmed (None if there is no such column)."""
        values = self._raw.get(name)
        if callable(values):
            values = self._raw[name] = values()
        return values

    def __repr__(self) -> str:
        return f"VoterColumns({list(self._raw)})"


@dataclass
class Election:
    meta: dict[str, str]
    projects: list[Project]
    ballots: Ballots
    project_columns: list[str] = field(default_factory=list)
    vote_columns: list[str] = field(default_factory=list)
    """The VOTES header as read (voter_id, vote, points, age, sex...)."""
    voter_fields: Mapping[str, list[str]] = field(default_factory=dict)
    """Every VOTES column other than `vote` and `points`, one value per voter."""
    warnings: list[str] = field(default_factory=list)

    @property
    def vote_type(self) -> str:
        return self.meta["vote_type"].strip().lower()

    @property
    def budget(self) -> Fraction:
        return parse_decimal(self.meta["budget"])

    @property
    def currency(self) -> str:
        value = self.meta.get("currency", "")
        return value.strip() if not is_missing(value) else "EUR"

    @property
    def num_voters(self) -> int:
        return self.ballots.num_voters

    def meta_int(self, key: str) -> int | None:
        value = self.meta.get(key)
        if is_missing(value):
            return None
        try:
            return int(parse_decimal(value))
        except ValueError:
            return None

    def meta_number(self, key: str) -> Fraction | None:
        value = self.meta.get(key)
        if is_missing(value):
            return None
        try:
            return parse_decimal(value)
        except ValueError:
            return None

    def project_index(self) -> dict[str, int]:
        return {project.project_id: index for index, project in enumerate(self.projects)}

    def vote_counts(self) -> np.ndarray:
        """How many voters listed each project on their ballot (int64, file order)."""
        entry_weight = self.ballots.multiplicity()[self.ballots.row_of_entries()]
        counts = np.bincount(
            self.ballots.projects, weights=entry_weight, minlength=len(self.projects)
        )
        return np.rint(counts).astype(np.int64)


def build_election(
    *,
    meta: dict[str, str],
    projects: list[dict],
    ballots: list,
) -> Election:
    """An election from plain records (a Parlons vote, a test): `meta` must give `budget`
    and `vote_type`; each project is a dict with `project_id`, `cost` and any other
    column; each ballot is a list of project ids (approval, ordinal: best first) or a list
    of (project id, points) pairs (cumulative, scoring). No voter identity is kept."""
    meta = {key: str(value) for key, value in meta.items()}
    vote_type = meta["vote_type"].strip().lower()
    if vote_type not in VOTE_TYPES:
        raise ValueError(f"unknown vote type {vote_type!r}")
    parse_decimal(meta["budget"])
    built = []
    columns: list[str] = ["project_id", "cost"]
    index = {}
    for record in projects:
        fields = {key: str(value) for key, value in record.items()}
        for name in fields:
            if name not in columns:
                columns.append(name)
        project_id = fields["project_id"]
        if project_id in index:
            raise ValueError(f"duplicate project {project_id!r}")
        index[project_id] = len(built)
        built.append(Project(project_id, parse_decimal(fields["cost"]), fields))
    cardinal = vote_type in ("cumulative", "scoring")
    distinct: dict[tuple, int] = {}
    voter_ballot = []
    for ballot in ballots:
        if cardinal:
            key = tuple((index[project_id], Fraction(points)) for project_id, points in ballot)
        else:
            key = tuple((index[project_id], None) for project_id in ballot)
        if len({entry for entry, _ in key}) != len(key):
            raise ValueError("a ballot lists the same project twice")
        voter_ballot.append(distinct.setdefault(key, len(distinct)))
    rows = list(distinct)
    offsets = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum([len(row) for row in rows], out=offsets[1:])
    entries = np.array([entry for row in rows for entry, _ in row], dtype=np.int32)
    points = None
    scale = 1
    if cardinal:
        values = [value for row in rows for _, value in row]
        scale = common_scale(values)
        points = np.array([int(value * scale) for value in values], dtype=np.int64)
    return Election(
        meta=meta,
        projects=built,
        ballots=Ballots(
            offsets=offsets,
            projects=entries,
            voter_ballot=np.array(voter_ballot, dtype=np.int32),
            points=points,
            points_scale=scale,
        ),
        project_columns=columns,
        vote_columns=["voter_id", "vote"] + (["points"] if cardinal else []),
        voter_fields={},
    )


def build_election_from_entries(
    *,
    meta: dict[str, str],
    projects: list[dict],
    ballot: np.ndarray,
    project: np.ndarray,
    points: np.ndarray,
    num_ballots: int,
) -> Election:
    """The same election as `build_election`, from arrays (a vote read from the database):
    entry k says that ballot `ballot[k]` (0 .. num_ballots - 1) lists project
    `projects[project[k]]` with `points[k]` (the points of a cumulative ballot, the rank of
    an ordinal one, ignored otherwise); a ballot without entries is an empty ballot.
    Ballots, distinct ballots and their order come out as `build_election` gives them
    when project ids sort as their indices (Parlons' zero-padded ids), in numpy
    rather than one Python tuple per ballot."""
    vote_type = meta["vote_type"].strip().lower()
    empty = build_election(meta=meta, projects=projects, ballots=[])
    cardinal = vote_type in ("cumulative", "scoring")
    ballot = np.asarray(ballot, dtype=np.int64)
    project = np.asarray(project, dtype=np.int64)
    points = np.asarray(points, dtype=np.int64)
    if len(project) and (project.min() < 0 or project.max() >= len(projects)):
        raise ValueError("a ballot lists an unknown project")
    # Within a ballot: by project (approval, cumulative) or by rank (ordinal), as written.
    order = np.lexsort((points if vote_type == "ordinal" else project, ballot))
    ballot, project, points = ballot[order], project[order], points[order]
    lengths = np.bincount(ballot, minlength=num_ballots)
    if (
        len(ballot) > 1
        and ((np.diff(ballot) == 0) & (np.diff(project) == 0)).any()
        and vote_type != "ordinal"
    ):
        raise ValueError("a ballot lists the same project twice")
    width = int(lengths.max()) if num_ballots else 0
    starts = np.zeros(num_ballots + 1, dtype=np.int64)
    np.cumsum(lengths, out=starts[1:])
    position = np.arange(len(ballot), dtype=np.int64) - starts[ballot]
    # One row per ballot, padded with -1 (before any project: a shorter ballot sorts
    # first, as Python compares lists); cumulative rows interleave project and points.
    columns = max(width, 1) * (2 if cardinal else 1)
    small = len(points) == 0 or int(np.abs(points).max()) < 2**31
    table = np.full((num_ballots, columns), -1, dtype=np.int32 if small else np.int64)
    if cardinal:
        table[ballot, 2 * position] = project
        table[ballot, 2 * position + 1] = points
    else:
        table[ballot, position] = project
    if num_ballots:
        distinct, inverse = np.unique(table, axis=0, return_inverse=True)
    else:
        distinct, inverse = table, np.zeros(0, dtype=np.int64)
    inverse = np.sort(inverse.reshape(-1))
    cells = distinct[:, 0::2] if cardinal else distinct
    present = cells >= 0
    row_lengths = present.sum(axis=1) if num_ballots else np.zeros(0, dtype=np.int64)
    offsets = np.zeros(len(distinct) + 1 if num_ballots else 1, dtype=np.int64)
    np.cumsum(row_lengths, out=offsets[1:])
    entries = cells[present].astype(np.int32)
    entry_points = None
    scale = 1
    if cardinal:
        entry_points = distinct[:, 1::2][present].astype(np.int64)
    return Election(
        meta=empty.meta,
        projects=empty.projects,
        ballots=Ballots(
            offsets=offsets,
            projects=entries,
            voter_ballot=inverse.astype(np.int32),
            points=entry_points,
            points_scale=scale,
        ),
        project_columns=empty.project_columns,
        vote_columns=empty.vote_columns,
        voter_fields={},
    )
