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


def themes_with_spread(analysis: Analysis) -> list[AnalysisTheme]:
    """Themes, each with `spread` {commune|place|way: [(value, label, count)]} and `quotes`.

    Four queries whatever the number of themes.
    """
    themes = list(analysis.themes.select_related("validated_by").order_by("-size", "number"))
    for field in SPREADS:
        counts = defaultdict(list)
        rows = (
            AnalysedText.objects.filter(analysis=analysis)
            .exclude(**{field: ""})
            .values_list("theme_id", field)
            .annotate(n=Count("*"))
            .order_by("theme_id", "-n", field)
        )
        for theme_id, value, count in rows:
            label = WAY_LABELS.get(value, value) if field == "way" else value
            counts[theme_id].append((value, label, count))
        for theme in themes:
            spread = theme.__dict__.setdefault("spread", {})
            spread[field] = counts.get(theme.pk, [])[:6]
    refs = {ref for theme in themes for ref in theme.representatives[:3]}
    published = texts_by_ref(analysis.process, refs)
    for theme in themes:
        theme.quotes = [published[ref] for ref in theme.representatives[:3] if ref in published]
    return themes


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
    return [
        word for term in (*prepared.terms, *prepared.places) for word in WORD.findall(term.lower())
    ]


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
