"""Paper forms: a questionnaire printed as a PDF, one identifier per copy.

Each copy carries an identifier such as `Q12-0001-K` on every page: the
questionnaire, the copy's number, and a check letter. The letter is a weighted
sum of the digits modulo 23 (a prime, and more than the number of characters
weighted), so one mistyped digit or two swapped neighbours give another letter:
the paper-entry page and the CSV import refuse the copy instead of storing a
wrong number. A response keeps the copy's identifier (`Response.paper_copy_id`,
unique per questionnaire), so the same paper form is not entered twice.

The form is drawn for a pen and a photocopier: boxes are solid black squares,
not glyphs, text answers get ruled lines, numbers and dates get one box per
character, and a question shown only after some answer says which.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parlons.core import audit

from .consent import CONSENT_TEXT
from .models import OTHER, Question, Questionnaire, Response, Section
from .rules import can_enter_paper_answers

# 23 letters (a prime): no I, O or Q, which a hand turns into 1, 0 or O.
CHECK_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
# One copy takes about 0.3 s to draw: 100 stay well within the web server's 60 s.
MAX_COPIES = 100
# The name of the identifier's field on the paper-entry page, and its CSV column.
COPY_FIELD = "paper_copy"
COPY_COLUMN = "exemplaire"
MAX_COPY_NUMBER = 999_999
# Communes up to this many are printed as boxes; beyond, a line for the name.
MAX_PRINTED_COMMUNES = 15
COPY_ID_PATTERN = re.compile(r"^Q\s*(\d{1,9})\s*[-\s]\s*(\d{1,6})\s*[-\s]?\s*([A-Z])$")
TEXT_LINES = {Question.Kind.SHORT_TEXT: 2, Question.Kind.LONG_TEXT: 7}


def check_letter(questionnaire_id: int, number: int) -> str:
    digits = f"{questionnaire_id}{number:04d}"
    total = sum(weight * int(digit) for weight, digit in enumerate(reversed(digits), start=1))
    return CHECK_LETTERS[total % len(CHECK_LETTERS)]


def copy_id(questionnaire_id: int, number: int) -> str:
    """The identifier printed on copy `number` of a questionnaire: Q12-0001-K."""
    return f"Q{questionnaire_id}-{number:04d}-{check_letter(questionnaire_id, number)}"


def read_copy_id(questionnaire: Questionnaire, raw: str) -> str:
    """The identifier typed from a paper form, checked and written the one way; "" if none.

    Raises ValidationError with a French message for a mistyped identifier, one of
    another questionnaire, or a copy already entered.
    """
    text = (raw or "").strip().upper()
    if not text:
        return ""
    match = COPY_ID_PATTERN.match(text)
    if match is None:
        raise ValidationError(
            _(
                "« %(value)s » n'est pas un numéro d'exemplaire : il s'écrit comme %(example)s, "
                "en haut de chaque page du formulaire."
            )
            % {"value": raw.strip(), "example": copy_id(questionnaire.pk, 1)}
        )
    questionnaire_id, number, letter = int(match[1]), int(match[2]), match[3]
    if questionnaire_id != questionnaire.pk:
        raise ValidationError(
            _(
                "L'exemplaire %(value)s est un formulaire d'un autre questionnaire "
                "(n° %(other)s) : vérifiez le titre en haut du formulaire."
            )
            % {"value": raw.strip(), "other": questionnaire_id}
        )
    if letter != check_letter(questionnaire_id, number):
        raise ValidationError(
            _(
                "La lettre de contrôle de %(value)s ne correspond pas : un chiffre a sans doute "
                "été mal recopié. Relisez le numéro en haut du formulaire."
            )
            % {"value": raw.strip()}
        )
    return copy_id(questionnaire_id, number)


def already_entered_message(response: Response) -> str:
    return _(
        "L'exemplaire %(copy)s a déjà été saisi (réponse n° %(number)s du %(date)s) : "
        "un même formulaire papier ne peut pas être enregistré deux fois."
    ) % {
        "copy": response.paper_copy_id,
        "number": response.pk,
        "date": date_format(response.created_at, "j F Y"),
    }


def entered_copies(questionnaire: Questionnaire, copy_ids) -> dict[str, Response]:
    """The responses already entered from these copies, by identifier."""
    wanted = [copy for copy in copy_ids if copy]
    if not wanted:
        return {}
    return {
        response.paper_copy_id: response
        for response in Response.objects.filter(
            questionnaire=questionnaire, paper_copy_id__in=wanted
        ).only("pk", "paper_copy_id", "created_at")
    }


def new_copy_id(questionnaire: Questionnaire, raw: str) -> str:
    """A typed identifier that is valid and not entered yet (ValidationError otherwise)."""
    copy = read_copy_id(questionnaire, raw)
    if copy and (earlier := entered_copies(questionnaire, [copy]).get(copy)):
        raise ValidationError(already_entered_message(earlier))
    return copy


# The printed form ------------------------------------------------------------------------


@dataclass
class PrintedQuestion:
    number: int
    question: Question
    instruction: str = ""
    condition: str = ""
    options: list[dict] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    scale: list[int] = field(default_factory=list)
    lines: int = 0
    boxes: list[int] = field(default_factory=list)  # groups of character boxes: [2, 2, 4]
    box_labels: list[str] = field(default_factory=list)
    other: bool = False

    @property
    def kind(self) -> str:
        return self.question.kind


def _condition(question: Question, numbers: dict[int, int]) -> str:
    earlier = question.condition_question
    if earlier is None:
        return ""
    value = question.condition_value
    version = earlier.current_version
    if version is not None:
        value = next(
            (
                option["label"]
                for option in version.choices
                if option["key"] == value or option["label"].lower() == value.lower()
            ),
            value,
        )
    if earlier.kind == Question.Kind.YES_NO:
        value = {"yes": _("Oui"), "oui": _("Oui"), "no": _("Non"), "non": _("Non")}.get(
            value.lower(), value
        )
    words = {"value": value, "number": numbers.get(earlier.pk, "?")}
    if question.condition_operator == Question.Operator.CONTAINS:
        return (
            _(
                "Répondez seulement si votre réponse à la question %(number)s contient « %(value)s »."
            )
            % words
        )
    return _("Répondez seulement si vous avez répondu « %(value)s » à la question %(number)s.") % (
        words
    )


def _choice_instruction(question: Question) -> str:
    low, high = question.min_choices, question.max_choices
    if low and high and low == high:
        return ngettext("Cochez une case.", "Cochez %(count)s cases.", low) % {"count": low}
    if low and high:
        return _("Cochez de %(low)s à %(high)s cases.") % {"low": low, "high": high}
    if high:
        return ngettext("Cochez au plus une case.", "Cochez au plus %(high)s cases.", high) % {
            "high": high
        }
    if low:
        return ngettext("Cochez au moins une case.", "Cochez au moins %(low)s cases.", low) % {
            "low": low
        }
    return _("Cochez une ou plusieurs cases.")


def _figure(value: Decimal) -> str:
    """110 rather than 1.1E+2, and 2,5 with a French comma."""
    return format(value.normalize(), "f").replace(".", ",")


def _number_instruction(question: Question) -> str:
    low, high = question.number_min, question.number_max
    words = {
        "low": _figure(low) if low is not None else "",
        "high": _figure(high) if high is not None else "",
    }
    if low is not None and high is not None:
        return _("Écrivez un nombre entre %(low)s et %(high)s.") % words
    if low is not None:
        return _("Écrivez un nombre d'au moins %(low)s.") % words
    if high is not None:
        return _("Écrivez un nombre d'au plus %(high)s.") % words
    return _("Écrivez un nombre.")


def printed_question(question: Question, number: int, numbers: dict[int, int]) -> PrintedQuestion:
    """How one question is drawn for a pen."""
    Kind = Question.Kind
    version = question.current_version
    item = PrintedQuestion(
        number=number, question=question, condition=_condition(question, numbers)
    )
    choices = list(version.choices) if version else []
    kind = question.kind
    if kind == Kind.SINGLE:
        item.instruction = _("Cochez une seule case.")
        item.options, item.other = choices, question.allow_other
    elif kind == Kind.MULTIPLE:
        item.instruction = _choice_instruction(question)
        item.options, item.other = choices, question.allow_other
    elif kind == Kind.YES_NO:
        item.instruction = _("Cochez une seule case.")
        item.options = [{"key": "yes", "label": _("Oui")}, {"key": "no", "label": _("Non")}]
    elif kind == Kind.COMMUNE:
        if len(choices) <= MAX_PRINTED_COMMUNES:
            item.instruction = _("Cochez une seule case.")
            item.options = choices
        else:
            item.instruction = _("Écrivez le nom de la commune.")
            item.lines = 1
    elif kind == Kind.SCALE:
        item.instruction = _("Cochez une seule case.")
        item.scale = list(range(1, (question.scale_max or 5) + 1))
    elif kind == Kind.RANKING:
        item.instruction = _(
            "Écrivez dans chaque case un rang : 1 pour la première place, puis 2, 3…"
        )
        item.options = choices
    elif kind == Kind.MATRIX:
        item.instruction = (
            _("Dans chaque ligne, cochez une ou plusieurs cases.")
            if question.matrix_multiple
            else _("Dans chaque ligne, cochez une seule case.")
        )
        item.options, item.rows = choices, list(version.rows) if version else []
    elif kind == Kind.NUMBER:
        item.instruction = _number_instruction(question)
        item.boxes, item.box_labels = [8], []
    elif kind == Kind.DATE:
        item.instruction = _("Écrivez la date : jour, mois, année.")
        item.boxes, item.box_labels = [2, 2, 4], [_("jour"), _("mois"), _("année")]
    elif kind == Kind.POSTCODE:
        item.instruction = _("Écrivez le code postal, un chiffre par case.")
        item.boxes = [5]
    elif kind in TEXT_LINES:
        item.instruction = _("Écrivez lisiblement sur les lignes.")
        item.lines = TEXT_LINES[kind]
    else:  # a kind added later: at least room to answer
        item.lines = 3
    return item


def printed_sections(questionnaire: Questionnaire) -> list[tuple[Section, list[PrintedQuestion]]]:
    """The parts and their questions, numbered as the paper-entry page and the CSV columns are."""
    from .services import questions_for

    questions = questions_for(questionnaire)
    numbers = {question.pk: n for n, question in enumerate(questions, start=1)}
    by_section: dict[int, list[PrintedQuestion]] = {}
    for question in questions:
        by_section.setdefault(question.section_id, []).append(
            printed_question(question, numbers[question.pk], numbers)
        )
    return [
        (section, by_section[section.pk])
        for section in questionnaire.sections.all()
        if section.pk in by_section
    ]


def _no_fetch(url, *args, **kwargs):
    """The PDF loads nothing, from this host or another: its style sheet is given whole."""
    raise ValueError(f"not fetched: {url}")


def _pdf(html: str):
    from django.contrib.staticfiles import finders
    from weasyprint import CSS, HTML

    style = CSS(filename=finders.find("questionnaires/questionnaire-pdf.css"))
    return HTML(string=html, url_fetcher=_no_fetch).render(stylesheets=[style])


def form_pdf(questionnaire: Questionnaire, first: int, count: int) -> bytes:
    """`count` copies numbered from `first`, each page saying its copy and "page X / Y"."""
    from django.template.loader import render_to_string

    from parlons.core.markdown import render_markdown

    context = {
        "questionnaire": questionnaire,
        "introduction": render_markdown(questionnaire.introduction),
        "sections": printed_sections(questionnaire),
        "consent_text": CONSENT_TEXT,
        "other_key": OTHER,
    }

    def html(copies: list[str], pages_per_copy: int) -> str:
        return render_to_string(
            "questionnaires/form_pdf.html",
            {**context, "copies": copies, "pages_per_copy": pages_per_copy},
        )

    # Every copy has the same layout (identifiers have the same length): one copy laid out
    # alone gives the number of pages of each, written on every page as "page X / Y".
    sample = _pdf(html([copy_id(questionnaire.pk, first)], 0))
    pages = len(sample.pages)
    copies = [copy_id(questionnaire.pk, number) for number in range(first, first + count)]
    return _pdf(html(copies, pages)).write_pdf()


@transaction.atomic
def reserve_copies(*, actor, questionnaire: Questionnaire, count: int, first: int | None = None):
    """Number `count` copies: after the last printed one, or from `first` to reprint some.

    Returns the first number. The questionnaire's row is locked only for this, not while
    the PDF is drawn, so answers keep being counted meanwhile.
    """
    can_enter_paper_answers.require(actor, questionnaire.process)
    if not 1 <= count <= MAX_COPIES:
        raise ValidationError(
            {"copies": [_("Imprimez de 1 à %(max)s exemplaires à la fois.") % {"max": MAX_COPIES}]}
        )
    locked = (
        Questionnaire.objects.select_for_update()
        .only("paper_copies_printed")
        .get(pk=questionnaire.pk)
    )
    start = first if first is not None else locked.paper_copies_printed + 1
    last = start + count - 1
    if start < 1 or last > MAX_COPY_NUMBER:
        raise ValidationError(
            {
                "first": [
                    _("Les exemplaires sont numérotés de 1 à %(max)s.") % {"max": MAX_COPY_NUMBER}
                ]
            }
        )
    if last > locked.paper_copies_printed:
        Questionnaire.objects.filter(pk=questionnaire.pk).update(paper_copies_printed=last)
        questionnaire.paper_copies_printed = last
    audit.record(
        actor,
        "questionnaires.print_copies",
        questionnaire,
        first=copy_id(questionnaire.pk, start),
        last=copy_id(questionnaire.pk, last),
    )
    return start


def print_copies(
    *, actor, questionnaire: Questionnaire, count: int, first: int | None = None
) -> tuple[int, bytes]:
    """Reserve the copies' numbers, then draw them: (first number, PDF)."""
    start = reserve_copies(actor=actor, questionnaire=questionnaire, count=count, first=first)
    return start, form_pdf(questionnaire, start, count)
