"""Read, check and count one answer to one question, the same way for every path.

The answering page, the paper entry page and the CSV import all hand the
submitted values to `read_answer`, which returns the stored value (and the
free text) or raises `AnswerError` with a French message. `tally_keys` says
which running counts an answer adds to; `condition_met` decides, on the
server, whether a conditional question is shown.
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from parlons.core.validators import first_control_character

from . import files as stored_files
from .models import (
    LONG_TEXT_MAX_LENGTH,
    OTHER,
    SHORT_TEXT_MAX_LENGTH,
    Question,
    QuestionVersion,
)

Kind = Question.Kind
YES, NO = "yes", "no"
# Metropolitan France and Corsica (2A/2B are written 20xxx), overseas 97x/98x.
POSTCODE = re.compile(r"^(?:0[1-9]|[1-8]\d|9[0-5]|97[1-8]|98[046-9])\d{3}$")
DATE_MIN, DATE_MAX = date(1900, 1, 1), date(2100, 12, 31)


class AnswerError(Exception):
    """The answer cannot be kept; the message says why, in French."""


@dataclass(frozen=True)
class ReadAnswer:
    value: Any
    text: str = ""
    # A file answer's checked upload, to be written when the answer is stored.
    upload: stored_files.CheckedFile | None = None


def _clean_text(raw: str, limit: int) -> str:
    text = (raw or "").strip()
    if first_control_character(text) is not None:
        raise AnswerError(_("Le texte contient un caractère invisible non autorisé."))
    if len(text) > limit:
        raise AnswerError(
            _("Le texte fait %(length)s caractères ; %(max)s au plus.")
            % {"length": len(text), "max": limit}
        )
    return text


def _keys(options: list[dict]) -> set[str]:
    return {option["key"] for option in options}


def _other_text(question: Question, data, chosen: bool) -> str:
    text = _clean_text(data.get(f"{question.field_name}_other", ""), SHORT_TEXT_MAX_LENGTH)
    if chosen and not text:
        raise AnswerError(_("Vous avez choisi « Autre » : précisez votre réponse."))
    return text if chosen else ""


def _unknown_choice() -> AnswerError:
    return AnswerError(_("Ce choix n'existe pas dans la liste : choisissez parmi les options."))


def read_answer(
    question: Question, version: QuestionVersion, data, files=None
) -> ReadAnswer | None:
    """The answer given in `data` (a QueryDict or any mapping with `getlist`), or None if empty.

    A file question reads `files` (request.FILES); keeping a file sent
    earlier is the caller's business, since only it knows the stored answer.

    Raises AnswerError when the answer is impossible; a missing required
    answer is the caller's business (`check_required`), so that a section is
    read whole and every problem is shown at once.
    """
    name = question.field_name
    kind = question.kind
    raw = (data.get(name) or "").strip() if kind not in {Kind.MULTIPLE} else ""
    if kind in Question.TEXT_KINDS:
        limit = SHORT_TEXT_MAX_LENGTH if kind == Kind.SHORT_TEXT else LONG_TEXT_MAX_LENGTH
        text = _clean_text(data.get(name, ""), limit)
        return ReadAnswer(value=None, text=text) if text else None
    if kind == Kind.SINGLE:
        if not raw:
            return None
        if raw == OTHER and question.allow_other:
            return ReadAnswer(OTHER, _other_text(question, data, True))
        if raw not in _keys(version.choices):
            raise _unknown_choice()
        return ReadAnswer(raw)
    if kind == Kind.MULTIPLE:
        chosen = [key for key in data.getlist(name) if key]
        if not chosen:
            return None
        allowed = _keys(version.choices) | ({OTHER} if question.allow_other else set())
        if any(key not in allowed for key in chosen):
            raise _unknown_choice()
        chosen = [key for key in [*_ordered(version.choices), OTHER] if key in chosen]
        if question.min_choices and len(chosen) < question.min_choices:
            raise AnswerError(
                _("Choisissez au moins %(min)s options.") % {"min": question.min_choices}
            )
        if question.max_choices and len(chosen) > question.max_choices:
            raise AnswerError(
                _("Choisissez au plus %(max)s options.") % {"max": question.max_choices}
            )
        return ReadAnswer(chosen, _other_text(question, data, OTHER in chosen))
    if kind == Kind.SCALE:
        if not raw:
            return None
        top = question.scale_max or 5
        if not raw.isdigit() or not 1 <= int(raw) <= top:
            raise AnswerError(_("Choisissez une valeur de 1 à %(max)s.") % {"max": top})
        return ReadAnswer(int(raw))
    if kind == Kind.RANKING:
        return _read_ranking(question, version, data)
    if kind == Kind.MATRIX:
        return _read_matrix(question, version, data)
    if kind == Kind.NUMBER:
        return _read_number(question, raw)
    if kind == Kind.DATE:
        if not raw:
            return None
        try:
            day = date.fromisoformat(raw) if "-" in raw else _french_date(raw)
        except ValueError:
            raise AnswerError(_("Date illisible : écrivez-la JJ/MM/AAAA.")) from None
        if not DATE_MIN <= day <= DATE_MAX:
            raise AnswerError(_("Cette date n'est pas plausible."))
        return ReadAnswer(day.isoformat())
    if kind == Kind.POSTCODE:
        if not raw:
            return None
        code = raw.replace(" ", "")
        if not POSTCODE.match(code):
            raise AnswerError(
                _("Ce code postal n'existe pas : il s'écrit avec 5 chiffres, par exemple 29200.")
            )
        return ReadAnswer(code)
    if kind == Kind.COMMUNE:
        if not raw:
            return None
        if raw not in _keys(version.choices):
            raise AnswerError(_("Choisissez une commune du territoire dans la liste."))
        return ReadAnswer(raw)
    if kind == Kind.YES_NO:
        if not raw:
            return None
        if raw not in {YES, NO}:
            raise _unknown_choice()
        return ReadAnswer(raw)
    if kind == Kind.FILE:
        upload = files.get(name) if files is not None else None
        return _read_file(question, upload) if upload is not None else None
    raise AnswerError(_("Type de question inconnu."))


def _megabytes(size: int) -> str:
    return f"{size / stored_files.MB:.1f}".replace(".", ",")


def accepted_kinds(question: Question) -> str:
    """« PDF ou image JPEG ou PNG »: what a file question accepts, in words."""
    return _(" ou ").join(question.file_kind_labels)


def _read_file(question: Question, upload) -> ReadAnswer:
    """A file checked by its size, its name and its content (first bytes), never its name alone."""
    size = upload.size or 0
    if size == 0:
        raise AnswerError(_("Ce fichier est vide : choisissez-en un autre."))
    limit = question.max_file_mb
    if size > limit * stored_files.MB:
        raise AnswerError(
            _(
                "Ce fichier fait %(size)s Mo : %(max)s Mo au plus. Réduisez-le ou choisissez-en un autre."
            )
            % {"size": _megabytes(size), "max": limit}
        )
    allowed = stored_files.allowed_extensions(question.file_kinds)
    extension = stored_files.extension_of(upload.name or "")
    if extension not in allowed:
        raise AnswerError(
            _("Ce type de fichier n'est pas accepté ici. Fichiers acceptés : %(kinds)s.")
            % {"kinds": accepted_kinds(question)}
        )
    if stored_files.sniff(upload) != extension:
        raise AnswerError(
            _(
                "Le contenu de ce fichier ne correspond pas à un fichier .%(extension)s : il est "
                "peut-être abîmé ou renommé. Fichiers acceptés : %(kinds)s."
            )
            % {"extension": extension, "kinds": accepted_kinds(question)}
        )
    checked = stored_files.CheckedFile(
        upload=upload, name=stored_files.clean_name(upload.name), extension=extension, size=size
    )
    return ReadAnswer({"type": extension, "size": size}, upload=checked)


def _ordered(options: list[dict]) -> list[str]:
    return [option["key"] for option in options]


def _french_date(raw: str) -> date:
    day, month, year = raw.replace(".", "/").replace("-", "/").split("/")
    return date(int(year), int(month), int(day))


def _read_number(question: Question, raw: str) -> ReadAnswer | None:
    if not raw:
        return None
    try:
        number = Decimal(raw.replace(",", ".").replace(" ", "").replace("\u202f", ""))
    except InvalidOperation:
        raise AnswerError(_("Écrivez un nombre, par exemple 3 ou 2,5.")) from None
    if not number.is_finite():
        raise AnswerError(_("Écrivez un nombre, par exemple 3 ou 2,5."))
    low, high = question.number_min, question.number_max
    if (low is not None and number < low) or (high is not None and number > high):
        raise AnswerError(
            _("Écrivez un nombre entre %(min)s et %(max)s.")
            % {
                "min": _plain(low) if low is not None else "…",
                "max": _plain(high) if high is not None else "…",
            }
        )
    return ReadAnswer(int(number) if number == number.to_integral_value() else float(number))


def _plain(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text.replace(".", ",")


def _read_ranking(question: Question, version: QuestionVersion, data) -> ReadAnswer | None:
    ranks: dict[str, int] = {}
    count = len(version.choices)
    for key in _ordered(version.choices):
        raw = (data.get(f"{question.field_name}_{key}") or "").strip()
        if not raw:
            continue
        if not raw.isdigit() or not 1 <= int(raw) <= count:
            raise AnswerError(_("Donnez à chaque option un rang de 1 à %(max)s.") % {"max": count})
        ranks[key] = int(raw)
    if not ranks:
        return None
    if len(ranks) != count:
        raise AnswerError(_("Classez toutes les options, ou aucune."))
    if len(set(ranks.values())) != count:
        raise AnswerError(_("Chaque rang ne sert qu'une fois : deux options ont le même rang."))
    return ReadAnswer(sorted(ranks, key=ranks.__getitem__))


def _read_matrix(question: Question, version: QuestionVersion, data) -> ReadAnswer | None:
    columns = _keys(version.choices)
    value: dict[str, Any] = {}
    for row in version.rows:
        name = f"{question.field_name}_{row['key']}"
        chosen = [key for key in data.getlist(name) if key]
        if not chosen:
            continue
        if any(key not in columns for key in chosen):
            raise _unknown_choice()
        if question.matrix_multiple:
            value[row["key"]] = [key for key in _ordered(version.choices) if key in chosen]
        elif len(chosen) > 1:
            raise AnswerError(_("Une seule colonne par ligne."))
        else:
            value[row["key"]] = chosen[0]
    if not value:
        return None
    if question.required and len(value) != len(version.rows):
        raise AnswerError(_("Répondez pour chaque ligne du tableau."))
    return ReadAnswer(value)


def required_message() -> str:
    return _("Cette question demande une réponse.")


def tally_keys(question: Question, value: Any) -> list[str]:
    """The running counts one answer adds to ("" counts that the question was answered)."""
    kind = question.kind
    keys = [""]
    if kind in {Kind.SINGLE, Kind.COMMUNE, Kind.YES_NO, Kind.POSTCODE} or kind == Kind.SCALE:
        keys.append(str(value))
    elif kind == Kind.MULTIPLE:
        keys.extend(value)
    elif kind == Kind.RANKING:
        # Ranked first, and each option's rank: "c2@1" is "c2 ranked first".
        keys.extend(f"{key}@{rank}" for rank, key in enumerate(value, start=1))
    elif kind == Kind.MATRIX:
        for row, chosen in value.items():
            for column in chosen if isinstance(chosen, list) else [chosen]:
                keys.append(f"{row}|{column}")
    return keys


def _tokens(question: Question, version: QuestionVersion, value: Any, text: str) -> list[str]:
    """What a condition may compare with: keys, labels, and the text, normalised."""
    if question.kind in Question.TEXT_KINDS:
        return [text]
    if question.kind == Kind.YES_NO:
        return [value, "oui" if value == YES else "non"]
    values = value if isinstance(value, list) else [value]
    tokens = []
    for item in values:
        tokens.append(str(item))
        tokens.append(version.label_of(str(item)))
    return tokens


def condition_met(question: Question, answers: dict[int, Any]) -> bool:
    """Shown or not: `answers` maps an earlier question's id to its Answer (or nothing)."""
    if question.condition_question_id is None:
        return True
    answer = answers.get(question.condition_question_id)
    if answer is None:
        return False
    earlier = question.condition_question
    wanted = _normalised(question.condition_value)
    tokens = [_normalised(t) for t in _tokens(earlier, answer.version, answer.value, answer.text)]
    if question.condition_operator == Question.Operator.CONTAINS:
        return any(wanted in token for token in tokens)
    return wanted in tokens


def _normalised(value: Any) -> str:
    from parlons.core.csv_import import normalise

    return normalise(str(value))


def display(question: Question, version: QuestionVersion, value: Any, text: str) -> str:
    """An answer in words, for exports and the staff's list of one response."""
    kind = question.kind
    if value is None and not text:
        return ""
    if kind in Question.TEXT_KINDS:
        return text
    if kind == Kind.YES_NO:
        return _("oui") if value == YES else _("non")
    if kind in {Kind.SINGLE, Kind.COMMUNE}:
        return text if value == OTHER else version.label_of(value)
    if kind in {Kind.MULTIPLE, Kind.RANKING}:
        labels = [text if key == OTHER else version.label_of(key) for key in value]
        return " | ".join(labels)
    if kind == Kind.MATRIX:
        parts = []
        for row, chosen in value.items():
            columns = chosen if isinstance(chosen, list) else [chosen]
            parts.append(
                f"{version.label_of(row)} : {', '.join(version.label_of(c) for c in columns)}"
            )
        return " | ".join(parts)
    if kind == Kind.NUMBER:
        return str(value).replace(".", ",")
    if kind == Kind.DATE:
        return date.fromisoformat(value).strftime("%d/%m/%Y")
    if kind == Kind.FILE:
        return file_summary(value)
    return str(value)


def file_summary(value: Any) -> str:
    """A file answer without its name (the name may name the person): « fichier .pdf, 12 Ko »."""
    if not isinstance(value, dict):
        return ""
    size = int(value.get("size") or 0)
    if size < stored_files.MB:
        return _("fichier .%(extension)s, %(size)s Ko") % {
            "extension": value.get("type", "?"),
            "size": max(1, -(-size // 1024)),
        }
    return _("fichier .%(extension)s, %(size)s Mo") % {
        "extension": value.get("type", "?"),
        "size": _megabytes(size),
    }


def form_data_from_cell(question: Question, version: QuestionVersion, cell: str) -> dict:
    """One CSV cell as the page would have sent it: options by label or number, "|" between."""
    from parlons.core.csv_import import normalise

    name = question.field_name
    cell = (cell or "").strip()
    if not cell:
        return {}
    kind = question.kind

    def key_for(raw: str) -> str:
        wanted = normalise(raw)
        for position, option in enumerate(version.choices, start=1):
            if wanted in {normalise(option["label"]), option["key"], str(position)}:
                return option["key"]
        if question.allow_other and wanted.startswith("autre"):
            return OTHER
        return raw  # unknown: read_answer says so

    if kind == Kind.YES_NO:
        word = normalise(cell)
        return {
            name: YES
            if word in {"oui", "o", "1", "x", "yes"}
            else NO
            if word in {"non", "n", "0", "no"}
            else cell
        }
    if kind in {Kind.SINGLE, Kind.COMMUNE}:
        if kind == Kind.SINGLE and question.allow_other and normalise(cell).startswith("autre"):
            return {name: OTHER, f"{name}_other": cell.partition(":")[2].strip()}
        return {name: key_for(cell)}
    if kind == Kind.MULTIPLE:
        keys, other = [], ""
        for part in cell.split("|"):
            key = key_for(part.strip())
            if key == OTHER:
                other = part.partition(":")[2].strip()
            keys.append(key)
        return {name: keys, f"{name}_other": other}
    if kind == Kind.RANKING:
        parts = [key_for(part.strip()) for part in cell.split("|")]
        return {f"{name}_{key}": str(rank) for rank, key in enumerate(parts, start=1)}
    return {name: cell}


def _option_key(version: QuestionVersion, raw: str) -> str | None:
    from parlons.core.csv_import import normalise

    wanted = normalise(raw)
    for position, option in enumerate(version.choices, start=1):
        if wanted in {normalise(option["label"]), option["key"], str(position)}:
            return option["key"]
    return None


def matrix_cell_keys(question: Question, version: QuestionVersion, cell: str) -> list[str]:
    """One CSV cell of a matrix row: its columns by label or number, several separated by "|".

    Raises AnswerError (the reason, in French, for the import's report).
    """
    keys: list[str] = []
    for part in (part.strip() for part in (cell or "").split("|")):
        if not part:
            continue
        key = _option_key(version, part)
        if key is None:
            raise AnswerError(
                _(
                    "« %(value)s » n'est pas une colonne de ce tableau. Colonnes : %(columns)s (ou leur numéro)."
                )
                % {
                    "value": part,
                    "columns": ", ".join(f"« {option['label']} »" for option in version.choices),
                }
            )
        if key not in keys:
            keys.append(key)
    if len(keys) > 1 and not question.matrix_multiple:
        raise AnswerError(_("une seule colonne par ligne dans ce tableau."))
    return keys


class FormData(dict):
    """A plain mapping that answers `getlist` like a QueryDict (for CSV rows and services)."""

    def getlist(self, key: str) -> list:
        value = self.get(key)
        if isinstance(value, list):
            return value
        return [] if value in (None, "") else [value]


def as_form_data(question: Question, value: Any, text: str) -> dict:
    """A stored answer as the page sends it, to show it again in its fields."""
    name = question.field_name
    kind = question.kind
    if kind in Question.TEXT_KINDS:
        return {name: text}
    if kind == Kind.MULTIPLE:
        return {name: list(value), f"{name}_other": text}
    if kind == Kind.RANKING:
        return {f"{name}_{key}": str(rank) for rank, key in enumerate(value, start=1)}
    if kind == Kind.MATRIX:
        return {
            f"{name}_{row}": chosen if isinstance(chosen, list) else [chosen]
            for row, chosen in value.items()
        }
    if kind == Kind.NUMBER:
        return {name: str(value).replace(".", ",")}
    if kind == Kind.FILE:
        return {}  # a browser never fills a file field: the page names the kept file
    if kind == Kind.SINGLE and value == OTHER:
        return {name: OTHER, f"{name}_other": text}
    return {name: str(value)}
