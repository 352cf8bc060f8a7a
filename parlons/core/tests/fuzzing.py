"""Fuzzing our importers and parsers with hypothesis, from seed files kept in the repository.

Each app keeps its seeds in `tests/fuzz_corpus/`. An input is a seed damaged by a
few edits (insert, replace, delete, repeat) drawn from the format's own tricky
pieces, the values that once crashed us, and random bytes. The property is
always the same: every input is accepted, or refused with our own error type
(anything else fails the test, and hypothesis shrinks it to a small example).

The run is bounded by a number of examples, chosen for a few seconds per
target; `PARLONS_FUZZ_EXAMPLES=20000 pytest -m fuzz` runs a longer campaign.
Tests are marked `fuzz`: CI runs them once, on the SQLite pass.
"""

import os
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("PARLONS_FUZZ_EXAMPLES", "1000"))

# Pieces every format meets: separators, quotes, line ends, control characters, bytes
# that are not UTF-8, and the numbers that once crashed a reader.
COMMON_PIECES = [
    b"\x00", b"\x01", b"\x0b", b"\x1f", b"\x7f", "\u0085".encode(), b"\t", b"\n", b"\r",
    b"\r\n", b'"', b'""', b";", b",", b" ", b"\xff", b"\xc3", b"\xef\xbb\xbf", "é".encode(),
    "\u2028".encode(), "\ud7ff".encode(), b"-1", b"0", b"10/0", b"1/3", b"1e309", b"nan",
    b"inf", b"-inf", b"0x10", "١٢".encode(), b"1_000", b"9" * 40, b"9" * 5000, b"None",
    b"", b"x" * 300,
]  # fmt: skip


def corpus(folder: Path) -> list[bytes]:
    """The seed files of a folder, in name order (so runs are reproducible)."""
    seeds = [path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()]
    assert seeds, f"no seed in {folder}"
    return seeds


@st.composite
def damaged(draw, seeds: list[bytes], pieces: list[bytes], max_edits: int = 6) -> bytes:
    """A seed with up to `max_edits` edits made of `pieces`, common pieces or random bytes."""
    data = bytearray(draw(st.sampled_from(seeds)))
    piece = st.one_of(
        st.sampled_from(pieces), st.sampled_from(COMMON_PIECES), st.binary(max_size=6)
    )
    for _ in range(draw(st.integers(0, max_edits))):
        position = draw(st.integers(0, len(data)))
        edit = draw(st.sampled_from(("insert", "replace", "delete", "repeat")))
        if edit == "insert":
            data[position:position] = draw(piece)
        elif edit == "replace":
            data[position : position + draw(st.integers(1, 8))] = draw(piece)
        elif edit == "delete":
            del data[position : position + draw(st.integers(1, 20))]
        else:
            end = min(len(data), position + draw(st.integers(1, 40)))
            data[position:position] = data[position:end] * draw(st.integers(2, 50))
    return bytes(data)


def fuzz_settings(examples: int = EXAMPLES) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=False,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )
