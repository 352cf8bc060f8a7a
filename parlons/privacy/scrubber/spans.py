"""Spans in the original text, and how overlapping candidates are settled."""

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


class Candidate(NamedTuple):
    start: int
    end: int
    label: str
    # Higher wins an overlap: a checked IBAN beats the phone number it contains.
    priority: int


def resolve(candidates: list[Candidate]) -> list[Span]:
    """Keep the best non-overlapping candidates, in text order."""
    if not candidates:
        return []
    ordered = sorted(candidates, key=lambda c: (-c.priority, -(c.end - c.start), c.start))
    kept: list[Candidate] = []
    for candidate in ordered:
        if candidate.end <= candidate.start:
            continue
        if all(candidate.end <= k.start or candidate.start >= k.end for k in kept):
            kept.append(candidate)
    kept.sort()
    return [Span(c.start, c.end, c.label) for c in kept]


def mask(text: str, spans: list[Span], placeholders: dict[str, str]) -> str:
    pieces: list[str] = []
    position = 0
    for span in spans:
        pieces.append(text[position : span.start])
        pieces.append(placeholders[span.label])
        position = span.end
    pieces.append(text[position:])
    return "".join(pieces)
