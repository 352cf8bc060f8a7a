"""Masks personal data in French free text before anything is published.

Pure Python, no Django: the web application, the exports, the API and the
`parlons scrub` command all call it.

    from parlons.privacy.scrubber import Scrubber
    scrubber = Scrubber(allowlist=["Anne Hidalgo", "Mairie de Quimper"])
    result = scrubber.scrub("Appelez M. Le Goff au 06 12 34 56 78")
    result.text    # 'Appelez M. [nom] au [téléphone]'
    result.spans   # (Span(start=11, end=18, label='person'), Span(22, 36, 'phone'))

The method and its known failures are described in parlons/transparency/algorithms/scrubber.md.
"""

from .labels import LABELS, LANGUAGES, PLACEHOLDERS
from .scrubber import Allowlist, Scrubber, ScrubResult, scrub
from .spans import Span

__all__ = [
    "LABELS",
    "LANGUAGES",
    "PLACEHOLDERS",
    "Allowlist",
    "ScrubResult",
    "Scrubber",
    "Span",
    "scrub",
]
