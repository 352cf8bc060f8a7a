"""Every write of the questionnaires: checked by a rule, in one transaction, audited.

Building (questionnaire, parts, versioned questions), answering (section by
section, resumable), entering paper answers (one by one or a CSV file, whole
or not at all), one-time codes, and the running tallies the results read.
"""

import csv
import hashlib
import io
import secrets
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parlons.core import audit
from parlons.core.csv_import import ImportRejected, RowError, decode, delimiter, normalise
from parlons.core.validators import control_character_message, first_control_character
from parlons.privacy.receipts import issue_receipt
from parlons.privacy.rules import can_handle_rights_requests
from parlons.processes.models import Occasion, Process

from . import files as stored_files
from . import printing
from .answering import (
    AnswerError,
    FormData,
    ReadAnswer,
    condition_met,
    display,
    form_data_from_cell,
    matrix_cell_keys,
    read_answer,
    required_message,
    tally_keys,
)
from .consent import CONSENT_TEXT_VERSION
from .models import (
    MAX_OPTIONS,
    OPTION_MAX_LENGTH,
    AccessCode,
    Answer,
    AnswerFile,
    PaperAnswersImport,
    Question,
    Questionnaire,
    QuestionVersion,
    Response,
    Section,
    Tally,
)
from .rules import (
    can_answer,
    can_change_response,
    can_correct_response,
    can_enter_paper_answers,
    can_manage_questionnaires,
)

__all__ = [
    "ImportRejected",
    "add_question",
    "add_section",
    "correct_response",
    "create_questionnaire",
    "delete_question",
    "delete_section",
    "enter_paper_answers",
    "generate_codes",
    "import_paper_answers",
    "move_question",
    "move_section",
    "publish_results",
    "save_section",
    "submit_response",
    "record_download",
    "record_export",
    "start_response",
    "unpublish_results",
    "update_question",
    "update_questionnaire",
    "update_section",
]

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud, typed by hand
CODE_LENGTH = 10
MAX_CODES_AT_ONCE = 2000
MAX_IMPORT_ROWS = 5000


# Building -----------------------------------------------------------------------------


@transaction.atomic
def create_questionnaire(
    *,
    actor,
    process: Process,
    title: str,
    introduction: str = "",
    access: str = "account",
    editable_until_close: bool = True,
) -> Questionnaire:
    can_manage_questionnaires.require(actor, process)
    questionnaire = Questionnaire(
        process=process,
        title=title.strip(),
        introduction=introduction.strip(),
        access=access,
        editable_until_close=editable_until_close,
        created_by=actor,
    )
    questionnaire.full_clean()
    questionnaire.save()
    audit.record(actor, "questionnaires.create", questionnaire, process=process.slug)
    return questionnaire


@transaction.atomic
def update_questionnaire(*, actor, questionnaire: Questionnaire, **fields) -> list[str]:
    can_manage_questionnaires.require(actor, questionnaire.process)
    return audit.save_changes(
        actor, questionnaire, fields, Questionnaire.EDITABLE_FIELDS, "questionnaires.update"
    )


@transaction.atomic
def add_section(
    *, actor, questionnaire: Questionnaire, title: str, description: str = ""
) -> Section:
    can_manage_questionnaires.require(actor, questionnaire.process)
    last = questionnaire.sections.aggregate(last=Max("position"))["last"]
    section = Section(
        questionnaire=questionnaire,
        title=title.strip(),
        description=description.strip(),
        position=0 if last is None else last + 1,
    )
    section.full_clean()
    section.save()
    audit.record(actor, "questionnaires.add_section", section, questionnaire=questionnaire.pk)
    return section


@transaction.atomic
def update_section(*, actor, section: Section, **fields) -> list[str]:
    can_manage_questionnaires.require(actor, section.questionnaire.process)
    return audit.save_changes(
        actor, section, fields, Section.EDITABLE_FIELDS, "questionnaires.update_section"
    )


def _swap(items: list, item, direction: int) -> list:
    index = [other.pk for other in items].index(item.pk)
    target = index + (1 if direction > 0 else -1)
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    return items


@transaction.atomic
def move_section(*, actor, section: Section, direction: int) -> None:
    questionnaire = section.questionnaire
    can_manage_questionnaires.require(actor, questionnaire.process)
    sections = _swap(list(questionnaire.sections.select_for_update()), section, direction)
    # A condition reads an earlier part: refuse an order that would put it after.
    order = {item.pk: position for position, item in enumerate(sections)}
    for question in Question.objects.filter(
        questionnaire=questionnaire, condition_question__isnull=False
    ).select_related("condition_question"):
        if order[question.condition_question.section_id] >= order[question.section_id]:
            raise ValidationError(
                _(
                    "Impossible : la question « %(question)s » dépend d'une réponse de la partie "
                    "« %(section)s », qui doit rester avant elle."
                )
                % {
                    "question": question.wording,
                    "section": question.condition_question.section.title,
                }
            )
    for position, item in enumerate(sections):
        Section.objects.filter(pk=item.pk).update(position=position)
    audit.record(actor, "questionnaires.move_section", section, direction=direction)


@transaction.atomic
def delete_section(*, actor, section: Section) -> None:
    can_manage_questionnaires.require(actor, section.questionnaire.process)
    if section.questions.exists():
        raise ValidationError(
            _("Cette partie contient des questions : déplacez-les ou supprimez-les d'abord.")
        )
    audit.record(actor, "questionnaires.delete_section", section, title=section.title)
    section.delete()


def _lines(text: str, field: str) -> list[str]:
    lines = [" ".join(line.split()) for line in (text or "").splitlines()]
    lines = [line for line in lines if line]
    for line in lines:
        if first_control_character(line) is not None:
            raise ValidationError({field: control_character_message(line)})
        if len(line) > OPTION_MAX_LENGTH:
            raise ValidationError(
                {
                    field: _("Une option fait %(max)s caractères au plus.")
                    % {"max": OPTION_MAX_LENGTH}
                }
            )
    if len(lines) > MAX_OPTIONS:
        raise ValidationError({field: _("%(max)s options au plus.") % {"max": MAX_OPTIONS}})
    if len({normalise(line) for line in lines}) != len(lines):
        raise ValidationError({field: _("Deux options ont le même libellé.")})
    return lines


def _keyed(labels: list[str], earlier: list[dict], prefix: str, used: set[str]) -> list[dict]:
    """Options with stable keys: a label kept keeps its key, a new label gets a new one."""
    by_label = {normalise(option["label"]): option["key"] for option in earlier}
    options = []
    number = 1
    for label in labels:
        key = by_label.get(normalise(label))
        if key is None:
            while f"{prefix}{number}" in used:
                number += 1
            key = f"{prefix}{number}"
            used.add(key)
        options.append({"key": key, "label": label})
    return options


def _commune_choices(questionnaire: Questionnaire) -> list[dict]:
    return [
        {"key": commune.slug, "label": commune.name}
        for commune in questionnaire.process.territory.communes.order_by("name")
    ]


def _wording_fields(question: Question, fields: dict, earlier: QuestionVersion | None) -> dict:
    """The versioned words of a question, from the builder's fields."""
    used: set[str] = set()
    for version in question.versions.all() if question.pk else []:
        used |= {o["key"] for o in version.choices} | {o["key"] for o in version.rows}
    wording: dict[str, Any] = {
        "wording": (fields.get("wording") or "").strip(),
        "help_text": (fields.get("help_text") or "").strip(),
        "low_label": (fields.get("low_label") or "").strip(),
        "high_label": (fields.get("high_label") or "").strip(),
        "choices": [],
        "rows": [],
    }
    if question.kind == Question.Kind.COMMUNE:
        wording["choices"] = _commune_choices(question.questionnaire)
    elif question.kind in Question.WITH_OPTIONS:
        labels = _lines(fields.get("choices_text", ""), "choices_text")
        if len(labels) < 2:
            raise ValidationError(
                {"choices_text": _("Écrivez au moins deux options, une par ligne.")}
            )
        wording["choices"] = _keyed(labels, earlier.choices if earlier else [], "c", used)
    if question.kind == Question.Kind.MATRIX:
        rows = _lines(fields.get("rows_text", ""), "rows_text")
        if not rows:
            raise ValidationError({"rows_text": _("Écrivez les lignes du tableau, une par ligne.")})
        wording["rows"] = _keyed(rows, earlier.rows if earlier else [], "r", used)
    return wording


def _set_settings(question: Question, fields: dict) -> None:
    for name in Question.SETTINGS_FIELDS:
        if name in fields:
            setattr(question, name, fields[name])
    if question.condition_question_id is None:
        question.condition_value = ""


@transaction.atomic
def add_question(*, actor, section: Section, **fields) -> Question:
    questionnaire = section.questionnaire
    can_manage_questionnaires.require(actor, questionnaire.process)
    last = section.questions.aggregate(last=Max("position"))["last"]
    question = Question(
        questionnaire=questionnaire, section=section, position=0 if last is None else last + 1
    )
    _set_settings(question, fields)
    wording = _wording_fields(question, fields, None)
    version = QuestionVersion(question=question, number=1, **wording)
    _validate(question, version)
    question.save()
    version.question = question
    version.save()
    question.current_version = version
    question.save(update_fields=["current_version"])
    audit.record(actor, "questionnaires.add_question", question, questionnaire=questionnaire.pk)
    return question


def _validate(question: Question, version: QuestionVersion) -> None:
    errors: dict[str, list] = {}
    for item, exclude in ((question, ["current_version"]), (version, ["question"])):
        try:
            item.full_clean(exclude=exclude)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def update_question(*, actor, question: Question, **fields) -> Question:
    """Change a question. Its words change in place until someone answered; then a new version.

    Earlier answers keep pointing to the version they answered, so results and
    exports show each person the words they read.
    """
    question = (
        Question.objects.select_for_update(of=("self",))
        .select_related("current_version", "section", "questionnaire__process__territory")
        .get(pk=question.pk)
    )
    can_manage_questionnaires.require(actor, question.questionnaire.process)
    current = question.current_version
    answered = Answer.objects.filter(question=question).exists()
    if answered and "kind" in fields and fields["kind"] != question.kind:
        raise ValidationError(
            {
                "kind": _(
                    "Des personnes ont déjà répondu : le type de question ne peut plus changer. "
                    "Ajoutez plutôt une nouvelle question."
                )
            }
        )
    _set_settings(question, fields)
    wording = _wording_fields(question, fields, current)
    changed = [
        name for name in QuestionVersion.WORDING_FIELDS if getattr(current, name) != wording[name]
    ]
    new_version = bool(changed) and current.answers.exists()
    version = current
    if new_version:
        version = QuestionVersion(question=question, number=current.number + 1, **wording)
    else:
        for name, value in wording.items():
            setattr(version, name, value)
    _validate(question, version)
    version.save()
    question.current_version = version
    question.save()
    audit.record(
        actor,
        "questionnaires.update_question",
        question,
        fields=changed,
        version=version.number,
        new_version=new_version,
    )
    return question


@transaction.atomic
def move_question(*, actor, question: Question, direction: int) -> None:
    can_manage_questionnaires.require(actor, question.questionnaire.process)
    questions = _swap(
        list(question.section.questions.select_for_update(of=("self",))), question, direction
    )
    for position, item in enumerate(questions):
        Question.objects.filter(pk=item.pk).update(position=position)
    audit.record(actor, "questionnaires.move_question", question, direction=direction)


@transaction.atomic
def delete_question(*, actor, question: Question) -> None:
    """Remove a question nobody answered; one with answers stays, with an explanation."""
    can_manage_questionnaires.require(actor, question.questionnaire.process)
    answers = Answer.objects.filter(question=question).count()
    if answers:
        raise ValidationError(
            _(
                "Impossible de supprimer cette question : %(count)s personne(s) y ont déjà "
                "répondu, et leurs réponses font partie des résultats. Vous pouvez la rendre "
                "facultative ou en changer le texte (les réponses déjà données gardent le texte "
                "auquel elles répondaient)."
            )
            % {"count": answers},
            code="answered",
        )
    dependent = question.dependent_questions.first()
    if dependent is not None:
        raise ValidationError(
            _("Impossible : la question « %(other)s » s'affiche selon la réponse à celle-ci.")
            % {"other": dependent.wording}
        )
    audit.record(actor, "questionnaires.delete_question", question, wording=question.wording)
    Question.objects.filter(pk=question.pk).update(current_version=None)
    QuestionVersion.objects.filter(question=question).delete()
    Tally.objects.filter(question=question).delete()
    Question.objects.filter(pk=question.pk).delete()


@transaction.atomic
def publish_results(*, actor, questionnaire: Questionnaire) -> None:
    can_manage_questionnaires.require(actor, questionnaire.process)
    questionnaire.results_published_at = timezone.now()
    questionnaire.save(update_fields=["results_published_at"])
    audit.record(actor, "questionnaires.publish_results", questionnaire)


@transaction.atomic
def unpublish_results(*, actor, questionnaire: Questionnaire) -> None:
    can_manage_questionnaires.require(actor, questionnaire.process)
    questionnaire.results_published_at = None
    questionnaire.save(update_fields=["results_published_at"])
    audit.record(actor, "questionnaires.unpublish_results", questionnaire)


def hash_code(code: str) -> str:
    plain = "".join(code.split()).replace("-", "").upper()
    return hashlib.sha256(plain.encode()).hexdigest()


@transaction.atomic
def generate_codes(
    *, actor, questionnaire: Questionnaire, count: int, batch: str = ""
) -> list[str]:
    """One-time codes for a panel, shown once: only their hashes are kept."""
    can_manage_questionnaires.require(actor, questionnaire.process)
    if not 1 <= count <= MAX_CODES_AT_ONCE:
        raise ValidationError(
            {"count": _("De 1 à %(max)s codes à la fois.") % {"max": MAX_CODES_AT_ONCE}}
        )
    codes = [
        "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)) for _ in range(count)
    ]
    AccessCode.objects.bulk_create(
        [
            AccessCode(
                questionnaire=questionnaire, code_hash=hash_code(code), batch=batch.strip()[:80]
            )
            for code in codes
        ]
    )
    audit.record(actor, "questionnaires.generate_codes", questionnaire, count=count, batch=batch)
    return [f"{code[:5]}-{code[5:]}" for code in codes]


# Answering ----------------------------------------------------------------------------


def find_code(questionnaire: Questionnaire, code: str) -> AccessCode | None:
    return AccessCode.objects.filter(questionnaire=questionnaire, code_hash=hash_code(code)).first()


def start_response(
    *, actor, questionnaire: Questionnaire, code: str = "", resume_token: str = ""
) -> Response:
    """The response this person (or code, or browser) continues, or a new one.

    One per person and one per code, held by database constraints: two tabs
    or two clicks at once end on the same response.
    """
    access_code = None
    if code:
        access_code = find_code(questionnaire, code)
        if access_code is None:
            raise ValidationError(
                {"code": _("Ce code n'est pas valable pour ce questionnaire. Vérifiez-le.")}
            )
    can_answer.require(actor, questionnaire, has_code=access_code is not None)
    signed_in = getattr(actor, "is_authenticated", False)
    if access_code is not None:
        lookup: dict[str, Any] = {"access_code": access_code}
    elif signed_in:
        lookup = {"respondent": actor}
    elif resume_token:
        existing = Response.objects.filter(
            questionnaire=questionnaire, resume_token=resume_token, respondent__isnull=True
        ).first()
        if existing is not None:
            return existing
        lookup = {"resume_token": secrets.token_urlsafe(24)}
    else:
        lookup = {"resume_token": secrets.token_urlsafe(24)}
    existing = Response.objects.filter(questionnaire=questionnaire, **lookup).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            response = Response.objects.create(questionnaire=questionnaire, **lookup)
            audit.record(actor, "questionnaires.start_response", response)
    except IntegrityError:
        # Another request created it a moment ago: continue that one.
        return Response.objects.get(questionnaire=questionnaire, **lookup)
    return response


def questions_for(questionnaire: Questionnaire) -> list[Question]:
    return list(
        Question.objects.filter(questionnaire=questionnaire)
        .select_related("current_version", "section", "condition_question")
        .order_by("section__position", "section_id", "position", "pk")
    )


def answers_of(response: Response) -> dict[int, Answer]:
    if response.pk is None:
        return {}
    return {answer.question_id: answer for answer in response.answers.select_related("version")}


def visible_questions(questions: list[Question], answers: dict[int, Any]) -> list[Question]:
    """The questions shown to this response, in order: conditions read earlier answers only."""
    shown: list[Question] = []
    shown_ids: set[int] = set()
    for question in questions:
        earlier = question.condition_question_id
        if earlier is None or (earlier in shown_ids and condition_met(question, answers)):
            shown.append(question)
            shown_ids.add(question.pk)
    return shown


class SectionErrors(ValidationError):
    """Problems in a section's answers, by field name; `values` keeps what was typed."""


def _read_questions(
    questions: Iterable[Question],
    data,
    answers: dict[int, Any],
    files=None,
    *,
    files_required: bool = True,
) -> tuple[dict[int, Any], dict[str, list[str]]]:
    """Read each question; `answers` are the stored ones (a file sent earlier is kept)."""
    read: dict[int, Any] = {}
    errors: dict[str, list[str]] = {}
    for question in questions:
        try:
            answer = read_answer(question, question.current_version, data, files)
        except AnswerError as error:
            errors[question.field_name] = [str(error)]
            continue
        if answer is None and question.kind == Question.Kind.FILE:
            kept = answers.get(question.pk)
            if kept is not None and not data.get(f"{question.field_name}_remove"):
                answer = ReadAnswer(kept.value, kept.text)
            elif not files_required:
                read[question.pk] = None
                continue
        if answer is None:
            if question.required:
                errors[question.field_name] = [required_message()]
            read[question.pk] = None
        else:
            read[question.pk] = answer
    return read, errors


@contextmanager
def _written_files() -> Iterator[list[str]]:
    """Files written during a service: removed again if the service fails."""
    written: list[str] = []
    try:
        yield written
    except BaseException:
        for stored_name in written:
            stored_files.remove(stored_name)
        raise


def _attach_file(answer: Answer, read: ReadAnswer, written: list[str]) -> None:
    """Write a checked upload and link it to its answer (replacing a file sent earlier)."""
    checked = read.upload
    if checked is None:
        return
    AnswerFile.objects.filter(answer=answer).delete()
    stored_name = stored_files.write(checked.upload)
    written.append(stored_name)
    AnswerFile.objects.create(
        answer=answer,
        name=checked.name,
        stored_name=stored_name,
        content_type=stored_files.CONTENT_TYPES.get(checked.extension, "application/octet-stream"),
        size=checked.size,
    )


def _store(
    response: Response,
    questions: list[Question],
    read: dict[int, Any],
    existing: dict,
    written: list[str],
    *,
    corrected_by=None,
) -> list[tuple[Question, Answer | None, Any]]:
    """Keep the answers read; returns what changed: (question, answer before, answer now)."""
    changed: list[tuple[Question, Answer | None, Any]] = []
    for question in questions:
        if question.pk not in read:
            continue
        answer = read[question.pk]
        stored = existing.get(question.pk)
        if answer is None:
            if stored is not None:
                changed.append((question, stored, None))
                stored.delete()
            continue
        # The mark says who gave the answer now: the team, or again the person.
        correction = {
            "corrected_at": timezone.now() if corrected_by else None,
            "corrected_by": corrected_by,
        }
        if stored is None:
            created = Answer.objects.create(
                response=response,
                question=question,
                version=question.current_version,
                value=answer.value,
                text=answer.text,
                **correction,
            )
            _attach_file(created, answer, written)
            changed.append((question, None, answer))
        elif (
            stored.value != answer.value or stored.text != answer.text or answer.upload is not None
        ):
            before = Answer(
                pk=stored.pk,
                question=question,
                version=stored.version,
                value=stored.value,
                text=stored.text,
            )
            stored.value, stored.text = answer.value, answer.text
            stored.version = question.current_version
            for name, value in correction.items():
                setattr(stored, name, value)
            stored.save(update_fields=["value", "text", "version", *correction])
            _attach_file(stored, answer, written)
            changed.append((question, before, answer))
    return changed


def _prune_hidden(response: Response, questions: list[Question]) -> dict[int, Answer]:
    """Drop the answers to questions a changed answer now hides."""
    answers = answers_of(response)
    shown = {question.pk for question in visible_questions(questions, answers)}
    hidden = [pk for pk in answers if pk not in shown]
    if hidden:
        Answer.objects.filter(response=response, question_id__in=hidden).delete()
        answers = {pk: answer for pk, answer in answers.items() if pk in shown}
    return answers


def _counts(answers: Iterable[Answer], questions: dict[int, Question]) -> Counter:
    counts: Counter = Counter()
    for answer in answers:
        value = answer.text if answer.value is None else answer.value
        for key in tally_keys(questions[answer.question_id], value):
            counts[(answer.question_id, key)] += 1
    return counts


def _apply_tallies(before: Counter, after: Counter) -> None:
    """Add the difference between two states of a response to the running counts."""
    delta = Counter(after)
    delta.subtract(before)
    changes = {pair: change for pair, change in delta.items() if change}
    if not changes:
        return
    Tally.objects.bulk_create(
        [Tally(question_id=question, key=key, count=0) for question, key in changes],
        ignore_conflicts=True,
    )
    by_change: dict[int, list] = {}
    for pair, change in changes.items():
        by_change.setdefault(change, []).append(pair)
    for change, pairs in by_change.items():
        match = Q()
        for question, key in pairs:
            match |= Q(question_id=question, key=key)
        Tally.objects.filter(match).update(count=F("count") + change)


def _locked(response: Response) -> Response:
    """The response, locked until the end of the transaction, with its démarche and phases."""
    locked = (
        Response.objects.select_for_update(of=("self",))
        .select_related("questionnaire__process__territory")
        .get(pk=response.pk)
    )
    prefetch_related_objects([locked.questionnaire.process], "phases")
    return locked


@transaction.atomic
def save_section(*, actor, response: Response, section: Section, data, files=None) -> Response:
    """Keep the answers of one part (one page) of a response.

    Every problem of the page is reported at once (SectionErrors) and nothing
    of the page is kept then. A response already sent that is changed updates
    the running counts by the difference.
    """
    response = _locked(response)
    can_change_response.require(actor, response)
    questions = questions_for(response.questionnaire)
    by_id = {question.pk: question for question in questions}
    before_answers = answers_of(response)
    before = _counts(before_answers.values(), by_id) if response.is_submitted else Counter()
    shown = visible_questions(questions, before_answers)
    page = [question for question in shown if question.section_id == section.pk]
    read, errors = _read_questions(page, data, before_answers, files)
    if errors:
        raise SectionErrors(errors)
    with _written_files() as written:
        _store(response, page, read, before_answers, written)
        answers = _prune_hidden(response, questions)
    if response.is_submitted:
        _apply_tallies(before, _counts(answers.values(), by_id))
        audit.record(actor, "questionnaires.change_response", response, section=section.pk)
    response.save()
    return response


@transaction.atomic
def submit_response(*, actor, response: Response) -> Response:
    """Send a response whose every shown required question is answered; count it."""
    response = _locked(response)
    can_change_response.require(actor, response)
    if response.is_submitted:
        return response
    questionnaire = response.questionnaire
    questions = questions_for(questionnaire)
    answers = answers_of(response)
    missing = [
        question
        for question in visible_questions(questions, answers)
        if question.required and question.pk not in answers
    ]
    if missing:
        raise ValidationError(
            _("Il manque une réponse obligatoire dans la partie « %(section)s ».")
            % {"section": missing[0].section.title},
            code="incomplete",
            params={"section": missing[0].section_id},
        )
    response.submitted_at = timezone.now()
    response.save(update_fields=["submitted_at", "updated_at"])
    Questionnaire.objects.filter(pk=questionnaire.pk).update(response_count=F("response_count") + 1)
    by_id = {question.pk: question for question in questions}
    _apply_tallies(Counter(), _counts(answers.values(), by_id))
    audit.record(actor, "questionnaires.submit_response", response)
    return response


@transaction.atomic
def record_export(*, actor, questionnaire: Questionnaire, format: str) -> None:
    """Exports of raw answers are staff work on personal data: each one is audited."""
    can_manage_questionnaires.require(actor, questionnaire.process)
    audit.record(actor, "questionnaires.export_answers", questionnaire, format=format)


@transaction.atomic
def record_download(*, actor, joined: AnswerFile) -> None:
    """A file joined to an answer is personal data read by the team: each download is audited."""
    response = joined.answer.response
    can_manage_questionnaires.require(actor, response.questionnaire.process)
    audit.record(actor, "questionnaires.download_file", response, file=joined.pk)


def _read_whole(
    questions: list[Question], data, files=None, stored: dict[int, Answer] | None = None
) -> tuple[dict[int, Any], dict[str, list[str]]]:
    """Every visible question of a questionnaire from one form (paper, or a staff correction).

    Conditions are evaluated as it goes. A file question is never required
    here: a paper form cannot carry a file. `stored` are a response's answers
    (a staff correction keeps the file sent earlier).
    """
    answers: dict[int, Any] = {}
    read: dict[int, Any] = {}
    errors: dict[str, list[str]] = {}
    shown_ids: set[int] = set()
    for question in questions:
        earlier = question.condition_question_id
        if earlier is not None and not (earlier in shown_ids and condition_met(question, answers)):
            continue
        shown_ids.add(question.pk)
        one, problems = _read_questions([question], data, stored or {}, files, files_required=False)
        errors.update(problems)
        answer = one.get(question.pk)
        if answer is not None:
            read[question.pk] = answer
            answers[question.pk] = Answer(
                question=question,
                version=question.current_version,
                value=answer.value,
                text=answer.text,
            )
    return read, errors


def _create_submitted(
    questionnaire: Questionnaire,
    questions: list[Question],
    read: dict[int, Any],
    *,
    actor,
    source: str,
    occasion: Occasion | None,
    when,
    paper_import: PaperAnswersImport | None = None,
    paper_copy_id: str = "",
) -> tuple[Response, list[Answer]]:
    response = Response.objects.create(
        questionnaire=questionnaire,
        source=source,
        occasion=occasion,
        entered_by=actor,
        paper_import=paper_import,
        paper_copy_id=paper_copy_id,
        consent_text_version=CONSENT_TEXT_VERSION,
        consent_at=when,
        submitted_at=when,
    )
    answers = [
        Answer(
            response=response,
            question=question,
            version=question.current_version,
            value=read[question.pk].value,
            text=read[question.pk].text,
        )
        for question in questions
        if question.pk in read
    ]
    return response, answers


@transaction.atomic
def enter_paper_answers(
    *,
    actor,
    questionnaire: Questionnaire,
    data,
    consent: bool,
    occasion: Occasion | None = None,
    source: str = "paper",
    paper_copy: str = "",
    files=None,
) -> Response:
    """A mediator types one paper (or counter) form: all of it, checked like online answers.

    `paper_copy` is the identifier printed on the form (parlons.questionnaires.printing):
    a copy already entered is refused.
    """
    process = questionnaire.process
    can_enter_paper_answers.require(actor, process)
    questions = questions_for(questionnaire)
    read, errors = _read_whole(questions, data, files)
    paper_copy_id = ""
    try:
        paper_copy_id = printing.new_copy_id(questionnaire, paper_copy)
    except ValidationError as refused:
        errors[printing.COPY_FIELD] = refused.messages
    if not consent:
        errors["consent"] = [
            _("Sans l'accord de la personne, ses réponses ne peuvent pas être enregistrées.")
        ]
    if occasion is not None and occasion.process_id != process.pk:
        errors["occasion"] = [_("Cette réunion n'appartient pas à cette démarche.")]
    if errors:
        raise SectionErrors(errors)
    try:
        with transaction.atomic():  # the same copy typed at the same moment on two screens
            response, answers = _create_submitted(
                questionnaire,
                questions,
                read,
                actor=actor,
                source=source,
                occasion=occasion,
                when=timezone.now(),
                paper_copy_id=paper_copy_id,
            )
    except IntegrityError:
        if not paper_copy_id:
            raise
        earlier = printing.entered_copies(questionnaire, [paper_copy_id])[paper_copy_id]
        raise SectionErrors(
            {printing.COPY_FIELD: [printing.already_entered_message(earlier)]}
        ) from None
    Answer.objects.bulk_create(answers)
    with _written_files() as written:
        for answer in answers:
            _attach_file(answer, read[answer.question_id], written)
    by_id = {question.pk: question for question in questions}
    _apply_tallies(Counter(), _counts(answers, by_id))
    Questionnaire.objects.filter(pk=questionnaire.pk).update(response_count=F("response_count") + 1)
    audit.record(
        actor,
        "questionnaires.enter_paper_answers",
        response,
        source=source,
        consent_text_version=CONSENT_TEXT_VERSION,
    )
    # The person leaves with a receipt: its code lets them read that and withdraw it. It
    # names the questionnaire and how many answers, never an answer (free texts are not masked).
    response.issued_receipt = issue_receipt(
        actor=actor,
        kind="questionnaires.response",
        item_id=response.pk,
        title=_("Réponses au questionnaire « %(questionnaire)s » (démarche « %(process)s »)")
        % {"questionnaire": questionnaire.title, "process": process.title},
        summary=ngettext(
            "%(count)d question répondue, sur un formulaire papier ou au guichet.",
            "%(count)d questions répondues, sur un formulaire papier ou au guichet.",
            len(answers),
        )
        % {"count": len(answers)},
    )
    return response


CORRECTION_REASON_MAX_LENGTH = 200


def _in_words(question: Question, version, value: Any, text: str) -> str:
    return display(question, version, value, text) if value is not None or text else ""


@transaction.atomic
def correct_response(
    *, actor, response: Response, data, files=None, reason: str = ""
) -> list[Question]:
    """The team corrects a sent response (a typo of a paper entry…): every answer at once.

    Checked like a paper form; each changed answer is marked "corrigée par
    l'équipe" and its earlier value goes to the audit log (who, when, before,
    after, why). The running counts move by the difference, as for a
    response its author changes. Returns the questions whose answer changed.
    """
    response = _locked(response)
    can_correct_response.require(actor, response)
    reason = " ".join((reason or "").split())
    if len(reason) > CORRECTION_REASON_MAX_LENGTH:
        raise SectionErrors(
            {
                "reason": [
                    _("Le motif fait %(max)s caractères au plus.")
                    % {"max": CORRECTION_REASON_MAX_LENGTH}
                ]
            }
        )
    if first_control_character(reason) is not None:
        raise SectionErrors({"reason": [control_character_message(reason)]})
    questionnaire = response.questionnaire
    questions = questions_for(questionnaire)
    by_id = {question.pk: question for question in questions}
    numbers = {question.pk: number for number, question in enumerate(questions, start=1)}
    stored = answers_of(response)
    # Counted now: storing the correction changes these Answer objects in place.
    before_counts = _counts(stored.values(), by_id)
    read, errors = _read_whole(questions, data, files, stored=stored)
    if errors:
        raise SectionErrors(errors)
    # A question left empty, or now hidden by a condition, loses its answer.
    everything = {question.pk: read.get(question.pk) for question in questions}
    with _written_files() as written:
        changed = _store(response, questions, everything, stored, written, corrected_by=actor)
    if not changed:
        return []
    _apply_tallies(before_counts, _counts(answers_of(response).values(), by_id))
    for question, before, now in changed:
        audit.record(
            actor,
            "questionnaires.correct_answer",
            response,
            question=question.pk,
            number=numbers[question.pk],
            before=_in_words(question, before.version, before.value, before.text)
            if before is not None
            else "",
            after=_in_words(question, question.current_version, now.value, now.text)
            if now is not None
            else "",
            new_file=bool(now is not None and now.upload is not None),
            reason=reason,
        )
    response.save(update_fields=["updated_at"])
    return [question for question, _before, _now in changed]


@transaction.atomic
def withdraw_response_on_request(*, actor, response: Response, reference: str) -> None:
    """The DPO withdraws answers entered for a person, asked with their receipt's code.

    The response and its answers are deleted and the running counts lose them, as if
    the form had never been typed; the audit entry keeps the rights request's reference.
    """
    can_handle_rights_requests.require(actor, response.questionnaire.process.territory)
    response = _locked(response)
    questionnaire = response.questionnaire
    if response.submitted_at is not None:
        by_id = {question.pk: question for question in questions_for(questionnaire)}
        _apply_tallies(_counts(response.answers.all(), by_id), Counter())
        Questionnaire.objects.filter(pk=questionnaire.pk).update(
            response_count=F("response_count") - 1
        )
    audit.record(
        actor,
        "questionnaires.withdraw_on_request",
        response,
        questionnaire=questionnaire.pk,
        request=reference,
    )
    response.delete()


def import_columns(questions: list[Question]) -> list[str]:
    """The CSV headings of a questionnaire's paper answers, in order."""
    return [heading for heading, _question, _row in import_column_specs(questions)] + list(
        EXTRA_COLUMNS
    )


def import_column_specs(questions: list[Question]) -> list[tuple[str, Question, dict | None]]:
    """The CSV columns of a questionnaire's paper answers, each with its question (and row).

    `q1`, `q2`… are the questions in their order, as the printed form numbers
    them; a matrix (tableau) has one column per row instead, `q5_1`, `q5_2`…
    (question 5, rows in their order). Then `consentement`, `reunion` and `exemplaire`.
    """
    columns: list[tuple[str, Question, dict | None]] = []
    for number, question in enumerate(questions, start=1):
        if question.kind == Question.Kind.MATRIX:
            columns.extend(
                (f"q{number}_{position}", question, row)
                for position, row in enumerate(question.current_version.rows, start=1)
            )
        else:
            columns.append((f"q{number}", question, None))
    return columns


EXTRA_COLUMNS = ("consentement", "reunion", printing.COPY_COLUMN)


YES_WORDS = {"oui", "o", "yes", "y", "1", "x", "vrai", "true"}


@transaction.atomic
def import_paper_answers(
    *, actor, questionnaire: Questionnaire, file, file_name: str = ""
) -> PaperAnswersImport:
    """Import a CSV of paper answers: every row, or none (ImportRejected lists each problem).

    Columns (`import_columns`): `q1`, `q2`... (the questions in their order, as
    the printed form numbers them; options by their label or number, several
    separated by `|`), one column per row of a matrix (`q5_1`, `q5_2`...),
    `consentement` (oui) and optionally `reunion` (number or title) and `exemplaire`
    (the copy's printed identifier: a copy already entered is refused). A file
    question's column stays empty: a paper form carries no file.
    """
    process = questionnaire.process
    can_enter_paper_answers.require(actor, process)
    content = file if isinstance(file, bytes) else file.read()
    file_name = (file_name or getattr(file, "name", "") or "reponses.csv")[:255]
    text = decode(content)
    if not text.strip():
        raise ImportRejected([RowError(1, "—", _("le fichier est vide."))])
    questions = questions_for(questionnaire)
    columns = import_column_specs(questions)
    by_heading = {heading: (question, row) for heading, question, row in columns}
    numbers = {question.pk: n for n, question in enumerate(questions, start=1)}
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text))
    try:
        header = [normalise(cell) for cell in next(reader)]
    except csv.Error as error:
        raise ImportRejected([RowError(1, "—", _("en-tête illisible : %s") % error)]) from None
    errors: list[RowError] = []
    for heading in header:
        if not heading or heading in by_heading or heading in EXTRA_COLUMNS:
            continue
        question = next(
            (q for q in questions if f"q{numbers[q.pk]}" == heading and q.kind == "matrix"),
            None,
        )
        if question is not None:
            reason = _(
                "la question %(number)s est un tableau : une colonne par ligne du tableau, "
                "de %(first)s à %(last)s."
            ) % {
                "number": numbers[question.pk],
                "first": f"{heading}_1",
                "last": f"{heading}_{len(question.current_version.rows)}",
            }
        else:
            reason = _(
                "colonne inconnue. Colonnes possibles : q1 à q%(last)s (un tableau : q5_1, "
                "q5_2… une par ligne), consentement, reunion, exemplaire."
            ) % {"last": len(questions)}
        errors.append(RowError(1, heading, reason))
    if "consentement" not in header:
        errors.append(RowError(1, "consentement", _("colonne obligatoire absente de l'en-tête.")))
    if errors:
        raise ImportRejected(errors)
    occasions = {str(o.pk): o for o in process.occasions.all()}
    occasions.update({normalise(o.title): o for o in process.occasions.all()})
    by_id = {question.pk: question for question in questions}
    rows: list[tuple[dict[int, Any], Occasion | None, str]] = []
    copy_lines: dict[str, int] = {}
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            errors.append(RowError(line, "—", _("ligne illisible : %s") % error))
            break
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) >= MAX_IMPORT_ROWS:
            errors.append(
                RowError(
                    line, "—", _("le fichier dépasse %(max)s lignes.") % {"max": MAX_IMPORT_ROWS}
                )
            )
            break
        values = dict(zip(header, cells, strict=False))
        data = FormData()
        bad_cells: set[str] = set()
        for heading, question, matrix_row in columns:
            cell = values.get(heading, "")
            version = question.current_version
            if question.kind == Question.Kind.FILE:
                if cell.strip():
                    errors.append(
                        RowError(
                            line,
                            heading,
                            _(
                                "un fichier ne s'importe pas depuis un CSV : laissez cette "
                                "colonne vide (la personne peut l'envoyer en ligne)."
                            ),
                        )
                    )
            elif matrix_row is not None:
                try:
                    keys = matrix_cell_keys(question, version, cell)
                except AnswerError as error:
                    errors.append(RowError(line, heading, str(error)))
                    bad_cells.add(heading)
                else:
                    data[f"{question.field_name}_{matrix_row['key']}"] = keys
            else:
                data.update(form_data_from_cell(question, version, cell))
        read, problems = _read_whole(questions, data)
        for field, messages in problems.items():
            question = next(q for q in questions if q.field_name == field)
            if question.kind == Question.Kind.MATRIX:
                # A required table with a row left empty: each empty row's column.
                empty = [
                    heading
                    for heading, other, matrix_row in columns
                    if other.pk == question.pk
                    and heading not in bad_cells
                    and matrix_row is not None
                    and not data.get(f"{question.field_name}_{matrix_row['key']}")
                ]
                reason = _("ligne du tableau sans réponse : la question est obligatoire.")
                if not empty and not any(
                    heading in bad_cells
                    for heading, other, _row in columns
                    if other.pk == question.pk
                ):
                    empty, reason = [f"q{numbers[question.pk]}_1"], messages[0]
                errors.extend(RowError(line, heading, reason) for heading in empty)
            else:
                errors.append(RowError(line, f"q{numbers[question.pk]}", messages[0]))
        if normalise(values.get("consentement", "")) not in YES_WORDS:
            errors.append(
                RowError(
                    line,
                    "consentement",
                    _(
                        "écrivez « oui » si la personne a coché la case d'accord ; sans accord, retirez la ligne."
                    ),
                )
            )
        occasion = None
        if raw := values.get("reunion", "").strip():
            occasion = occasions.get(raw) or occasions.get(normalise(raw))
            if occasion is None:
                errors.append(
                    RowError(
                        line,
                        "reunion",
                        _("réunion inconnue dans cette démarche : « %(value)s ».") % {"value": raw},
                    )
                )
        copy = ""
        try:
            copy = printing.read_copy_id(questionnaire, values.get(printing.COPY_COLUMN, ""))
        except ValidationError as refused:
            errors.append(RowError(line, printing.COPY_COLUMN, refused.messages[0]))
        if copy in copy_lines:
            errors.append(
                RowError(
                    line,
                    printing.COPY_COLUMN,
                    _("l'exemplaire %(copy)s est déjà à la ligne %(line)s de ce fichier.")
                    % {"copy": copy, "line": copy_lines[copy]},
                )
            )
        elif copy:
            copy_lines[copy] = line
        rows.append((read, occasion, copy))
    for copy, earlier in printing.entered_copies(questionnaire, copy_lines).items():
        errors.append(
            RowError(
                copy_lines[copy], printing.COPY_COLUMN, printing.already_entered_message(earlier)
            )
        )
    if errors:
        raise ImportRejected(errors)
    if not rows:
        raise ImportRejected(
            [RowError(2, "—", _("le fichier ne contient aucune réponse sous l'en-tête."))]
        )
    now = timezone.now()
    paper_import = PaperAnswersImport.objects.create(
        questionnaire=questionnaire,
        imported_by=actor,
        file_name=file_name,
        row_count=len(rows),
        file_sha256=hashlib.sha256(content).hexdigest(),
    )
    all_answers: list[Answer] = []
    for read, occasion, copy in rows:
        _response, answers = _create_submitted(
            questionnaire,
            questions,
            read,
            actor=actor,
            source="paper",
            occasion=occasion,
            when=now,
            paper_import=paper_import,
            paper_copy_id=copy,
        )
        all_answers.extend(answers)
    Answer.objects.bulk_create(all_answers)
    _apply_tallies(Counter(), _counts(all_answers, by_id))
    Questionnaire.objects.filter(pk=questionnaire.pk).update(
        response_count=F("response_count") + len(rows)
    )
    audit.record(
        actor,
        "questionnaires.import_paper_answers",
        paper_import,
        file_name=file_name,
        rows=len(rows),
    )
    return paper_import
