"""The synthesis as people read it: sections with their text, figures, quotes and methods.

Shared by the public page, the PDF and the staff preview, so they say the same.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parlons.core.markdown import render_markdown
from parlons.processes.analysis import SMALL_GROUP, AnalysableText
from parlons.synthesis import charts
from parlons.synthesis.models import Analysis, Report, ReportSection
from parlons.synthesis.queries import texts_by_ref

NOTICES = {
    "themes": "themes",
    "duplicates": "near-duplicates",
    "opinion_groups": "opinion-groups",
}


@dataclass
class Method:
    name: str
    notice_url: str
    parameters: list[tuple[str, str]]
    input_hash: str
    computed_at: object


@dataclass
class RenderedSection:
    section: ReportSection
    body: SafeString
    chart: SafeString | None = None
    table_caption: str = ""
    table_headings: list[str] = field(default_factory=list)
    table: list[list] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    quotes: list[AnalysableText] = field(default_factory=list)
    method: Method | None = None


def _method(analysis: Analysis, figure: str) -> Method:
    provenance = analysis.result.get("provenance", {})
    values = provenance.get("parameters", {})
    if analysis.kind == Analysis.Kind.THEMES:
        parameters = [
            (_("textes analysés"), str(analysis.input_size)),
            (_("nombre de thèmes"), str(values.get("n_themes_chosen", "—"))),
            (
                _("nombre choisi"),
                _("automatiquement") if values.get("n_themes_automatic") else _("par l'équipe"),
            ),
            (
                _("seuil de quasi-doublon (Jaccard)"),
                str(values.get("duplicates", {}).get("threshold", "—")).replace(".", ","),
            ),
        ]
        name = (
            _("Quasi-doublons : empreintes MinHash des textes, comparées deux à deux.")
            if figure == "duplicates"
            else _(
                "Thèmes : quasi-doublons regroupés, lemmes français, TF-IDF, SVD, k-moyennes, "
                "mots parlants par c-TF-IDF ; thèmes relus, nommés et validés par l'équipe."
            )
        )
    else:
        stability = analysis.result.get("stability") or {}
        parameters = [
            (_("votes retenus"), str(analysis.input_size)),
            (_("participants placés"), str(analysis.result.get("placed_voters", 0))),
            (_("vote minimum pour être placé"), str(values.get("min_votes", "—"))),
            (
                _("reprises pour la solidité"),
                f"{stability.get('agreeing', '—')} / {stability.get('runs', '—')}",
            ),
        ]
        stable = analysis.result.get("stable")
        if stable:
            parameters.append(
                (
                    _("regroupement stable"),
                    _("%(groups)s groupes, accord médian des reprises %(agreement)s")
                    % {
                        "groups": len(stable.get("group_sizes", [])),
                        "agreement": f"{stable.get('median_agreement', 0):.2f}".replace(".", ","),
                    },
                )
            )
        name = _(
            "Groupes d'opinion (méthode de Pol.is) : analyse en composantes principales des "
            "votes, k-moyennes, commentaires distinctifs et consensus par tests statistiques."
        )
    return Method(
        name=name,
        notice_url=reverse("transparency:algorithm", kwargs={"slug": NOTICES[figure]}),
        parameters=parameters,
        input_hash=analysis.input_hash,
        computed_at=analysis.finished_at,
    )


def firmness_in_words(stability: dict | None) -> str:
    if not stability:
        return _("La solidité des groupes n'a pas pu être mesurée (un seul groupe).")
    share = stability.get("share", 0)
    counted = _("%(agreeing)s reprises sur %(runs)s retrouvent ces groupes.") % stability
    if share >= 0.8:
        return counted + " " + _("Les groupes sont nets : ils tiennent à la façon de voter.")
    if share >= 0.5:
        return counted + " " + _("Les groupes sont assez solides ; à décrire avec prudence.")
    return (
        counted
        + " "
        + _("Les groupes sont fragiles : à présenter comme une tendance, pas comme des camps.")
    )


def stable_in_words(stable: dict) -> str:
    """How firm the stable grouping is, in plain French (thresholds: consensus.py)."""
    agreement = round(100 * stable.get("median_agreement", 0))
    counted = _(
        "Refait %(runs)s fois sur une partie des votes tirée au hasard, le calcul retrouve "
        "en médiane %(agreement)s %% de ce regroupement (indice de Rand ajusté)."
    ) % {"runs": stable.get("runs", 0), "agreement": agreement}
    firmness = stable.get("firmness")
    if len(stable.get("group_sizes", [])) < 2:
        return _("Le regroupement stable ne sépare pas les votants : aucune division nette.")
    if stable.get("by_activity"):
        return (
            counted
            + " "
            + _(
                "Il est fragile : ses groupes séparent surtout les personnes selon le nombre de "
                "leurs votes, pas selon leurs avis. Ne le présentez pas comme des camps."
            )
        )
    if firmness == "firm":
        return counted + " " + _("Il est net : il tient à la façon de voter.")
    if firmness == "fair":
        return counted + " " + _("Il est assez solide ; à décrire avec prudence.")
    return (
        counted + " " + _("Il est fragile : à présenter comme une tendance, pas comme des camps.")
    )


def stable_comparison(result: dict, texts: dict | None = None) -> dict | None:
    """The stable grouping beside Pol.is': the same, or a table of how people move between them,
    and what sets each stable group apart (`texts`: as for opinion_tables).

    Counts only, never who: rows are Pol.is' groups, columns the stable groups.
    """
    stable = result.get("stable")
    if not stable:
        return None
    polis_groups = sorted({int(a) for a, _b, _n in stable["crossing"]})
    stable_groups = sorted({int(b) for _a, b, _n in stable["crossing"]})
    cells = {(int(a), int(b)): int(n) for a, b, n in stable["crossing"]}
    rows = [
        {
            "letter": charts.group_letter(a),
            "cells": [cells.get((a, b), 0) for b in stable_groups],
            "total": sum(cells.get((a, b), 0) for b in stable_groups),
        }
        for a in polis_groups
    ]
    # People outside the stable group that holds most of their Pol.is group.
    moved = sum(row["total"] - max(row["cells"], default=0) for row in rows)
    placed = sum(row["total"] for row in rows)
    return {
        "same": bool(stable.get("same_as_polis")),
        "columns": [str(b + 1) for b in stable_groups],
        "sizes": [sum(cells.get((a, b), 0) for a in polis_groups) for b in stable_groups],
        "rows": rows,
        "polis_count": len(polis_groups),
        "stable_count": len(stable_groups),
        "moved": moved,
        "placed": placed,
        "firmness": stable_in_words(stable),
        "groups": [
            {
                "number": number,
                "size": size,
                "distinctive": _distinctive(
                    stable.get("representative_details", {}).get(str(number - 1), []), texts or {}
                ),
            }
            for number, size in enumerate(stable.get("group_sizes", []), start=1)
        ],
    }


def _distinctive(details: list, texts: dict) -> list[dict]:
    """Representative comments of one group, quoted, with the shares of votes here and elsewhere."""
    return [
        {
            **_quoted(texts, item["comment"]),
            "agree": item["direction"] == "agree",
            "here": _share(item["n_success"], item["n_trials"]),
            "elsewhere": _share(item["n_success_elsewhere"], item["n_trials_elsewhere"]),
        }
        for item in details
    ]


def opinion_tables(analysis: Analysis, texts: dict) -> dict:
    """Groups, what sets each apart and what all share, in words and numbers; no one named.

    `texts`: the published texts by ref (queries.texts_by_ref), quoted and linked.
    """
    result = analysis.result
    sizes = result.get("group_sizes", {})
    groups = []
    for gid, size in sizes.items():
        items = _distinctive(result.get("representative_details", {}).get(gid, []), texts)
        groups.append({"letter": charts.group_letter(int(gid)), "size": size, "distinctive": items})
    consensus = []
    for direction in ("agree", "disagree"):
        for item in result.get("consensus_details", {}).get(direction, []):
            consensus.append(
                {
                    **_quoted(texts, item["comment"]),
                    "agree": direction == "agree",
                    "share": _share(item["n_success"], item["n_trials"]),
                }
            )
    return {
        "groups": groups,
        "consensus": consensus,
        "firmness": firmness_in_words(result.get("stability")),
        "map": charts.opinion_map(
            result.get("points", []),
            result.get("extent", 1),
            _("Carte des groupes d'opinion : un point par participant placé, sans nom"),
        ),
    }


def _quoted(texts: dict, ref) -> dict:
    found = texts.get(str(ref))
    return {"ref": ref, "text": found.text if found else "", "url": found.url if found else ""}


def _share(part: int, whole: int) -> str:
    if not whole:
        return _("aucun vote")
    return f"{part} / {whole} ({round(100 * part / whole)} %)"


def opinion_refs(analysis: Analysis) -> set[str]:
    result = analysis.result
    refs = {
        str(item["comment"])
        for items in result.get("representative_details", {}).values()
        for item in items
    }
    for items in result.get("consensus_details", {}).values():
        refs.update(str(item["comment"]) for item in items)
    stable = result.get("stable") or {}
    for items in stable.get("representative_details", {}).values():
        refs.update(str(item["comment"]) for item in items)
    return refs


def render_report(report: Report) -> list[RenderedSection]:
    process = report.process
    sections = list(report.sections.select_related("analysis"))
    refs = {ref for section in sections for ref in section.quotes}
    for section in sections:
        if section.figure == "opinion_groups" and section.analysis:
            refs |= opinion_refs(section.analysis)
    published = texts_by_ref(process, refs)
    rendered = []
    for section in sections:
        item = RenderedSection(
            section=section,
            body=render_markdown(section.body),
            # Answers to questionnaires are never quoted in public, one by one.
            quotes=[
                published[ref]
                for ref in section.quotes
                if ref in published and published[ref].public
            ],
        )
        analysis = section.analysis
        if section.figure and analysis is not None:
            item.method = _method(analysis, section.figure)
            if section.figure == "themes":
                _themes_figure(item, analysis)
            elif section.figure == "duplicates":
                _duplicates_figure(item, analysis, published)
            elif section.figure == "opinion_groups":
                tables = opinion_tables(analysis, published)
                item.chart = tables["map"]
                item.table_caption = _("Groupes d'opinion")
                item.table_headings = [_("Groupe"), _("Participants")]
                item.table = [[group["letter"], group["size"]] for group in tables["groups"]]
                item.notes = [tables["firmness"]]
                item.__dict__["opinion"] = tables
        rendered.append(item)
    return rendered


def of_answers(analysis: Analysis) -> bool:
    """An analysis of a questionnaire question's answers: public outputs only count, never < 5."""
    return bool(analysis.filters.get("question"))


def shown_count(analysis: Analysis, count: int) -> int | str:
    if of_answers(analysis) and count < SMALL_GROUP:
        return f"< {SMALL_GROUP}"
    return count


def _themes_figure(item: RenderedSection, analysis: Analysis) -> None:
    themes = list(analysis.themes.order_by("-size", "number"))
    rows = [
        (theme.name, theme.size)
        for theme in themes
        if not of_answers(analysis) or theme.size >= SMALL_GROUP
    ]
    item.chart = charts.themes_bar_chart(rows, _("Nombre de contributions par thème"))
    item.table_caption = _("Contributions par thème")
    item.table_headings = [_("Thème"), _("Contributions"), _("Validé")]
    item.table = [
        [
            theme.name,
            shown_count(analysis, theme.size),
            _("oui") if theme.is_validated else _("non"),
        ]
        for theme in themes
    ]
    if of_answers(analysis):
        item.notes.append(
            _(
                "Réponses libres à une question d'un questionnaire : elles ne sont jamais "
                "publiées une à une, et un thème de moins de %(n)s réponses n'est pas chiffré."
            )
            % {"n": SMALL_GROUP}
        )
    _campaign_note(item, analysis)


def _campaign_note(item: RenderedSection, analysis: Analysis) -> None:
    campaigns = list(analysis.duplicates.filter(is_campaign=True))
    if campaigns:
        copies = sum(group.size for group in campaigns)
        item.notes.append(
            ngettext(
                "%(copies)s contributions viennent d'une campagne (un même texte déposé "
                "plusieurs fois) : elle est comptée comme une voix répétée %(copies)s fois.",
                "%(copies)s contributions viennent de %(count)s campagnes (un même texte "
                "déposé plusieurs fois) : chacune est comptée comme une voix répétée.",
                len(campaigns),
            )
            % {"copies": copies, "count": len(campaigns)}
        )


def _duplicates_figure(item: RenderedSection, analysis: Analysis, published: dict) -> None:
    groups = list(analysis.duplicates.all()[:20])
    texts = texts_by_ref(analysis.process, {group.representative for group in groups})
    item.table_caption = _("Textes déposés plusieurs fois, presque à l'identique")
    item.table_headings = [_("Texte"), _("Exemplaires"), _("Campagne")]
    item.table = [
        [
            texts[group.representative].text[:200]
            if group.representative in texts and texts[group.representative].public
            else "—",
            shown_count(analysis, group.size),
            _("oui") if group.is_campaign else _("non"),
        ]
        for group in groups
    ]
    _campaign_note(item, analysis)
