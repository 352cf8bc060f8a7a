"""Split one theme in two by its telling words (staff ask for it on the workbench).

Deterministic and small: the texts of one theme, each as its set of lemmas.
1. Every one of the theme's telling words proposes a cut: the texts that use it
   against the others; the most even cut wins (ties: the better-ranked word).
2. Two-means on the texts' word vectors (the theme's 300 most used words,
   rows normalised) refines that cut, at most 20 rounds, until nothing moves.
3. Each part is told by the words that are most used in it relative to the
   other part.
A theme whose texts share no telling word that could cut it (fewer than two
texts, or every text the same words) is not split: `None`.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

VOCABULARY = 300
ROUNDS = 20
KEYWORDS = 10


@dataclass(frozen=True)
class Split:
    second: tuple[int, ...]  # positions of the texts that go to the new theme
    first_keywords: tuple[str, ...]
    second_keywords: tuple[str, ...]
    first_representatives: tuple[int, ...]  # positions, most typical first
    second_representatives: tuple[int, ...]


def _first_cut(texts: Sequence[frozenset[str]], keywords: Sequence[str]) -> np.ndarray | None:
    best = None
    for rank, word in enumerate(keywords):
        side = np.array([word in text for text in texts])
        smaller = int(min(side.sum(), len(texts) - side.sum()))
        if smaller and (best is None or smaller > best[0]):
            best = (smaller, rank, side)
    return best[2] if best else None


def _telling(counts_here: np.ndarray, counts_there: np.ndarray, words: list[str]) -> tuple:
    here = counts_here / max(1.0, counts_here.sum())
    there = counts_there / max(1.0, counts_there.sum())
    order = sorted(range(len(words)), key=lambda i: (-(here[i] - there[i]), words[i]))
    return tuple(words[i] for i in order[:KEYWORDS] if counts_here[i] > 0)


def _vectors(texts: Sequence[frozenset[str]]) -> tuple[list[str], np.ndarray, np.ndarray]:
    used = Counter(word for text in texts for word in text)
    words = sorted(used, key=lambda word: (-used[word], word))[:VOCABULARY]
    column = {word: i for i, word in enumerate(words)}
    matrix = np.zeros((len(texts), len(words)))
    for row, text in enumerate(texts):
        for word in text:
            if word in column:
                matrix[row, column[word]] = 1.0
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return words, matrix, matrix / np.where(norms == 0, 1.0, norms)


def _describe(words: list[str], matrix: np.ndarray, unit: np.ndarray, side: np.ndarray) -> Split:
    centres = np.stack([unit[~side].mean(axis=0), unit[side].mean(axis=0)])
    scores = unit @ centres.T
    first = [i for i in range(len(side)) if not side[i]]
    second = [i for i in range(len(side)) if side[i]]
    counts_first = matrix[~side].sum(axis=0)
    counts_second = matrix[side].sum(axis=0)
    return Split(
        second=tuple(second),
        first_keywords=_telling(counts_first, counts_second, words),
        second_keywords=_telling(counts_second, counts_first, words),
        first_representatives=tuple(sorted(first, key=lambda i: (-scores[i, 0], i))[:8]),
        second_representatives=tuple(sorted(second, key=lambda i: (-scores[i, 1], i))[:8]),
    )


def split_as(texts: Sequence[frozenset[str]], second: set[int]) -> Split:
    """The split staff chose (`second`: positions of the texts that leave): its telling words."""
    words, matrix, unit = _vectors(texts)
    side = np.array([i in second for i in range(len(texts))])
    return _describe(words, matrix, unit, side)


def split_in_two(texts: Sequence[frozenset[str]], keywords: Sequence[str]) -> Split | None:
    if len(texts) < 2:
        return None
    words, matrix, unit = _vectors(texts)
    side = _first_cut(texts, keywords)
    if side is None:
        side = _first_cut(texts, words)
    if side is None:
        return None
    for _round in range(ROUNDS):
        centres = np.stack([unit[~side].mean(axis=0), unit[side].mean(axis=0)])
        scores = unit @ centres.T
        moved = scores[:, 1] > scores[:, 0]
        if moved.all() or not moved.any() or (moved == side).all():
            break
        side = moved
    return _describe(words, matrix, unit, side)
