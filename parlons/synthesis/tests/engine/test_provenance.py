"""The input hash: same records in the same order, same hash; any change, another hash."""

import pytest

from parlons.synthesis.engine.provenance import InputHasher, hash_records

ROWS = [
    (f"personne-{i % 37}", f"debates.contribution:{i % 101}", (i % 3) - 1) for i in range(20_000)
]


def fed_one_by_one(rows) -> InputHasher:
    hasher = InputHasher()
    for row in rows:
        hasher.update(*row)
    return hasher


def test_bulk_and_one_by_one_agree_across_chunks():
    assert len(ROWS) > 2 * InputHasher.CHUNK
    bulk = InputHasher()
    bulk.update_many(ROWS[:5])
    bulk.update(*ROWS[5])
    bulk.update_many(iter(ROWS[6:]))
    single = fed_one_by_one(ROWS)
    assert bulk.hexdigest() == single.hexdigest() == hash_records(ROWS)[0]
    assert bulk.count == single.count == len(ROWS)
    assert bulk.hexdigest().startswith("sha256:")


def test_reading_the_hash_midway_changes_nothing():
    hasher = InputHasher()
    hasher.update_many(ROWS[:9_000])
    midway = hasher.hexdigest()
    assert midway == hash_records(ROWS[:9_000])[0]
    hasher.update_many(ROWS[9_000:])
    assert hasher.hexdigest() == hash_records(ROWS)[0]


@pytest.mark.parametrize(
    "changed",
    [
        ROWS[:-1],  # one record fewer
        [*ROWS, ROWS[0]],  # one more
        [ROWS[1], ROWS[0], *ROWS[2:]],  # two swapped (order is part of the input)
        [*ROWS[:15_000], (ROWS[15_000][0], ROWS[15_000][1], 1 - ROWS[15_000][2]), *ROWS[15_001:]],
        [("personne-", "0debates.contribution:0", -1), *ROWS[1:]],  # a field boundary moved
        [(*ROWS[0][:2], str(ROWS[0][2])), *ROWS[1:]],  # same printed value, another type
    ],
)
def test_any_change_gives_another_hash(changed):
    assert hash_records(changed)[0] != hash_records(ROWS)[0]


def test_empty_input_has_a_stable_hash():
    assert hash_records([]) == hash_records(iter(())) == (InputHasher().hexdigest(), 0)
