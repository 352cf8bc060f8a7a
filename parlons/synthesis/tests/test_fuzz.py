"""Fuzzing the synthesis commands' readers: Pol.is votes and comments, and the themes CSV."""

import io
from pathlib import Path

import pytest
from hypothesis import given

from parlons.core.tests.fuzzing import corpus, damaged, fuzz_settings
from parlons.synthesis.engine.opinion_groups import ExportError, read_comments, read_votes
from parlons.synthesis.management.commands.themes import CsvInputError, read_records

pytestmark = pytest.mark.fuzz

FOLDER = Path(__file__).parent / "fuzz_corpus"
VOTES = [FOLDER.joinpath("votes.csv").read_bytes()]
COMMENTS = [FOLDER.joinpath("comments.csv").read_bytes()]
THEMES = [FOLDER.joinpath("themes.csv").read_bytes()]
assert len(corpus(FOLDER)) == 3
POLIS_PIECES = [
    b"timestamp", b"comment-id", b"voter-id", b"vote", b"moderated", b"is-meta", b"true",
    b"comment-body", b"-1", b"1", b"0", b"2", b"+1", b"1.5", b"1e3", b"\xd9\xa1",
]  # fmt: skip
THEMES_PIECES = [b"numero", b"texte", b"commune", b"Rennes", b";;", b'";"', b"\t"]


def _text(data: bytes) -> str:
    # The commands open files as UTF-8 (with or without BOM); other bytes are refused there.
    return data.decode("utf-8-sig", "replace")


def check_votes(data: bytes) -> None:
    try:
        records = read_votes(io.StringIO(_text(data), newline=""))
    except ExportError as error:
        assert error.line >= 1 and str(error).startswith(f"ligne {error.line}")
        return
    assert all(vote in (-1, 0, 1) for _, _, vote in records)


def check_comments(data: bytes) -> None:
    try:
        comments = read_comments(io.StringIO(_text(data), newline=""))
    except ExportError as error:
        assert error.line >= 1
        return
    assert all(isinstance(text, str) for text in comments.texts.values())


def check_themes(data: bytes, folder: Path) -> None:
    path = folder / "textes.csv"
    path.write_bytes(data)
    try:
        records = list(read_records(path, "texte", "numero", None, {}))
    except CsvInputError as error:
        assert str(error).startswith("ligne ") or str(error).startswith("impossible")
        return
    identifiers = [record_id for record_id, _ in records]
    assert len(identifiers) == len(set(identifiers))


@fuzz_settings()
@given(damaged(VOTES, POLIS_PIECES))
def test_any_damaged_polis_votes_file_is_read_or_refused_with_its_line(data):
    check_votes(data)


@fuzz_settings()
@given(damaged(COMMENTS, POLIS_PIECES))
def test_any_damaged_polis_comments_file_is_read_or_refused_with_its_line(data):
    check_comments(data)


@fuzz_settings()
@given(data=damaged(THEMES, THEMES_PIECES))
def test_any_damaged_themes_csv_is_read_or_refused_with_its_line(tmp_path, data):
    check_themes(data, tmp_path)
