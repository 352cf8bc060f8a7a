"""What the workbench and the public synthesis read: analyses, themes with their spread, texts.

Texts are always read back through the public layer (parlons.processes.analysis),
by their refs: a quote shows the contribution as published today, masked.
"""

import re
from collections import defaultdict
from functools import lru_cache

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from parlons.core.registry import provided
from parlons.processes.analysis import AnalysableText, TextFilters, collect_texts
from parlons.processes.models import Process
from parlons.synthesis.engine.text import default_lexicon
from parlons.synthesis.models import AnalysedText, Analysis, AnalysisTheme, Report

WAY_LABELS = {
    "online": _("en ligne"),
    "counter": _("au guichet"),
    "paper": _("sur papier"),
    "meeting": _("en réunion publique"),
}
SPREADS = ("commune", "place", "way")


def analyses_of(process: Process) -> QuerySet:
    return Analysis.objects.filter(process=process).select_related("started_by")


def finished_analyses(process: Process) -> QuerySet:
    return analyses_of(process).filter(status=Analysis.Status.DONE)


def texts_by_ref(process: Process, refs) -> dict[str, AnalysableText]:
    refs = frozenset(str(ref) for ref in refs)
    if not refs:
        return {}
    return {item.ref: item for item in collect_texts(process, TextFilters(refs=refs))}


SPREAD_ROWS = 6  # the most frequent values shown for each theme and spread


def theme_spreads(analysis: Analysis, theme_ids=None) -> dict[int, dict[str, list]]:
    """{theme id: {commune|place|way: [[value, count], ...]}}, the most frequent first.

    One GROUP BY per spread over the analysis's texts (or over the themes
    `theme_ids` only). Run when the analysis is stored and when staff change a
    theme's members; the themes page reads the stored result.
    """
    found: dict[int, dict[str, list]] = defaultdict(lambda: {field: [] for field in SPREADS})
    for field in SPREADS:
        rows = AnalysedText.objects.filter(analysis=analysis).exclude(**{field: ""})
        if theme_ids is not None:
            rows = rows.filter(theme_id__in=list(theme_ids))
        rows = (
            rows.values_list("theme_id", field)
            .annotate(n=Count("*"))
            .order_by("theme_id", "-n", field)
        )
        for theme_id, value, count in rows:
            listed = found[theme_id][field]
            if len(listed) < SPREAD_ROWS:
                listed.append([value, count])
    return dict(found)


def themes_with_spread(analysis: Analysis) -> list[AnalysisTheme]:
    """Themes, each with `spread` {commune|place|way: [(value, label, count)]} and `quotes`.

    The spreads were stored with the analysis (`result["spread"]`, kept up to
    date when staff change a theme's members); a theme without one (an
    analysis stored before they were) is counted here, for those themes only.
    Three queries whatever the number of themes.
    """
    themes = list(analysis.themes.select_related("validated_by").order_by("-size", "number"))
    stored = (analysis.result or {}).get("spread", {})
    missing = [theme.pk for theme in themes if str(theme.pk) not in stored]
    counted = theme_spreads(analysis, missing) if missing else {}
    for theme in themes:
        spread = stored.get(str(theme.pk)) or counted.get(theme.pk) or {}
        theme.spread = {
            field: [
                (value, WAY_LABELS.get(value, value) if field == "way" else value, count)
                for value, count in spread.get(field, [])
            ]
            for field in SPREADS
        }
    refs = {ref for theme in themes for ref in theme.representatives[:3]}
    published = texts_by_ref(analysis.process, refs)
    for theme in themes:
        theme.quotes = [published[ref] for ref in theme.representatives[:3] if ref in published]
    return themes


def analysis_communes(analysis: Analysis) -> list[str]:
    """The communes of an analysis's texts, for the filter of its list (stored with it)."""
    stored = (analysis.result or {}).get("communes")
    if stored is not None:
        return stored
    return sorted({c for c in analysis.texts.values_list("commune", flat=True).distinct() if c})


@lru_cache(maxsize=1)
def _lexicon():
    return default_lexicon()


WORD = re.compile(r"[^\W_]+")


def _words(text: str, lexicon) -> list[str]:
    """Folded French lemmas, places' words too; cut at anything but letters and digits.

    Cut the same way as both engines' tokenizers cut (FTS5 unicode61, PostgreSQL's
    parser), so the same words reach both indexes.
    """
    prepared = lexicon.prepare(text)
    return [word for term in (*prepared.terms, *prepared.places) for word in _cut(term)]


@lru_cache(maxsize=200_000)
def _cut(term: str) -> tuple[str, ...]:
    """A term's words: each term is cut once, not once per text (100,000 texts per analysis)."""
    return tuple(WORD.findall(term.lower()))


def query_words(text: str) -> list[str]:
    """The words a search looks for, each once, in a stable order."""
    return sorted(set(_words(text or "", _lexicon())))


def search_terms(text: str, lexicon=None) -> str:
    """A text's French lemmas without accents, each once, between spaces: " velo piste "."""
    words = sorted(set(_words(text, lexicon or _lexicon())))
    return f" {' '.join(words)} " if words else ""


def texts_of(analysis: Analysis, filters: dict) -> QuerySet:
    """The analysed texts behind a figure: by theme number, commune, place, way or group.

    `q` searches the texts as the analysis read them, on the same lemmas as the
    search index (parlons.synthesis.search): "vélos" finds "vélo",
    "mediatheque" finds "médiathèque"; every word must be there.
    """
    items = AnalysedText.objects.filter(analysis=analysis).select_related("theme")
    for word in query_words(filters.get("q") or ""):
        items = items.filter(terms__contains=f" {word} ")
    if filters.get("theme") not in (None, ""):
        items = items.filter(theme__number=filters["theme"])
    for field in SPREADS:
        if filters.get(field):
            items = items.filter(**{field: filters[field]})
    if filters.get("group"):
        items = items.filter(duplicate_group__number=filters["group"])
    return items.order_by("pk")


def analysable_questions(process: Process) -> list[tuple[int, str]]:
    """The free-text questionnaire questions of the démarche, for the workbench's forms."""
    return [
        row
        for provider in provided("analysis", "analysable_questions")
        for row in provider(process)
    ]


def published_report(process: Process) -> Report | None:
    return (
        Report.objects.filter(process=process, status=Report.Status.PUBLISHED)
        .select_related("process")
        .first()
    )


def report_of(process: Process) -> Report | None:
    return Report.objects.filter(process=process).first()
