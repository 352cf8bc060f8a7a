"""Questionnaires as inventories (parlons.processes.inventories): their questions and sent
answers in words, read by the library of initiatives without importing this app."""

from collections.abc import Iterator

from parlons.processes.inventories import (
    InventoryAnswer,
    InventoryProvider,
    InventoryQuestion,
    InventorySource,
)
from parlons.questionnaires.answering import display
from parlons.questionnaires.models import Answer, Question, Questionnaire, QuestionVersion
from parlons.questionnaires.queries import questions_of

PREFIX = "questionnaire"
CHUNK = 2000


def _number(key: str) -> int | None:
    prefix, _dash, number = key.rpartition("-")
    return int(number) if prefix == PREFIX and number.isdigit() else None


def sources(territory) -> list[InventorySource]:
    found = Questionnaire.objects.filter(process__territory=territory).select_related("process")
    return [
        InventorySource(
            key=f"{PREFIX}-{questionnaire.pk}",
            title=questionnaire.title,
            detail=questionnaire.process.title,
            answers=questionnaire.response_count,
        )
        for questionnaire in found.order_by("-created_at", "-pk")
    ]


def questions(key: str) -> list[InventoryQuestion]:
    questionnaire = Questionnaire.objects.filter(pk=_number(key)).first()
    if questionnaire is None:
        return []
    # A joined file is never copied into an initiative (it stays with the team).
    return [
        InventoryQuestion(key=str(question.pk), label=f"Q{number}. {question.wording}")
        for number, question in enumerate(questions_of(questionnaire), start=1)
        if question.kind != Question.Kind.FILE
    ]


def answers(key: str) -> Iterator[InventoryAnswer]:
    questionnaire = Questionnaire.objects.filter(pk=_number(key)).first()
    if questionnaire is None:
        return
    by_id = {question.pk: question for question in questions_of(questionnaire)}
    versions = {
        version.pk: version
        for version in QuestionVersion.objects.filter(question__questionnaire=questionnaire)
    }
    rows = (
        Answer.objects.filter(
            response__questionnaire=questionnaire, response__submitted_at__isnull=False
        )
        .order_by("response_id", "pk")
        .values_list("response_id", "question_id", "version_id", "value", "text")
        .iterator(chunk_size=CHUNK)
    )
    current: int | None = None
    values: dict[str, str] = {}
    for response_id, question_id, version_id, value, text in rows:
        if by_id[question_id].kind == Question.Kind.FILE:
            continue
        if response_id != current:
            if current is not None:
                yield InventoryAnswer(f"questionnaires.response:{current}", values)
            current, values = response_id, {}
        values[str(question_id)] = display(by_id[question_id], versions[version_id], value, text)
    if current is not None:
        yield InventoryAnswer(f"questionnaires.response:{current}", values)


INVENTORY = InventoryProvider(PREFIX, sources=sources, questions=questions, answers=answers)
