"""What each person may read of the questionnaires, and the results read from the tallies.

Results come from the running counts (`Tally`), in three queries whatever
the number of answers. In public results (and every export of results) a
count under SMALL_GROUP shows as "< 5", and nothing lets it be recomputed:
the question's total and its percentages are left out, and the number of
responses is rounded (docs/decisions/0020).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from parlons.core.models import AuditEntry
from parlons.processes.models import Process

from .answering import NO, YES
from .models import OTHER, Answer, Question, Questionnaire, QuestionVersion, Response, Tally

SMALL_GROUP = 5
Kind = Question.Kind


def questionnaires_of(process: Process) -> QuerySet:
    return Questionnaire.objects.filter(process=process).order_by("created_at", "pk")


def published_results_of(process: Process) -> QuerySet:
    return questionnaires_of(process).filter(results_published_at__isnull=False)


def questions_of(questionnaire: Questionnaire) -> list[Question]:
    return list(
        Question.objects.filter(questionnaire=questionnaire)
        .select_related("current_version", "section", "condition_question__current_version")
        .order_by("section__position", "section_id", "position", "pk")
    )


@dataclass
class Cell:
    label: str
    count: int
    masked: bool = False
    percent: float | None = None
    bar: float = 0.0  # 0..100, the bar's length relative to the longest


@dataclass
class QuestionResult:
    number: int
    question: Question
    answered: int | None
    cells: list[Cell] = field(default_factory=list)
    masked: bool = False
    # A matrix: one list of cells per row.
    matrix: list[tuple[str, list[Cell]]] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)

    @property
    def chart_height(self) -> int:
        return 44 * len(self.cells) + 4


def _labels(questions: list[Question]) -> dict[int, dict[str, str]]:
    """Each question's option labels by key, older versions first so the current words win."""
    labels: dict[int, dict[str, str]] = defaultdict(dict)
    for version in QuestionVersion.objects.filter(
        question__in=[question.pk for question in questions]
    ).order_by("number"):
        for option in [*version.choices, *version.rows]:
            labels[version.question_id][option["key"]] = option["label"]
    return labels


def _cells(
    keys: list[tuple[str, str]], counts: dict[str, int], answered: int, public: bool
) -> tuple[list[Cell], bool]:
    cells = [Cell(label, counts.get(key, 0)) for key, label in keys]
    masked = public and any(cell.count < SMALL_GROUP for cell in cells)
    top = max([cell.count for cell in cells] + [1])
    for cell in cells:
        if public and cell.count < SMALL_GROUP:
            cell.masked = True
            continue
        cell.bar = round(100 * cell.count / top, 1)
        if not masked and answered:
            cell.percent = round(100 * cell.count / answered, 1)
    return cells, masked


def _option_keys(question: Question, labels: dict[str, str], counts: dict[str, int]) -> list:
    """Current options in order, then options of earlier versions that still have answers."""
    version = question.current_version
    keys = [(option["key"], option["label"]) for option in version.choices]
    if question.kind == Kind.YES_NO:
        keys = [(YES, _("oui")), (NO, _("non"))]
    elif question.kind == Kind.SCALE:
        top = question.scale_max or 5
        keys = []
        for value in range(1, top + 1):
            label = str(value)
            if value == 1 and version.low_label:
                label = f"1 ({version.low_label})"
            elif value == top and version.high_label:
                label = f"{top} ({version.high_label})"
            keys.append((str(value), label))
    elif question.kind == Kind.POSTCODE:
        keys = [(key, key) for key in sorted(counts) if key]
    current = {key for key, _label in keys}
    if question.allow_other:
        keys.append((OTHER, _("Autre")))
        current.add(OTHER)
    for key in counts:
        if key and key not in current and "@" not in key and "|" not in key:
            keys.append((key, labels.get(key, key)))
    return keys


def results(questionnaire: Questionnaire, *, public: bool) -> list[QuestionResult]:
    """Counts per option of every question, masked for small groups when `public`."""
    questions = questions_of(questionnaire)
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for question_id, key, count in Tally.objects.filter(
        question__questionnaire=questionnaire
    ).values_list("question_id", "key", "count"):
        counts[question_id][key] = count
    labels = _labels(questions)
    found = []
    for number, question in enumerate(questions, start=1):
        mine = counts[question.pk]
        answered = mine.get("", 0)
        result = QuestionResult(number=number, question=question, answered=answered)
        if question.kind == Kind.MATRIX:
            version = question.current_version
            result.columns = [option["label"] for option in version.choices]
            for row in version.rows:
                keys = [(f"{row['key']}|{c['key']}", c["label"]) for c in version.choices]
                cells, masked = _cells(keys, mine, answered, public)
                result.masked = result.masked or masked
                result.matrix.append((row["label"], cells))
        elif question.kind == Kind.RANKING:
            # Ranked first: the clearest figure of a ranking.
            keys = [
                (f"{option['key']}@1", option["label"])
                for option in question.current_version.choices
            ]
            result.cells, result.masked = _cells(keys, mine, answered, public)
        elif question.kind not in {*Question.TEXT_KINDS, Kind.NUMBER, Kind.DATE, Kind.FILE}:
            keys = _option_keys(question, labels[question.pk], mine)
            result.cells, result.masked = _cells(keys, mine, answered, public)
        elif public and answered < SMALL_GROUP:
            result.masked = True
        if result.masked:
            result.answered = None
        found.append(result)
    return found


def public_response_count(questionnaire: Questionnaire, found: list[QuestionResult]) -> dict:
    """The number of responses as public results show it: rounded down when a cell is masked."""
    count = questionnaire.response_count
    if count < 10:
        return {"count": 10, "rounded": False, "fewer": True}
    if any(result.masked for result in found):
        return {"count": count - count % 10, "rounded": True, "fewer": False}
    return {"count": count, "rounded": False, "fewer": False}


def cross_tabulation(first: Question, second: Question) -> dict[str, Any]:
    """Submitted responses counted by the pair of answers to two single-answer questions (staff)."""
    pairs: dict[int, dict[int, Any]] = defaultdict(dict)
    for response_id, question_id, value in Answer.objects.filter(
        question__in=[first, second], response__submitted_at__isnull=False
    ).values_list("response_id", "question_id", "value"):
        pairs[response_id][question_id] = value
    labels = _labels([first, second])

    def keys(question: Question) -> list[tuple[str, str]]:
        return _option_keys(question, labels[question.pk], {})

    rows, columns = keys(first), keys(second)
    table = {(r, c): 0 for r, _l in rows for c, _m in columns}
    for answers in pairs.values():
        pair = (str(answers.get(first.pk)), str(answers.get(second.pk)))
        if pair in table:
            table[pair] += 1
    return {
        "columns": [label for _key, label in columns],
        "rows": [(label, [table[(key, column)] for column, _m in columns]) for key, label in rows],
    }


CROSSABLE = {Kind.SINGLE, Kind.YES_NO, Kind.SCALE, Kind.COMMUNE}


def free_text_answers(
    questionnaire: Questionnaire,
    *,
    question: Question | None = None,
    contains: str = "",
    source: str = "",
) -> QuerySet:
    """Free texts (text answers and "Autre, précisez") of sent responses, newest first (staff)."""
    answers = (
        Answer.objects.filter(
            response__questionnaire=questionnaire, response__submitted_at__isnull=False
        )
        .exclude(text="")
        .select_related("version", "response__occasion")
        .order_by("-response__submitted_at", "-pk")
    )
    if question is not None:
        answers = answers.filter(question=question)
    if contains:
        answers = answers.filter(text__icontains=contains)
    if source:
        answers = answers.filter(response__source=source)
    return answers


def submitted_responses(questionnaire: Questionnaire) -> QuerySet:
    return Response.objects.filter(questionnaire=questionnaire, submitted_at__isnull=False)


def correctable_responses(questionnaire: Questionnaire, *, all_sources: bool) -> QuerySet:
    """Sent responses, newest first: all of them for organisers, paper and counter ones else."""
    found = (
        submitted_responses(questionnaire)
        .select_related("occasion", "entered_by")
        .order_by("-submitted_at", "-pk")
    )
    if not all_sources:
        found = found.exclude(source=Response.Source.ONLINE)
    return found


def corrections_of(response: Response) -> list[AuditEntry]:
    """The team's corrections of a response, newest first (who, when, before, after, why)."""
    return list(
        AuditEntry.objects.filter(
            action="questionnaires.correct_answer",
            target_type="questionnaires.response",
            target_id=str(response.pk),
        )
        .select_related("actor")
        .order_by("-created_at", "-pk")
    )
