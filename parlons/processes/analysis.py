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

The search index (parlons.synthesis.search) is kept with every audited write:
an app also defines `search_refs(action, target) -> (process, refs) | None`, the texts
an audited write on `target` may have published, changed or hidden; they are
read again through `analysable_texts`, and a ref it no longer yields leaves
the index.
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

# Public outputs never show a count of non-public texts under this (as questionnaire results).
SMALL_GROUP = 5

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
    question: int | None = None  # only the free-text answers to this questionnaire question
    with_answers: bool = False  # questionnaire answers too (the search index reads everything)

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
        if self.question is not None:
            values["question"] = self.question
        return values

    @classmethod
    def from_dict(cls, data: dict | None) -> "TextFilters":
        data = data or {}
        phase = data.get("phase")
        question = data.get("question")
        return cls(
            commune=str(data.get("commune", "") or ""),
            phase=int(phase) if phase not in (None, "") else None,
            theme=str(data.get("theme", "") or ""),
            way=str(data.get("way", "") or ""),
            question=int(question) if question not in (None, "") else None,
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
    # False for texts never shown one by one (questionnaire answers): staff may read and
    # analyse them, public outputs only count them, never under SMALL_GROUP.
    public: bool = True
    question: int | None = None  # the questionnaire question it answers, if any


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
