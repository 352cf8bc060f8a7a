"""What the analysis tools read of the questionnaires (parlons.processes.analysis).

Free-text answers (questions "texte court" and "texte long") of responses that
were sent, masked by the scrubber as they are read: they are never published
one by one (privacy.py), so they come as `public=False` — staff analyse and
search them on the workbench; public outputs only count them, never under
SMALL_GROUP. Answers come only when asked for: one question
(`filters.question`), named refs, or `filters.with_answers` (the search
index); an analysis of the whole démarche reads the debate alone, as answers
to different questions do not mix into one set of themes.
"""

from bisect import bisect_right
from collections.abc import Iterator

from django.urls import reverse

from parlons.privacy.publication import public_text
from parlons.processes.analysis import (
    COUNTER,
    ONLINE,
    PAPER,
    AnalysableText,
    TextFilters,
)
from parlons.questionnaires.models import (
    Answer,
    PaperAnswersImport,
    Question,
    Response,
)

REF_PREFIX = "questionnaires.answer:"
WAYS = {
    Response.Source.ONLINE: ONLINE,
    Response.Source.COUNTER: COUNTER,
    Response.Source.PAPER: PAPER,
}


def analysable_answers(process):
    """Free-text answers that may be analysed: text questions, responses sent, text given."""
    return (
        Answer.objects.filter(
            response__questionnaire__process=process,
            response__submitted_at__isnull=False,
            question__kind__in=Question.TEXT_KINDS,
        )
        .exclude(text="")
        .order_by("pk")
    )


def _filtered(process, filters: TextFilters):
    items = analysable_answers(process)
    if filters.question is not None:
        items = items.filter(question_id=filters.question)
    elif filters.refs:
        ids = [
            int(ref.removeprefix(REF_PREFIX)) for ref in filters.refs if ref.startswith(REF_PREFIX)
        ]
        items = items.filter(pk__in=ids)
    elif not filters.with_answers:
        return items.none()
    if filters.refs and filters.question is not None:
        ids = [
            int(ref.removeprefix(REF_PREFIX)) for ref in filters.refs if ref.startswith(REF_PREFIX)
        ]
        items = items.filter(pk__in=ids)
    if filters.commune or filters.theme:  # answers name neither a commune nor a theme
        return items.none()
    if filters.way:
        sources = [source for source, way in WAYS.items() if way == filters.way]
        items = items.filter(response__source__in=sources)
    if filters.phase is not None:
        phase = process.phases.filter(pk=filters.phase).first()
        if phase is None:
            return items.none()
        items = items.filter(
            response__submitted_at__gte=phase.starts_at, response__submitted_at__lt=phase.ends_at
        )
    return items


def analysable_texts(process, filters: TextFilters) -> Iterator[AnalysableText]:
    if filters.refs and not any(ref.startswith(REF_PREFIX) for ref in filters.refs):
        return  # other apps' texts only (the search index after their write): nothing to read
    phases = list(process.phases.order_by("starts_at").values_list("starts_at", "ends_at", "title"))
    starts = [start for start, _end, _title in phases]
    rows = _filtered(process, filters).values_list(
        "pk",
        "text",
        "response__submitted_at",
        "response__occasion__title",
        "response__source",
        "question__questionnaire_id",
        "question_id",
    )
    texts = reverse("questionnaires:free_texts", kwargs={"slug": process.slug, "pk": 0})
    for pk, text, submitted_at, place, source, questionnaire_id, question_id in rows.iterator(
        chunk_size=2000
    ):
        position = bisect_right(starts, submitted_at) - 1
        phase = ""
        if position >= 0 and submitted_at < phases[position][1]:
            phase = phases[position][2]
        yield AnalysableText(
            ref=f"{REF_PREFIX}{pk}",
            text=public_text(text),
            created_at=submitted_at,
            place=place or "",
            phase=phase,
            way=WAYS.get(source, ONLINE),
            url=texts.replace("/0/", f"/{questionnaire_id}/") + f"?question={question_id}",
            public=False,
            question=question_id,
        )


def search_refs(action: str, target) -> tuple | None:
    """The answers an audited write sent, changed or imported (parlons.processes.analysis)."""
    if isinstance(target, Response):
        answers = target.answers.all()
        process = target.questionnaire.process
    elif isinstance(target, PaperAnswersImport):
        answers = Answer.objects.filter(response__paper_import=target)
        process = target.questionnaire.process
    else:
        return None
    return process, [f"{REF_PREFIX}{pk}" for pk in answers.values_list("pk", flat=True)]


def analysable_questions(process) -> list[tuple[int, str]]:
    """(id, "questionnaire · question") of the free-text questions staff may analyse."""
    rows = (
        Question.objects.filter(questionnaire__process=process, kind__in=Question.TEXT_KINDS)
        .select_related("questionnaire")
        .order_by("questionnaire__created_at", "questionnaire_id", "section__position", "position")
    )
    return [
        (question.pk, f"{question.questionnaire.title} · {question.wording}") for question in rows
    ]
