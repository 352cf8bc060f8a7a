"""Look-alike proposals: the ones of a démarche that share words with what is being typed.

Words are compared as lemmas without stop words ("vélos" and "vélo" are one
word, "les" is none), with the pure text engine of the synthesis. Each
proposal keeps the lemmas of its public copy (`public_terms`), computed once
when it is written, so a search reads one column instead of lemmatising
every text again.
"""

from django.db.models import QuerySet

from parlons.synthesis.engine.text import default_lexicon

# Shared words needed, and the share of the shorter word set they must cover.
MIN_SHARED = 2
MIN_OVERLAP = 0.3
# A démarche with thousands of proposals: the most recent ones are compared.
SCANNED = 2000


def terms_of(*texts: str) -> set[str]:
    terms: set[str] = set()
    for text in texts:
        terms.update(default_lexicon().prepare(text or "").terms)
    return terms


def joined_terms(*texts: str) -> str:
    return " ".join(sorted(terms_of(*texts)))


def closeness(mine: set[str], theirs: set[str]) -> float:
    """0 when nothing is shared; the share of the smaller set otherwise."""
    shared = len(mine & theirs)
    if shared < MIN_SHARED:
        return 0.0
    return shared / min(len(mine), len(theirs))


def look_alikes(candidates: QuerySet, title: str, body: str = "", limit: int = 5) -> list:
    """The `limit` candidates that look most like `title` and `body`, closest first."""
    mine = terms_of(title, body)
    if len(mine) < MIN_SHARED:
        return []
    scored = []
    for proposal in candidates[:SCANNED]:
        score = closeness(mine, set(proposal.public_terms.split()))
        if score >= MIN_OVERLAP:
            scored.append((score, proposal.support_count, proposal.pk, proposal))
    scored.sort(key=lambda item: (-item[0], -item[1], -item[2]))
    return [item[3] for item in scored[:limit]]
