"""Near-duplicate grouping: one voice repeated is seen as one voice, with its count.

Two stages, both streaming over the records once:

1. exact: every record is reduced to its duplicate key (folded text, letters
   and digits only, greeting and signature cut) and counted, so "RAS", "Ras."
   and "R.A.S" are one entry and memory grows with distinct texts only;
2. near: distinct texts of at least `min_words` words get a MinHash signature
   of their word shingles (vectorised with numpy, in chunks), LSH bands
   propose candidates, and a candidate is kept when its estimated Jaccard
   similarity to the bucket's first text reaches `threshold`. Kept pairs are
   joined into groups (connected components).

Why our own MinHash rather than datasketch: same estimator, but computed for
thousands of texts in one numpy operation instead of one Python object per
text; see docs/decisions/0301-themes-and-duplicates.md for the measurements.
"""

from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from .provenance import InputHasher, Provenance
from .text import default_lexicon, duplicate_body, duplicate_key, duplicate_words

METHOD = "near-duplicates: exact folded key, then MinHash LSH on word shingles"

_MASK32 = np.uint64(0xFFFFFFFF)
# Odd 64-bit constants mixing consecutive word hashes into one shingle hash.
_SHINGLE_MIX = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93],
    dtype=np.uint64,
)


@dataclass(frozen=True)
class DuplicateParameters:
    threshold: float = 0.7
    min_words: int = 6
    # Below this many words, one changed word is a different opinion ("supprimer le
    # Sénat" / "fusionner le Sénat"): a near-duplicate may only add words to the other.
    short_text_words: int = 15
    shingle_words: int = 2
    num_perm: int = 64
    bands: int = 16
    seed: int = 20190115
    chunk_texts: int = 20_000

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass(frozen=True)
class DuplicateGroup:
    members: list
    representative_id: object
    representative_text: str
    distinct_texts: int
    # Position of the group in its DuplicateIndex (record_group values).
    index: int = -1

    @property
    def count(self) -> int:
        return len(self.members)


class DuplicateIndex:
    """Result of the grouping, kept compact: arrays indexed by record, distinct text, group."""

    def __init__(
        self,
        record_ids: list,
        record_text: np.ndarray,
        texts: list[str],
        text_counts: np.ndarray,
        text_group: np.ndarray,
        provenance: Provenance,
    ) -> None:
        self.record_ids = record_ids
        self.record_text = record_text
        self.texts = texts
        self.text_counts = text_counts
        self.text_group = text_group
        self.group_count = int(text_group.max()) + 1 if len(text_group) else 0
        self.group_sizes = np.bincount(text_group, weights=text_counts, minlength=self.group_count)
        self.group_sizes = self.group_sizes.astype(np.int64)
        # The text shown for a group is its most repeated distinct text (first seen on ties).
        order = np.lexsort((np.arange(len(texts)), -text_counts, text_group))
        first_of_group = np.ones(len(order), dtype=bool)
        first_of_group[1:] = text_group[order][1:] != text_group[order][:-1]
        self.group_text = order[first_of_group]
        self.provenance = provenance

    @property
    def record_group(self) -> np.ndarray:
        return self.text_group[self.record_text]

    def group_representative_record(self) -> np.ndarray:
        """For each group, the first record carrying its representative text."""
        first_record_of_text = np.full(len(self.texts), -1, dtype=np.int64)
        reversed_positions = np.arange(len(self.record_text) - 1, -1, -1)
        first_record_of_text[self.record_text[::-1]] = reversed_positions
        return first_record_of_text[self.group_text]

    def members_by_group(self) -> list[list]:
        order = np.argsort(self.record_group, kind="stable")
        bounds = np.concatenate(([0], np.cumsum(self.group_sizes)))
        ids = self.record_ids
        return [[ids[i] for i in order[bounds[g] : bounds[g + 1]]] for g in range(self.group_count)]

    def groups(self, min_count: int = 2) -> list[DuplicateGroup]:
        """Groups of at least `min_count` records, the largest first."""
        members = self.members_by_group()
        representative_records = self.group_representative_record()
        distinct = np.bincount(self.text_group, minlength=self.group_count)
        found = [
            DuplicateGroup(
                members=members[g],
                representative_id=self.record_ids[representative_records[g]],
                representative_text=self.texts[self.group_text[g]],
                distinct_texts=int(distinct[g]),
                index=g,
            )
            for g in range(self.group_count)
            if self.group_sizes[g] >= min_count
        ]
        found.sort(key=lambda group: -group.count)
        return found


class DuplicateFinder:
    """Feed records one at a time with `add`, then call `finish`."""

    def __init__(self, parameters: DuplicateParameters | None = None) -> None:
        self.parameters = parameters or DuplicateParameters()
        self._hasher = InputHasher()
        self._text_of_key: dict[str, int] = {}
        self._record_ids: list = []
        self._record_text = array("i")
        self._texts: list[str] = []
        self._counts = array("q")
        # A distinct text's MinHash signature is made as it arrives, from the
        # body its key was made of, rather than folding it a second time.
        self._signatures = _SignatureBatches(self.parameters)

    def add(self, record_id: object, text: str) -> None:
        self._hasher.update(record_id, text)
        body = duplicate_body(text)
        key = duplicate_key(text, body)
        index = self._text_of_key.get(key)
        if index is None:
            index = len(self._texts)
            self._text_of_key[key] = index
            self._texts.append(text)
            self._counts.append(1)
            self._signatures.add(index, duplicate_words(text, body))
        else:
            self._counts[index] += 1
        self._record_ids.append(record_id)
        self._record_text.append(index)

    def add_all(self, records: Iterable[tuple[object, str]]) -> "DuplicateFinder":
        for record_id, text in records:
            self.add(record_id, text)
        return self

    def finish(self, progress: Callable[[str], None] | None = None) -> DuplicateIndex:
        self._text_of_key.clear()
        texts = self._texts
        counts = np.frombuffer(self._counts, dtype=np.int64).copy()
        if progress:
            progress(f"{len(self._record_ids)} textes, {len(texts)} textes distincts")
        text_group = near_duplicate_groups(
            texts, counts, self.parameters, self._signatures, progress
        )
        self._signatures = _SignatureBatches(self.parameters)
        provenance = Provenance(
            method=METHOD,
            parameters=self.parameters.as_dict(),
            input_hash=self._hasher.hexdigest(),
            input_size=self._hasher.count,
        )
        record_text = np.frombuffer(self._record_text, dtype=np.int32).copy()
        return DuplicateIndex(self._record_ids, record_text, texts, counts, text_group, provenance)


def find_duplicates(
    records: Iterable[tuple[object, str]], parameters: DuplicateParameters | None = None
) -> DuplicateIndex:
    return DuplicateFinder(parameters).add_all(records).finish()


class MinHasher:
    """MinHash signatures of word shingles for many texts at once.

    Each permutation is a multiply-shift hash ((a * x + b) mod 2**64) >> 32 with
    a random odd `a`: numpy does the modulo for free by wrapping uint64.
    """

    def __init__(self, parameters: DuplicateParameters) -> None:
        self.parameters = parameters
        generator = np.random.default_rng(parameters.seed)
        high = np.iinfo(np.uint64).max
        self.multipliers = generator.integers(0, high, parameters.num_perm, dtype=np.uint64) | 1
        self.offsets = generator.integers(0, high, parameters.num_perm, dtype=np.uint64)
        # Words are numbered as first met: a dictionary lookup is cheaper than hashing
        # each word's bytes, and numbers are mixed into 64-bit hashes with numpy below.
        self._word_number: dict[str, int] = {}

    def signatures(self, word_lists: list[list[str]]) -> np.ndarray:
        """Signatures (texts x num_perm, uint32); every list needs at least `shingle_words` words."""
        size = self.parameters.shingle_words
        lengths = np.fromiter((len(words) for words in word_lists), np.int64, len(word_lists))
        known = self._word_number
        number = known.setdefault
        # setdefault(word, len(known)) numbers a new word and finds a known one in one C call.
        flat = array("q", [number(word, len(known)) for words in word_lists for word in words])
        word_hashes = _mix64(np.frombuffer(flat, dtype=np.int64).astype(np.uint64))
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        # Shingle i of the batch starts at word i; keep those that end inside their text.
        usable = len(word_hashes) - size + 1
        shingles = word_hashes[:usable] * _SHINGLE_MIX[0]
        for offset in range(1, size):
            shingles += word_hashes[offset : offset + usable] * _SHINGLE_MIX[offset % 4]
        text_of_word = np.repeat(np.arange(len(word_lists)), lengths)
        valid = np.arange(usable) <= (starts + lengths - size)[text_of_word[:usable]]
        shingles = shingles[valid]
        shingle_starts = np.concatenate(([0], np.cumsum(lengths - size + 1)[:-1]))
        result = np.empty((len(word_lists), self.parameters.num_perm), dtype=np.uint32)
        block = 16
        for first in range(0, self.parameters.num_perm, block):
            a = self.multipliers[first : first + block, None]
            b = self.offsets[first : first + block, None]
            hashed = (a * shingles[None, :] + b) >> np.uint64(32)
            result[:, first : first + block] = np.minimum.reduceat(hashed, shingle_starts, axis=1).T
        return result


def _mix64(values: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads consecutive word numbers over 64 bits."""
    values = values + np.uint64(0x9E3779B97F4A7C15)
    values = (values ^ (values >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    values = (values ^ (values >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return values ^ (values >> np.uint64(31))


class _SignatureBatches:
    """MinHash signatures of the distinct texts with enough words, made
    `chunk_texts` texts at a time as their words arrive."""

    def __init__(self, parameters: DuplicateParameters) -> None:
        self.parameters = parameters
        self.hasher = MinHasher(parameters)
        self.eligible: list[int] = []
        self.word_counts = array("i")
        self.chunks: list[np.ndarray] = []
        self.batch_ids: list[int] = []
        self.batch_words: list[list[str]] = []

    def add(self, index: int, words: list[str]) -> None:
        if len(words) < self.parameters.min_words:
            return
        self.batch_ids.append(index)
        self.batch_words.append(words)
        self.word_counts.append(len(words))
        if len(self.batch_words) >= self.parameters.chunk_texts:
            self.flush()

    def flush(self) -> None:
        if self.batch_words:
            self.chunks.append(self.hasher.signatures(self.batch_words))
            self.eligible.extend(self.batch_ids)
            self.batch_ids.clear()
            self.batch_words.clear()

    def finish(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(eligible text indexes, their word counts, their signatures)."""
        self.flush()
        signatures = (
            np.concatenate(self.chunks)
            if self.chunks
            else np.empty((0, self.parameters.num_perm), dtype=np.uint32)
        )
        self.chunks.clear()
        return (
            np.asarray(self.eligible, dtype=np.int64),
            np.frombuffer(self.word_counts, dtype=np.int32).copy(),
            signatures,
        )


def near_duplicate_groups(
    texts: list[str],
    counts: np.ndarray,
    parameters: DuplicateParameters,
    made: _SignatureBatches,
    progress: Callable[[str], None] | None = None,
) -> np.ndarray:
    """Group index of each distinct text; texts too short for MinHash stay alone.

    `made` holds the signatures of `texts`, made as they arrived (`DuplicateFinder.add`)."""
    rows = parameters.num_perm // parameters.bands
    eligible_index, word_counts, signatures = made.finish()
    count = len(texts)
    if not len(eligible_index):
        return np.arange(count, dtype=np.int64)
    left, right = _candidate_pairs(signatures, parameters.bands, rows)
    agreement = _agreement(signatures, left, right)
    short = _ShortTexts(texts, eligible_index, word_counts, parameters)
    kept = agreement >= parameters.threshold
    # Only the pairs near enough are checked word by word.
    kept[kept] = short.compatible(left[kept], right[kept])
    left, right = eligible_index[left[kept]], eligible_index[right[kept]]
    if progress:
        progress(f"paires candidates : {len(kept)}, retenues : {int(kept.sum())}")
    graph = coo_matrix((np.ones(len(left), dtype=np.int8), (left, right)), shape=(count, count))
    _, labels = connected_components(graph, directed=False)
    labels = _detach_chained(
        labels, eligible_index, signatures, counts, parameters.threshold, short
    )
    # Number groups in order of first appearance, so results read in input order.
    _, first_position, inverse = np.unique(labels, return_index=True, return_inverse=True)
    rank = np.empty(len(first_position), dtype=np.int64)
    rank[np.argsort(first_position)] = np.arange(len(first_position))
    return rank[inverse]


def _detach_chained(
    labels: np.ndarray,
    eligible_index: np.ndarray,
    signatures: np.ndarray,
    counts: np.ndarray,
    threshold: float,
    short: "_ShortTexts",
) -> np.ndarray:
    """Keeps in a group only the texts near its most repeated text.

    Joining similar pairs chains A~B~C~D although A and D share little; a
    person reading the group expects every text to be a copy of the one shown.
    """
    labels = labels.astype(np.int64)
    component_size = np.bincount(labels)
    in_group = component_size[labels[eligible_index]] > 1
    members = eligible_index[in_group]
    if not len(members):
        return labels
    member_rows = np.flatnonzero(in_group)
    member_labels = labels[members]
    # Most repeated text of each component, the earliest on ties.
    order = np.lexsort((members, -counts[members], member_labels))
    is_first = np.ones(len(order), dtype=bool)
    is_first[1:] = member_labels[order][1:] != member_labels[order][:-1]
    head_row = np.empty(labels.max() + 1, dtype=np.int64)
    head_row[member_labels[order][is_first]] = member_rows[order][is_first]
    heads = head_row[member_labels]
    agreement = _agreement(signatures, member_rows, heads)
    near = agreement >= threshold
    near[near] = short.compatible(member_rows[near], heads[near])
    detached = members[~near]
    labels[detached] = labels.max() + 1 + np.arange(len(detached))
    return labels


# Words that turn a statement around: "le respect des lois" / "le non respect des lois".
NEGATIONS = frozenset(
    {"non", "ne", "n", "pas", "jamais", "aucun", "aucune", "sans", "contre", "ni"}
)


class _ShortTexts:
    """Pairs of short texts are near-duplicates only if one's content words hold the
    other's, and both carry the same negations."""

    def __init__(self, texts, eligible_index, word_counts, parameters: DuplicateParameters):
        self.texts = texts
        self.eligible_index = eligible_index
        self.word_counts = word_counts
        self.limit = parameters.short_text_words
        self.stop_words = default_lexicon().stop_words
        self._content: dict[int, tuple[frozenset, frozenset]] = {}

    def _words(self, row: int) -> tuple[frozenset, frozenset]:
        """(content words, negation words) of an eligible text."""
        found = self._content.get(row)
        if found is None:
            words = frozenset(duplicate_words(self.texts[self.eligible_index[row]]))
            found = (words - self.stop_words, words & NEGATIONS)
            self._content[row] = found
        return found

    def compatible(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """For rows of eligible texts: False where a short pair swaps a content word."""
        result = np.ones(len(left), dtype=bool)
        shortest = np.minimum(self.word_counts[left], self.word_counts[right])
        for position in np.flatnonzero((shortest < self.limit) & (left != right)):
            first, first_negations = self._words(int(left[position]))
            second, second_negations = self._words(int(right[position]))
            result[position] = first_negations == second_negations and (
                first <= second or second <= first
            )
        return result


def _candidate_pairs(
    signatures: np.ndarray, bands: int, rows: int
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (text, first text of its LSH bucket), for every band, without repeats."""
    count = len(signatures)
    mixers = np.random.default_rng(7).integers(1, 2**63, size=rows, dtype=np.uint64) | 1
    pairs = []
    for band in range(bands):
        block = signatures[:, band * rows : (band + 1) * rows].astype(np.uint64)
        keys = (block * mixers[None, :]).sum(axis=1, dtype=np.uint64)
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        new_bucket = np.ones(count, dtype=bool)
        new_bucket[1:] = sorted_keys[1:] != sorted_keys[:-1]
        bucket_head = order[np.maximum.accumulate(np.where(new_bucket, np.arange(count), 0))]
        linked = ~new_bucket
        if linked.any():
            pairs.append(bucket_head[linked].astype(np.int64) * count + order[linked])
    if not pairs:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    unique_pairs = np.unique(np.concatenate(pairs))
    return unique_pairs // count, unique_pairs % count


def _agreement(signatures: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Share of equal MinHash values: the estimate of the Jaccard similarity."""
    result = np.empty(len(left), dtype=np.float32)
    step = 200_000
    for start in range(0, len(left), step):
        a = signatures[left[start : start + step]]
        b = signatures[right[start : start + step]]
        result[start : start + step] = (a == b).mean(axis=1)
    return result
