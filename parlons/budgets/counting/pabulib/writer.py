"""Writing pabulib `.pb` files, so researchers can study Parlons elections with their tools.

Votes are written without any voter identity: voters are numbered 1, 2, 3... in
the order of their ballots' contents (not the order they voted in), and no voter
column is written unless asked for by name.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from fractions import Fraction

import numpy as np

from parlons.budgets.counting.election import Election, is_missing
from parlons.budgets.counting.numbers import parse_decimal

MANDATORY_META = ("description", "country", "unit", "instance")


def format_exact(value: Fraction | int) -> str:
    """A number as pabulib expects it, exactly: `4000`, `12.5`, or `1/3` when no finite
    decimal exists (both pabutools and this reader accept that form)."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    denominator = value.denominator
    twos = fives = 0
    while denominator % 2 == 0:
        denominator //= 2
        twos += 1
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    if denominator != 1:
        return f"{value.numerator}/{value.denominator}"
    digits = max(twos, fives)
    scaled = value * 10**digits
    sign = "-" if scaled < 0 else ""
    text = str(abs(scaled.numerator)).rjust(digits + 1, "0")
    return f"{sign}{text[:-digits]}.{text[-digits:]}"


def write_pabulib(election: Election, *, voter_fields: Iterable[str] = ()) -> str:
    """The `.pb` text of an election. `voter_fields` names voter columns to keep (for
    instance `age`); `voter_id` is never copied."""
    voter_fields = [name for name in voter_fields if name not in ("voter_id", "vote", "points")]
    missing = [name for name in voter_fields if name not in election.voter_fields]
    if missing:
        raise ValueError(f"colonnes de votants inconnues : {', '.join(missing)}")
    for project in election.projects:
        if "," in project.project_id:
            raise ValueError(
                f"l'identifiant de projet « {project.project_id} » contient une virgule, "
                "ce que le format pabulib ne permet pas"
            )
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    _write_meta(writer, election)
    _write_projects(writer, election)
    _write_votes(writer, election, voter_fields)
    return buffer.getvalue()


def _write_meta(writer, election: Election) -> None:
    meta = dict(election.meta)
    for key in MANDATORY_META:
        meta.setdefault(key, "")
    meta["num_projects"] = str(len(election.projects))
    meta["num_votes"] = str(election.num_voters)
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    for key, value in meta.items():
        writer.writerow([key, value])


def _write_projects(writer, election: Election) -> None:
    columns = list(election.project_columns) or ["project_id", "cost"]
    for project in election.projects:
        for name in project.fields:
            if name not in columns:
                columns.append(name)
    for required in ("cost", "project_id"):
        if required not in columns:
            columns.insert(0, required)
    writer.writerow(["PROJECTS"])
    writer.writerow(columns)
    for project in election.projects:
        row = []
        for name in columns:
            if name == "project_id":
                row.append(project.project_id)
            elif name == "cost":
                row.append(_cost_text(project.fields.get("cost"), project.cost))
            else:
                value = project.fields.get(name)
                row.append("None" if is_missing(value) and value != "" else value)
        writer.writerow(row)


def _cost_text(written: str | None, cost: Fraction) -> str:
    if written is not None:
        try:
            if parse_decimal(written) == cost:
                return written
        except ValueError:
            pass
    return format_exact(cost)


def _write_votes(writer, election: Election, voter_fields: list[str]) -> None:
    ballots = election.ballots
    ids = [project.project_id for project in election.projects]
    has_points = ballots.points is not None
    vote_texts = []
    point_texts = []
    for row in range(ballots.num_distinct):
        entries = ballots.projects[ballots.offsets[row] : ballots.offsets[row + 1]].tolist()
        vote_texts.append(",".join(ids[entry] for entry in entries))
        if has_points:
            values = ballots.points[ballots.offsets[row] : ballots.offsets[row + 1]].tolist()
            # pabutools reads an empty cardinal ballot only when its points say "None".
            point_texts.append(
                ",".join(format_exact(Fraction(value, ballots.points_scale)) for value in values)
                or "None"
            )
    ballot_rank = np.empty(ballots.num_distinct, dtype=np.int64)
    ballot_rank[sorted(range(ballots.num_distinct), key=lambda row: vote_texts[row])] = np.arange(
        ballots.num_distinct
    )
    voters = np.argsort(ballot_rank[ballots.voter_ballot], kind="stable")
    header = ["voter_id", "vote"] + (["points"] if has_points else []) + voter_fields
    writer.writerow(["VOTES"])
    writer.writerow(header)
    columns = [election.voter_fields[name] for name in voter_fields]
    for number, voter in enumerate(voters.tolist(), start=1):
        row = ballots.voter_ballot[voter]
        line = [str(number), vote_texts[row]]
        if has_points:
            line.append(point_texts[row])
        line.extend(column[voter] for column in columns)
        writer.writerow(line)
