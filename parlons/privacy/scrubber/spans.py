"""Spans in the original text, and how overlapping candidates are settled."""

import bisect
from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """`text[start:end]` was masked as `label` (one of `labels.LABELS`)."""

    start: int
    end: int
    label: str

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "label": self.label}


EDGE_JUNK = frozenset(" \t\n\r\u00a0,;:.-–")


class Candidate(NamedTuple):
    start: int
    end: int
    label: str
    # Higher wins an overlap: a checked IBAN beats the phone number it contains.
    priority: int


def resolve(candidates: list[Candidate], text: str) -> list[Span]:
    """Keep the best non-overlapping candidates, in text order.

    A candidate that a better one partly covers keeps its longest uncovered part
    when that part is at least half of it: when two detections disagree on a
    border, masking a little more is the safer mistake.
    """
    if not candidates:
        return []
    ordered = sorted(candidates, key=lambda c: (-c.priority, -(c.end - c.start), c.start))
    # Kept spans never overlap, so sorted by start they are sorted by end too: the
    # ones a candidate touches are a run found by bisection (long texts stay linear).
    starts: list[int] = []
    kept: list[Candidate] = []
    for candidate in ordered:
        if candidate.end <= candidate.start:
            continue
        index = bisect.bisect_left(starts, candidate.end)
        first = index
        while first > 0 and kept[first - 1].end > candidate.start:
            first -= 1
        overlapping = kept[first:index]
        if overlapping:
            piece = _longest_uncovered(candidate, overlapping)
            if piece is None:
                continue
            start, end = piece
            while start < end and text[start] in EDGE_JUNK:
                start += 1
            while end > start and text[end - 1] in EDGE_JUNK:
                end -= 1
            if 2 * (end - start) < candidate.end - candidate.start:
                continue
            candidate = candidate._replace(start=start, end=end)
            index = bisect.bisect_left(starts, candidate.start)
        else:
            index = bisect.bisect_left(starts, candidate.start)
        starts.insert(index, candidate.start)
        kept.insert(index, candidate)
    return [Span(c.start, c.end, c.label) for c in kept]


def _longest_uncovered(candidate: Candidate, covers: list[Candidate]) -> tuple[int, int] | None:
    best = None
    position = candidate.start
    for cover in sorted(covers):
        if cover.start > position and (best is None or cover.start - position > best[1] - best[0]):
            best = (position, cover.start)
        position = max(position, cover.end)
    if candidate.end > position and (best is None or candidate.end - position > best[1] - best[0]):
        best = (position, candidate.end)
    return best


def mask(text: str, spans: list[Span], placeholders: dict[str, str]) -> str:
    pieces: list[str] = []
    position = 0
    for span in spans:
        pieces.append(text[position : span.start])
        pieces.append(placeholders[span.label])
        position = span.end
    pieces.append(text[position:])
    return "".join(pieces)
