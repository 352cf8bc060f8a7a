"""Every write of the synthesis workbench: analyses, decisions on themes, the report.

Analyses run in the task queue (`tasks.run_analysis_task`). The result is
written in one transaction at the very end: a task killed midway leaves the
analysis "en cours" with nothing stored, and the worker (or a new start)
runs it again from the beginning.
"""

import hashlib
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from parlons.accounts.models import User
from parlons.accounts.notifications import notify
from parlons.core import audit
from parlons.core.public_url import absolute_url
from parlons.processes.analysis import (
    TextFilters,
    collect_contributors,
    collect_reactions,
    collect_texts,
)
from parlons.processes.models import Process
from parlons.synthesis.engine.opinion_groups import (
    OpinionGroupParameters,
    OpinionGroupState,
    find_opinion_groups,
)
from parlons.synthesis.engine.provenance import InputHasher
from parlons.synthesis.engine.text import default_lexicon
from parlons.synthesis.engine.theme_matching import PreviousTheme, apply_matching
from parlons.synthesis.engine.theme_split import split_as, split_in_two
from parlons.synthesis.engine.themes import ThemeParameters, find_themes
from parlons.synthesis.models import (
    LABEL_MAX_LENGTH,
    AnalysedText,
    Analysis,
    AnalysisTheme,
    DuplicateGroup,
    Report,
    ReportSection,
    SearchEntry,
)
from parlons.synthesis.queries import SPREADS, search_terms, theme_spreads
from parlons.synthesis.rules import can_analyse, can_write_synthesis

Kind = Analysis.Kind


# ---------------------------------------------------------------- analyses


def _parameters(kind: str, n_themes: int | None, embeddings: str) -> dict:
    if kind != Kind.THEMES:
        return {}
    parameters: dict = {"n_themes": n_themes} if n_themes else {}
    if embeddings == "off":
        parameters["sentence_embeddings"] = "off"
    return parameters


def input_fingerprint(process: Process, kind: str, filters: TextFilters) -> tuple[str, int]:
    """The hash of exactly what the analysis reads, streamed."""
    hasher = InputHasher()
    if kind == Kind.THEMES:
        for item in collect_texts(process, filters):
            hasher.update(item.ref, item.text)
    else:
        hasher.update_many((r.participant, r.ref, r.vote) for r in collect_reactions(process))
    return hasher.hexdigest(), hasher.count


def _run_key(process: Process, kind: str, filters: dict, parameters: dict, input_hash: str) -> str:
    payload = json.dumps(
        [process.pk, kind, filters, parameters, input_hash], sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def start_analysis(
    *,
    actor,
    process: Process,
    kind: str,
    filters: TextFilters | None = None,
    n_themes: int | None = None,
    embeddings: str = "auto",
) -> tuple[Analysis, bool]:
    """Start an analysis, or return the one already done or running on the same input.

    Returns (analysis, started): `started` is False when a stored result or a
    run in progress was reused.
    """
    can_analyse.require(actor, process)
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choisissez une méthode d'analyse.")})
    filters = filters or TextFilters()
    if kind == Kind.OPINION_GROUPS and filters.as_dict():
        raise ValidationError(
            _("Les groupes d'opinion portent sur toute la démarche : retirez les filtres.")
        )
    parameters = _parameters(kind, n_themes, embeddings)
    input_hash, input_size = input_fingerprint(process, kind, filters)
    if input_size == 0:
        raise ValidationError(
            _("Rien à analyser : aucune contribution publiée ne correspond à ce choix.")
            if kind == Kind.THEMES
            else _("Rien à analyser : aucune réaction (d'accord, pas d'accord, sans avis).")
        )
    run_key = _run_key(process, kind, filters.as_dict(), parameters, input_hash)
    reusable = Analysis.objects.filter(
        process=process, run_key=run_key, status__in=[*Analysis.ACTIVE, Analysis.Status.DONE]
    ).first()
    if reusable is not None:
        return reusable, False
    try:
        with transaction.atomic():
            analysis = Analysis.objects.create(
                process=process,
                kind=kind,
                filters=filters.as_dict(),
                parameters=parameters,
                input_hash=input_hash,
                input_size=input_size,
                run_key=run_key,
                started_by=actor,
            )
            audit.record(actor, "synthesis.start_analysis", analysis, kind=kind)
            transaction.on_commit(lambda: _enqueue(analysis.pk))
    except IntegrityError:
        # Someone started the same analysis a moment ago: theirs is the run.
        return Analysis.objects.get(run_key=run_key, status__in=Analysis.ACTIVE), False
    return analysis, True


def _enqueue(analysis_id: int) -> None:
    from parlons.synthesis.tasks import run_analysis_task

    run_analysis_task.enqueue(analysis_id=analysis_id)


def _progress(analysis_id: int, percent: int, label: str) -> None:
    Analysis.objects.filter(pk=analysis_id).update(progress=percent, progress_label=label[:200])


def run_analysis(analysis_id: int) -> str:
    """Compute an analysis and store its result in one transaction; safe to run twice."""
    claimed = Analysis.objects.filter(pk=analysis_id, status__in=Analysis.ACTIVE).update(
        status=Analysis.Status.RUNNING, started_at=timezone.now(), progress=1, error=""
    )
    if not claimed:
        return "nothing to do"
    analysis = Analysis.objects.select_related("process").get(pk=analysis_id)
    try:
        if analysis.kind == Kind.THEMES:
            _run_themes(analysis)
        else:
            _run_opinion_groups(analysis)
    except Exception as error:  # a failed analysis says why; staff may start it again
        Analysis.objects.filter(pk=analysis_id).update(
            status=Analysis.Status.FAILED, finished_at=timezone.now(), error=str(error)[:2000]
        )
        return "failed"
    return "done"


def _previous_validated_themes(analysis: Analysis) -> dict[int, AnalysisTheme]:
    """Validated themes of the latest finished themes analysis of the same texts."""
    finished = (
        Analysis.objects.filter(
            process=analysis.process, kind=Kind.THEMES, status=Analysis.Status.DONE
        )
        .exclude(pk=analysis.pk)
        .order_by("-finished_at", "-pk")
    )
    latest = next((a for a in finished.iterator() if a.filters == analysis.filters), None)
    if latest is None:
        return {}
    themes = latest.themes.filter(validated_at__isnull=False).select_related("validated_by")
    return {theme.number: theme for theme in themes}


def _indexed_terms(process: Process) -> dict[str, tuple[str, str]]:
    """{ref: (text, terms)} of the démarche's search index, read in chunks."""
    rows = SearchEntry.objects.filter(process=process).values_list("ref", "text", "terms")
    return {ref: (text, terms) for ref, text, terms in rows.iterator(chunk_size=5000)}


def _run_themes(analysis: Analysis) -> None:
    filters = TextFilters.from_dict(analysis.filters)
    facts: dict[str, tuple[str, str, str, str, str]] = {}
    hasher = InputHasher()
    lexicon = default_lexicon()
    indexed = _indexed_terms(analysis.process)

    def records():
        for item in collect_texts(analysis.process, filters):
            hasher.update(item.ref, item.text)
            known = indexed.pop(item.ref, None)
            # The search index holds the same lemmas of the same text (queries.search_terms):
            # read, not computed again, unless the text changed since it was indexed.
            terms = (
                known[1] if known and known[0] == item.text else search_terms(item.text, lexicon)
            )
            facts[item.ref] = (item.commune, item.place, item.way, item.url, terms)
            yield item.ref, item.text

    _progress(analysis.pk, 10, _("lecture des contributions"))
    parameters = ThemeParameters(
        n_themes=analysis.parameters.get("n_themes"),
        sentence_embeddings=analysis.parameters.get("sentence_embeddings", "auto"),
    )
    result = find_themes(
        records(), parameters, progress=lambda label: _progress(analysis.pk, 50, label)
    )
    _progress(analysis.pk, 80, _("rapprochement avec les thèmes validés"))
    validated = _previous_validated_themes(analysis)
    previous = [
        PreviousTheme(
            id=number,
            keywords=tuple(theme.keywords),
            members=frozenset(theme.texts.values_list("ref", flat=True)),
        )
        for number, theme in validated.items()
    ]
    matching = apply_matching(result, previous) if previous else None
    new_ids = set(matching.new_theme_ids) if matching else set()
    _progress(analysis.pk, 90, _("enregistrement du résultat"))
    with transaction.atomic():
        themes = {}
        for theme in result.themes:
            kept = validated.get(theme.id)
            themes[theme.id] = AnalysisTheme.objects.create(
                analysis=analysis,
                number=theme.id,
                label=kept.label if kept else "",
                keywords=list(theme.keywords),
                representatives=[str(ref) for ref in theme.representatives],
                size=theme.size,
                is_new=theme.id in new_ids,
                validated_by=kept.validated_by if kept else None,
                validated_at=kept.validated_at if kept else None,
            )
        groups = {}
        group_of_ref = {}
        for number, group in enumerate(result.duplicates, start=1):
            members = [str(member) for member in group.members]
            groups[number] = DuplicateGroup.objects.create(
                analysis=analysis, number=number, size=len(members), representative=members[0]
            )
            for member in members:
                group_of_ref[member] = groups[number]
        theme_of_ref = {
            str(member): themes[theme.id] for theme in result.themes for member in theme.members
        }
        AnalysedText.objects.bulk_create(
            (
                AnalysedText(
                    analysis=analysis,
                    ref=ref,
                    theme=theme_of_ref.get(ref),
                    duplicate_group=group_of_ref.get(ref),
                    commune=commune,
                    place=place,
                    way=way,
                    url=url,
                    terms=terms,
                )
                for ref, (commune, place, way, url, terms) in facts.items()
            ),
            batch_size=2000,
        )
        provenance = result.provenance.as_dict()
        # What the themes page shows, counted once here rather than on every view.
        spread = _spreads(analysis, [theme.pk for theme in themes.values()])
        communes = sorted({commune for commune, *_rest in facts.values() if commune})
        Analysis.objects.filter(pk=analysis.pk).update(
            status=Analysis.Status.DONE,
            finished_at=timezone.now(),
            progress=100,
            progress_label="",
            input_hash=hasher.hexdigest(),
            input_size=hasher.count,
            result={
                "provenance": provenance,
                "matching": result.matching,
                "spread": spread,
                "communes": communes,
            },
        )


def _spreads(analysis: Analysis, theme_ids: list[int]) -> dict[str, dict[str, list]]:
    """The stored spreads of `theme_ids` (every one, empty ones too), keyed by theme id."""
    counted = theme_spreads(analysis, theme_ids)
    empty: dict[str, list] = {field: [] for field in SPREADS}
    return {str(pk): counted.get(pk, empty) for pk in theme_ids}


def _refresh_spreads(analysis_id: int, changed: list[int], gone: tuple[int, ...] = ()) -> None:
    """After staff moved texts between themes: count the spreads of those themes again."""
    analysis = Analysis.objects.select_for_update().get(pk=analysis_id)
    result = dict(analysis.result or {})
    if "spread" not in result:
        return  # stored before spreads were: the page counts them
    spread = dict(result["spread"])
    for pk in gone:
        spread.pop(str(pk), None)
    spread.update(_spreads(analysis, changed))
    result["spread"] = spread
    Analysis.objects.filter(pk=analysis_id).update(result=result)


# The map keeps one scale from run to run: the largest extent seen so far, rounded up.
MAP_STEPS = (0.5, 1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 50)


def _map_extent(positions, previous_extent: float) -> float:
    furthest = float(abs(positions).max()) if positions.size else 0.0
    wanted = max(furthest, previous_extent)
    return next((step for step in MAP_STEPS if step >= wanted), wanted)


def _run_opinion_groups(analysis: Analysis) -> None:
    hasher = InputHasher()
    _progress(analysis.pk, 10, _("lecture des réactions"))
    records = [(r.participant, r.ref, r.vote) for r in collect_reactions(analysis.process)]
    hasher.update_many(records)
    latest = (
        Analysis.objects.filter(
            process=analysis.process, kind=Kind.OPINION_GROUPS, status=Analysis.Status.DONE
        )
        .exclude(pk=analysis.pk)
        .order_by("-finished_at", "-pk")
        .first()
    )
    previous = OpinionGroupState.from_dict(latest.result["state"]) if latest else None
    previous_extent = float(latest.result.get("extent", 0)) if latest else 0.0
    _progress(analysis.pk, 40, _("calcul des groupes et de leur solidité"))
    result = find_opinion_groups(
        records, previous=previous, parameters=OpinionGroupParameters(stability_runs=20)
    )
    placed = result.placed
    positions = result.positions[placed]
    extent = _map_extent(positions, previous_extent)
    points = [
        [round(float(x), 3), round(float(y), 3), int(group)]
        for (x, y), group in zip(positions, result.group_of_voter[placed], strict=True)
    ]
    stored = result.as_dict()
    stored.pop("groups")  # who is in which group: never kept, never shown
    stored.pop("group_informed_consensus")
    stored["points"] = points
    stored["extent"] = extent
    stored["state"] = result.state.as_dict()
    with transaction.atomic():
        Analysis.objects.filter(pk=analysis.pk).update(
            status=Analysis.Status.DONE,
            finished_at=timezone.now(),
            progress=100,
            progress_label="",
            input_hash=hasher.hexdigest(),
            input_size=hasher.count,
            result=stored,
        )


# ---------------------------------------------------------------- decisions on themes


def _theme(analysis_theme: AnalysisTheme) -> Process:
    return analysis_theme.analysis.process


def rename_theme(*, actor, theme: AnalysisTheme, label: str) -> AnalysisTheme:
    can_analyse.require(actor, _theme(theme))
    label = " ".join((label or "").split())
    if not label:
        raise ValidationError({"label": _("Donnez un nom au thème.")})
    if len(label) > LABEL_MAX_LENGTH:
        raise ValidationError(
            {"label": _("Le nom tient en %(max)s caractères.") % {"max": LABEL_MAX_LENGTH}}
        )
    with transaction.atomic():
        old = theme.label
        theme.label = label
        theme.save(update_fields=["label"])
        audit.record(actor, "synthesis.rename_theme", theme, before=old, after=label)
    return theme


def validate_theme(*, actor, theme: AnalysisTheme) -> AnalysisTheme:
    can_analyse.require(actor, _theme(theme))
    if not theme.label:
        raise ValidationError(_("Nommez le thème avant de le valider."))
    with transaction.atomic():
        theme.validated_by = actor
        theme.validated_at = timezone.now()
        theme.save(update_fields=["validated_by", "validated_at"])
        audit.record(actor, "synthesis.validate_theme", theme, label=theme.label)
    return theme


def merge_themes(*, actor, theme: AnalysisTheme, into: AnalysisTheme) -> AnalysisTheme:
    """Every text of `theme` goes to `into`; `theme` disappears."""
    can_analyse.require(actor, _theme(theme))
    if into.analysis_id != theme.analysis_id or into.pk == theme.pk:
        raise ValidationError({"into": _("Choisissez un autre thème de la même analyse.")})
    with transaction.atomic():
        AnalysedText.objects.filter(theme=theme).update(theme=into)
        into.size = F("size") + theme.size
        into.keywords = list(dict.fromkeys([*into.keywords, *theme.keywords]))[:15]
        into.representatives = [*into.representatives, *theme.representatives][:8]
        into.save(update_fields=["size", "keywords", "representatives"])
        audit.record(actor, "synthesis.merge_themes", into, merged=theme.name, into=into.name)
        gone = theme.pk
        theme.delete()
        _refresh_spreads(into.analysis_id, [into.pk], (gone,))
    into.refresh_from_db()
    return into


def split_theme(*, actor, theme: AnalysisTheme, members: list[int] | None = None) -> AnalysisTheme:
    """Cut a theme in two; returns the new theme.

    `members`: ids of the theme's analysed texts that leave for the new theme
    (staff chose them); none given, the engine cuts the theme by its telling
    words (engine/theme_split.py). Both parts get their own telling words and
    typical texts; a validated theme is validated no more (its content
    changed: staff name and validate each part). A re-run keeps the parts that
    staff validate, like any validated theme (matched on their members).
    """
    can_analyse.require(actor, _theme(theme))
    rows = list(theme.texts.order_by("pk").values_list("pk", "ref", "terms"))
    texts = [frozenset(terms.split()) for _pk, _ref, terms in rows]
    if members is not None:
        wanted = set(members)
        second = {index for index, (pk, _ref, _terms) in enumerate(rows) if pk in wanted}
        if len(second) != len(wanted):
            raise ValidationError({"members": _("Choisissez des contributions de ce thème.")})
        if not second or len(second) == len(rows):
            raise ValidationError(
                {"members": _("Choisissez au moins une contribution, sans prendre tout le thème.")}
            )
        split = split_as(texts, second)
    else:
        found = split_in_two(texts, theme.keywords)
        if found is None:
            raise ValidationError(
                _("Ce thème ne se coupe pas en deux : ses contributions disent la même chose.")
            )
        split = found
    leaving = [rows[index][0] for index in split.second]
    with transaction.atomic():
        number = (theme.analysis.themes.aggregate(top=Max("number"))["top"] or 0) + 1
        new = AnalysisTheme.objects.create(
            analysis=theme.analysis,
            number=number,
            keywords=list(split.second_keywords),
            representatives=[rows[index][1] for index in split.second_representatives],
            size=len(leaving),
        )
        AnalysedText.objects.filter(pk__in=leaving).update(theme=new)
        was_validated = theme.is_validated
        theme.size = len(rows) - len(leaving)
        theme.keywords = list(split.first_keywords)
        theme.representatives = [rows[index][1] for index in split.first_representatives]
        theme.validated_at = None
        theme.validated_by = None
        theme.save(
            update_fields=["size", "keywords", "representatives", "validated_at", "validated_by"]
        )
        audit.record(
            actor,
            "synthesis.split_theme",
            theme.analysis,
            theme=theme.name,
            new_theme=new.number,
            moved=len(leaving),
            chosen_by="staff" if members is not None else "engine",
            was_validated=was_validated,
        )
        _refresh_spreads(theme.analysis_id, [theme.pk, new.pk])
    return new


def move_text(*, actor, text: AnalysedText, to: AnalysisTheme) -> AnalysedText:
    process = text.analysis.process
    can_analyse.require(actor, process)
    if to.analysis_id != text.analysis_id:
        raise ValidationError({"to": _("Choisissez un thème de la même analyse.")})
    if text.theme_id == to.pk:
        return text
    with transaction.atomic():
        previous = text.theme_id
        if text.theme_id:
            AnalysisTheme.objects.filter(pk=text.theme_id).update(size=F("size") - 1)
        AnalysisTheme.objects.filter(pk=to.pk).update(size=F("size") + 1)
        text.theme = to
        text.save(update_fields=["theme"])
        audit.record(actor, "synthesis.move_text", text.analysis, ref=text.ref, to=to.name)
        _refresh_spreads(text.analysis_id, [pk for pk in (previous, to.pk) if pk])
    return text


def mark_campaign(*, actor, group: DuplicateGroup, is_campaign: bool) -> DuplicateGroup:
    can_analyse.require(actor, group.analysis.process)
    with transaction.atomic():
        group.is_campaign = is_campaign
        group.marked_by = actor
        group.save(update_fields=["is_campaign", "marked_by"])
        audit.record(
            actor,
            "synthesis.mark_campaign",
            group.analysis,
            group=group.number,
            campaign=is_campaign,
        )
    return group


# ---------------------------------------------------------------- the report


def report_for(*, actor, process: Process) -> Report:
    """The démarche's synthesis, created as a draft the first time staff open it."""
    can_write_synthesis.require(actor, process)
    report = Report.objects.filter(process=process).first()
    if report is not None:
        return report
    with transaction.atomic():
        report = Report.objects.create(
            process=process, title=_("Synthèse : %(title)s") % {"title": process.title}
        )
        audit.record(actor, "synthesis.create_report", report)
    return report


def update_report(*, actor, report: Report, fields: dict[str, Any]) -> Report:
    can_write_synthesis.require(actor, report.process)
    if not (fields.get("title") or "").strip():
        raise ValidationError({"title": _("Donnez un titre à la synthèse.")})
    with transaction.atomic():
        audit.save_changes(actor, report, fields, Report.EDITABLE_FIELDS, "synthesis.update_report")
    return report


def _check_section(report: Report, fields: dict[str, Any]) -> None:
    if not (fields.get("title") or "").strip():
        raise ValidationError({"title": _("Donnez un titre à la partie.")})
    analysis = fields.get("analysis")
    figure = fields.get("figure") or ""
    if figure and analysis is None:
        raise ValidationError({"analysis": _("Choisissez l'analyse dont la figure est tirée.")})
    if analysis is not None:
        if analysis.process_id != report.process_id or analysis.status != Analysis.Status.DONE:
            raise ValidationError(
                {"analysis": _("Choisissez une analyse terminée de la démarche.")}
            )
        wanted = Kind.OPINION_GROUPS if figure == "opinion_groups" else Kind.THEMES
        if figure and analysis.kind != wanted:
            raise ValidationError(
                {
                    "analysis": _("Cette figure se tire d'une analyse « %(kind)s ».")
                    % {"kind": Kind(wanted).label}
                }
            )
    quotes = fields.get("quotes") or []
    if quotes:
        # Only texts published one by one may be quoted (never a questionnaire answer).
        found = {
            item.ref
            for item in collect_texts(report.process, TextFilters(refs=frozenset(quotes)))
            if item.public
        }
        missing = [ref for ref in quotes if ref not in found]
        if missing:
            raise ValidationError(
                {
                    "quotes": _("Contribution introuvable ou non publiée : %(refs)s")
                    % {"refs": ", ".join(missing)}
                }
            )


def add_section(*, actor, report: Report, fields: dict[str, Any]) -> ReportSection:
    can_write_synthesis.require(actor, report.process)
    _check_section(report, fields)
    with transaction.atomic():
        last = report.sections.order_by("-position").first()
        section = ReportSection.objects.create(
            report=report,
            position=(last.position + 1) if last else 1,
            title=fields["title"].strip(),
            body=fields.get("body") or "",
            figure=fields.get("figure") or "",
            analysis=fields.get("analysis"),
            quotes=list(fields.get("quotes") or []),
        )
        audit.record(actor, "synthesis.add_section", report, section=section.title)
    return section


def update_section(*, actor, section: ReportSection, fields: dict[str, Any]) -> ReportSection:
    can_write_synthesis.require(actor, section.report.process)
    _check_section(section.report, fields)
    with transaction.atomic():
        audit.save_changes(
            actor, section, fields, ReportSection.EDITABLE_FIELDS, "synthesis.update_section"
        )
    return section


def delete_section(*, actor, section: ReportSection) -> None:
    can_write_synthesis.require(actor, section.report.process)
    with transaction.atomic():
        audit.record(actor, "synthesis.delete_section", section.report, section=section.title)
        section.delete()


def publish_report(
    *, actor, report: Report, signed_by: str, tell_contributors: bool = True
) -> Report:
    """A named person validates the synthesis; it becomes public and contributors are told.

    Only the first publication tells them; the demo, whose contributors are
    invented, tells no one (`tell_contributors=False`).
    """
    process = report.process
    can_write_synthesis.require(actor, process)
    signed_by = " ".join((signed_by or "").split())
    if not signed_by:
        raise ValidationError(
            {"signed_by": _("Écrivez le nom et la fonction de la personne qui valide.")}
        )
    if not report.sections.exists():
        raise ValidationError(_("Ajoutez au moins une partie avant de publier."))
    with transaction.atomic():
        first_time = report.published_at is None
        report.status = Report.Status.PUBLISHED
        report.signed_by = signed_by[:200]
        report.published_by = actor
        report.published_at = timezone.now()
        report.save(update_fields=["status", "signed_by", "published_by", "published_at"])
        audit.record(actor, "synthesis.publish_report", report, signed_by=report.signed_by)
        if first_time and tell_contributors:
            _tell_contributors(process)
    return report


def _tell_contributors(process: Process) -> int:
    url = absolute_url(reverse("synthesis:public", kwargs={"slug": process.slug}))
    told = 0
    people = User.objects.filter(pk__in=collect_contributors(process), is_active=True)
    for person in people.iterator():
        told += notify(
            user=person,
            kind="answers",
            subject=_("La synthèse de « %(title)s » est publiée") % {"title": process.title},
            template="synthesis/email/published.txt",
            context={"process": process, "url": url},
        )
    return told


def unpublish_report(*, actor, report: Report) -> Report:
    can_write_synthesis.require(actor, report.process)
    with transaction.atomic():
        report.status = Report.Status.DRAFT
        report.save(update_fields=["status"])
        audit.record(actor, "synthesis.unpublish_report", report)
    return report
