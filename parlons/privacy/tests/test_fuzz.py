"""Fuzzing `scrub`'s JSON lines: every line is scrubbed or reported, and the run goes on."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from hypothesis import given

from parlons.core.tests.fuzzing import EXAMPLES, corpus, damaged, fuzz_settings
from parlons.core.validators import first_control_character
from parlons.privacy.management.commands.scrub import parse_record

pytestmark = pytest.mark.fuzz

SEEDS = [
    line for seed in corpus(Path(__file__).parent / "fuzz_corpus") for line in seed.split(b"\n")
]
PIECES = [
    b'{"id": ', b'"text": ', b"}", b"{", b"[" * 3000, b"]" * 3000, b"NaN", b"Infinity", b"-0",
    b"1" * 5000, b"\\u0000", b"\\ud800", b'\\"', b"null", b"true", b":", b'"',
]  # fmt: skip


def check_json_line(data: bytes) -> None:
    """Parsed to an id and a text without control characters, or refused with a reason."""
    line = data.decode("utf-8", "replace")
    try:
        record_id, text = parse_record(line)
    except ValueError as error:
        assert str(error)
        return
    assert isinstance(text, str) and first_control_character(text) is None
    json.dumps({"id": record_id, "text": text}, ensure_ascii=False, allow_nan=False)


@fuzz_settings()
@given(damaged(SEEDS, PIECES))
def test_any_damaged_json_line_is_parsed_or_refused_with_a_french_reason(data):
    check_json_line(data)


@fuzz_settings(examples=max(10, EXAMPLES // 10))
@given(damaged(SEEDS, PIECES, max_edits=3), damaged(SEEDS, PIECES, max_edits=3))
def test_the_command_processes_every_line_and_exits_0_or_1(first, second):
    good = json.dumps({"id": "fin", "text": "Bonjour."}).encode()
    out, err = io.StringIO(), io.StringIO()
    stdin = io.BytesIO(b"\n".join([first.replace(b"\n", b" "), second.replace(b"\n", b" "), good]))
    try:
        call_command("scrub", stdin=stdin, stdout=out, stderr=err)
        status = 0
    except SystemExit as exited:
        status = exited.code
    # JSON Lines end at "\n" only: a text may hold U+2028, which splitlines() would cut.
    written = [json.loads(line) for line in out.getvalue().split("\n") if line]
    assert written[-1]["id"] == "fin", "the line after bad ones is still processed"
    refused = sum(" ; ignorée" in line for line in err.getvalue().splitlines())
    assert status == (1 if refused else 0)
    assert len(written) + refused == 3 - sum(map(_blank, (first, second)))


@pytest.mark.parametrize(
    "line",
    [
        b'{"id": 1e999, "text": "Bonjour."}',
        b'{"id": [1, {"x": ' + b"1" * 400 + b'.5}], "text": "Bonjour."}',  # found by the fuzzer
        b'{"id": 1, "text": "Bonjour.", "score": -1e400}',
    ],
)
def test_a_number_too_large_for_a_float_is_refused_not_written_as_infinity(line):
    with pytest.raises(ValueError, match="nombre trop grand pour être lu"):
        parse_record(line.decode())
    check_json_line(line)
    out, err = io.StringIO(), io.StringIO()
    good = json.dumps({"id": "fin", "text": "Bonjour."}).encode()
    with pytest.raises(SystemExit):
        call_command("scrub", stdin=io.BytesIO(line + b"\n" + good), stdout=out, stderr=err)
    assert [json.loads(x)["id"] for x in out.getvalue().split("\n") if x] == ["fin"]
    assert "ligne 1\xa0: JSON refusé (nombre trop grand pour être lu" in err.getvalue()


def _blank(line: bytes) -> bool:
    try:
        return not line.replace(b"\n", b" ").decode("utf-8").strip()
    except UnicodeDecodeError:
        return False
