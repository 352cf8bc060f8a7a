"""Sections that other apps add to a démarche's page.

An app may define `process_sections(request, process) -> list[dict]` in a
module named `sections.py`; each dict has `order`, `template` and `context`.
The démarche page renders them in order. Each provider must run a fixed
number of queries, whatever the number of contributions (no N+1).

Likewise `occasion_sections(request, occasion)` adds sections to the page of
an occasion (a public meeting's page shows what the debate collected there),
so that the app holding the occasion need not know the others.

`home_sections(request, territory)` adds sections to the home page (the next meetings,
the latest official answers), in the same shape; each provider runs one query, and
reads only what anonymous visitors may see (the home page is kept in the page cache).

And `process_figures(process) -> list[dict]` gives the démarche's key figures
(the page's banner of counts): each dict has `order`, `value` (a count) and
`label` (the counted things, already in the singular or plural that `value`
needs). Each provider runs a fixed number of queries (one or two). The
figures are counted once after each write of the démarche and kept until the
next (parlons.processes.pagecache.kept): they are plain values, the same for
every reader, and every write that changes them is audited.
"""

from parlons.core.registry import provided
from parlons.processes.pagecache import kept


def collect_sections(request, process) -> list[dict]:
    sections: list[dict] = []
    for provider in provided("sections", "process_sections"):
        sections.extend(provider(request, process))
    return sorted(sections, key=lambda section: section["order"])


def collect_occasion_sections(request, occasion) -> list[dict]:
    sections: list[dict] = []
    for provider in provided("sections", "occasion_sections"):
        sections.extend(provider(request, occasion))
    return sorted(sections, key=lambda section: section["order"])


def collect_home_sections(request, territory) -> list[dict]:
    sections: list[dict] = []
    for provider in provided("sections", "home_sections"):
        sections.extend(provider(request, territory))
    return sorted(sections, key=lambda section: section["order"])


def collect_figures(process) -> list[dict]:
    """The key figures of every app, counted once per write of the démarche (pagecache.kept)."""
    return kept(process.slug, "figures", lambda: _count_figures(process))


def _count_figures(process) -> list[dict]:
    figures: list[dict] = []
    for provider in provided("sections", "process_figures"):
        figures.extend(provider(process))
    return sorted(figures, key=lambda figure: figure["order"])
