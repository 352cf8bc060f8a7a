"""Carry staff decisions over to a new run: match its themes to validated ones.

After staff have named and validated the themes of a run, new contributions
arrive and the analysis runs again; k-means numbers its themes afresh. Each
new theme is compared with each validated theme on two signals:

- shared members: among contributions present in both runs, the Jaccard index
  of the two themes' members (new contributions do not lower it);
- keywords: cosine of rank-weighted keyword vectors (the first keyword counts
  1, the second 1/2...), for when members are unknown or mostly new.

The similarity is the larger of the two; the Hungarian algorithm
(scipy's linear_sum_assignment) pairs themes one to one so that the total is
highest, and a pair below `threshold` is refused. A matched theme takes the
validated theme's id (and so its name and decisions); an unmatched new theme
gets a fresh id and is flagged new; an unmatched validated theme is reported
as no longer found, for staff to look at.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from .themes import NO_CONTENT_THEME_ID, Theme


@dataclass(frozen=True)
class PreviousTheme:
    id: int
    keywords: Sequence[str]
    members: frozenset = frozenset()
    label: str = ""

    @classmethod
    def from_dict(cls, data: dict) -> "PreviousTheme":
        return cls(
            id=int(data["id"]),
            keywords=tuple(data.get("keywords", ())),
            members=frozenset(str(member) for member in data.get("members", ())),
            label=str(data.get("label", "") or ""),
        )


@dataclass(frozen=True)
class ThemeMatch:
    new_id: int
    previous_id: int
    similarity: float
    label: str


@dataclass
class MatchingResult:
    matches: list[ThemeMatch]
    new_theme_ids: list[int]
    previous_not_found: list[int]
    id_of_new_theme: dict[int, int]
    threshold: float

    def as_dict(self) -> dict:
        return {
            "method": "Hungarian matching on max(shared-member Jaccard, keyword cosine)",
            "threshold": self.threshold,
            "matches": [
                {
                    "id": match.previous_id,
                    "similarity": round(match.similarity, 3),
                    "label": match.label,
                }
                for match in self.matches
            ],
            "new_themes": self.new_theme_ids,
            "previous_not_found": self.previous_not_found,
        }


def keyword_similarity(first: Sequence[str], second: Sequence[str]) -> float:
    weights_first = {word: 1 / (rank + 1) for rank, word in enumerate(first)}
    weights_second = {word: 1 / (rank + 1) for rank, word in enumerate(second)}
    shared = weights_first.keys() & weights_second.keys()
    if not shared:
        return 0.0
    dot = sum(weights_first[word] * weights_second[word] for word in shared)
    norm_first = np.sqrt(sum(value * value for value in weights_first.values()))
    norm_second = np.sqrt(sum(value * value for value in weights_second.values()))
    return float(dot / (norm_first * norm_second))


def member_similarity(new_members: set, previous_members: frozenset, both_runs: set) -> float:
    new_shared = new_members & both_runs
    previous_shared = previous_members & both_runs
    union = len(new_shared | previous_shared)
    return len(new_shared & previous_shared) / union if union else 0.0


def match_themes(
    themes: Iterable[Theme], previous: Iterable[PreviousTheme], threshold: float = 0.3
) -> MatchingResult:
    """Pairs new themes with validated ones; the no-content theme keeps its id 0."""
    themes = [theme for theme in themes if theme.id != NO_CONTENT_THEME_ID]
    previous = [theme for theme in previous if theme.id != NO_CONTENT_THEME_ID]
    new_members = [{str(member) for member in theme.members} for theme in themes]
    all_new = set().union(*new_members) if new_members else set()
    all_previous = set().union(*(theme.members for theme in previous)) if previous else set()
    both_runs = all_new & all_previous
    similarity = np.zeros((len(themes), len(previous)))
    for row, theme in enumerate(themes):
        for column, old in enumerate(previous):
            similarity[row, column] = max(
                member_similarity(new_members[row], old.members, both_runs),
                keyword_similarity(theme.keywords, old.keywords),
            )
    matches = []
    if similarity.size:
        rows, columns = linear_sum_assignment(-similarity)
        for row, column in zip(rows, columns, strict=True):
            if similarity[row, column] >= threshold:
                matches.append(
                    ThemeMatch(
                        themes[row].id,
                        previous[column].id,
                        float(similarity[row, column]),
                        previous[column].label,
                    )
                )
    matched_new = {match.new_id for match in matches}
    matched_previous = {match.previous_id for match in matches}
    next_id = max([NO_CONTENT_THEME_ID, *(theme.id for theme in previous)]) + 1
    id_of_new_theme = {NO_CONTENT_THEME_ID: NO_CONTENT_THEME_ID}
    id_of_new_theme.update({match.new_id: match.previous_id for match in matches})
    new_theme_ids = []
    for theme in themes:
        if theme.id not in matched_new:
            id_of_new_theme[theme.id] = next_id
            new_theme_ids.append(next_id)
            next_id += 1
    return MatchingResult(
        matches=matches,
        new_theme_ids=new_theme_ids,
        previous_not_found=[theme.id for theme in previous if theme.id not in matched_previous],
        id_of_new_theme=id_of_new_theme,
        threshold=threshold,
    )


def apply_matching(result, previous: Iterable[PreviousTheme], threshold: float = 0.3):
    """Renumbers a ThemeResult's themes after the validated ones; returns the matching."""
    matching = match_themes(result.themes, previous, threshold)
    label_of_new_theme = {match.new_id: match.label for match in matching.matches}
    for theme in result.themes:
        theme.label = label_of_new_theme.get(theme.id, "")
        theme.id = matching.id_of_new_theme.get(theme.id, theme.id)
    old_to_new = matching.id_of_new_theme
    result.theme_of_duplicate_group = [
        old_to_new.get(theme_id, theme_id) for theme_id in result.theme_of_duplicate_group
    ]
    result.themes.sort(key=lambda theme: (theme.id == NO_CONTENT_THEME_ID, -theme.size))
    # Report matches with the ids as they now stand.
    matching.matches = [
        ThemeMatch(match.previous_id, match.previous_id, match.similarity, match.label)
        for match in matching.matches
    ]
    result.matching = matching.as_dict()
    return matching
