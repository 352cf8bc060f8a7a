"""What the analysis tools may read of a démarche: public texts and reactions, from every app.

The synthesis workbench analyses what people said without importing the apps
that hold it (siblings never import each other). An app that holds texts
defines, in a module named `analysis.py`:

- `analysable_texts(process, filters) -> Iterator[AnalysableText]`: every
  public text of the démarche that matches `filters`, streamed (a fixed
  number of queries, rows read with `.iterator()`), in a stable order;
- `analysable_reactions(process) -> Iterator[AnalysableReaction]` (optional):
  agree / disagree / pass reactions to those texts, by a pseudonymous key
  (never a name, never an account id), for opinion groups.

Only the public layer is read: masked texts (`public_body`), visible items.
`collect_texts` and `collect_reactions` chain what every app provides.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from parlons.core.registry import provided

# Ways of contributing, as the analysis shows them.
ONLINE = "online"
COUNTER = "counter"
PAPER = "paper"
MEETING = "meeting"
WAYS = (ONLINE, COUNTER, PAPER, MEETING)

AGREE = 1
DISAGREE = -1
PASS = 0


@dataclass(frozen=True)
class TextFilters:
    """A subset of a démarche: every field left empty means "all"."""

    commune: str = ""  # commune slug
    phase: int | None = None  # phase id
    theme: str = ""  # slug of the theme the contributor chose
    way: str = ""  # one of WAYS
    refs: frozenset[str] = field(default_factory=frozenset)  # only these texts

    def as_dict(self) -> dict:
        values: dict = {}
        if self.commune:
            values["commune"] = self.commune
        if self.phase is not None:
            values["phase"] = self.phase
        if self.theme:
            values["theme"] = self.theme
        if self.way:
            values["way"] = self.way
        return values

    @classmethod
    def from_dict(cls, data: dict | None) -> "TextFilters":
        data = data or {}
        phase = data.get("phase")
        return cls(
            commune=str(data.get("commune", "") or ""),
            phase=int(phase) if phase not in (None, "") else None,
            theme=str(data.get("theme", "") or ""),
            way=str(data.get("way", "") or ""),
        )


@dataclass(frozen=True)
class AnalysableText:
    ref: str  # stable: "debates.contribution:42"
    text: str  # the public, masked text
    created_at: datetime
    commune: str = ""  # commune name, if the contributor gave one
    place: str = ""  # where it was said (a public meeting), if anywhere
    phase: str = ""  # title of the phase it was written in
    theme: str = ""  # the theme the contributor chose
    way: str = ONLINE  # online, counter, paper, meeting
    url: str = ""  # its public page


@dataclass(frozen=True)
class AnalysableReaction:
    participant: str  # pseudonymous key, stable within one démarche, never a name
    ref: str  # the text reacted to
    vote: int  # AGREE, DISAGREE or PASS


def collect_texts(process, filters: TextFilters | None = None) -> Iterator[AnalysableText]:
    filters = filters or TextFilters()
    for provider in provided("analysis", "analysable_texts"):
        yield from provider(process, filters)


def collect_reactions(process) -> Iterator[AnalysableReaction]:
    for provider in provided("analysis", "analysable_reactions"):
        yield from provider(process)


def collect_contributors(process) -> set[int]:
    """Account ids of the people who wrote a visible text (to tell them the synthesis is out).

    Apps provide `contributor_ids(process) -> Iterable[int]` in their `analysis.py`.
    """
    found: set[int] = set()
    for provider in provided("analysis", "contributor_ids"):
        found.update(provider(process))
    return found
