"""Paper forms: numbered copies printed as a PDF, and a copy never entered twice."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from pypdf import PdfReader

from parlons.conftest import login_staff
from parlons.core.audit import AuditEntry
from parlons.questionnaires import printing, services
from parlons.questionnaires.answering import FormData
from parlons.questionnaires.models import Question, Response

pytestmark = pytest.mark.django_db
Kind = Question.Kind


def _url(survey, tail=""):
    questionnaire = survey["questionnaire"]
    return f"/demarches/{questionnaire.process.slug}/questionnaires/{questionnaire.pk}/{tail}"


def _pdf_pages(content: bytes) -> list[str]:
    """Each page's text, whitespace collapsed (as pdftotext would read it)."""
    return [
        re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(io.BytesIO(content)).pages
    ]


def test_the_check_letter_catches_one_wrong_digit_and_two_swapped_digits():
    assert printing.copy_id(12, 1) == f"Q12-0001-{printing.check_letter(12, 1)}"
    for number in range(1, 400):
        letter = printing.check_letter(12, number)
        digits = f"{number:04d}"
        for position in range(4):
            for other in "0123456789":
                if other != digits[position]:
                    typo = int(digits[:position] + other + digits[position + 1 :])
                    assert printing.check_letter(12, typo) != letter, (number, typo)
            if position < 3 and digits[position] != digits[position + 1]:
                swapped = (
                    digits[:position]
                    + digits[position + 1]
                    + digits[position]
                    + digits[position + 2 :]
                )
                assert printing.check_letter(12, int(swapped)) != letter, (number, swapped)


def test_a_typed_identifier_is_read_in_any_case_and_refused_when_wrong(survey):
    questionnaire = survey["questionnaire"]
    right = printing.copy_id(questionnaire.pk, 7)
    assert printing.read_copy_id(questionnaire, f"  {right.lower()} ") == right
    assert printing.read_copy_id(questionnaire, right.replace("-", " ")) == right
    assert printing.read_copy_id(questionnaire, "") == ""
    wrong_letter = right[:-1] + ("A" if right[-1] != "A" else "B")
    with pytest.raises(ValidationError, match="lettre de contrôle"):
        printing.read_copy_id(questionnaire, wrong_letter)
    with pytest.raises(ValidationError, match="autre questionnaire"):
        printing.read_copy_id(questionnaire, printing.copy_id(questionnaire.pk + 1, 7))
    with pytest.raises(ValidationError, match="n'est pas un numéro d'exemplaire"):
        printing.read_copy_id(questionnaire, "7")


def test_the_pdf_has_every_question_and_each_copy_its_identifier_on_each_page(survey, organiser):
    questionnaire = survey["questionnaire"]
    first, second = survey["sections"]
    # Every other kind, so each is drawn at least once.
    for kind, extra in [
        (Kind.SHORT_TEXT, {}),
        (Kind.LONG_TEXT, {}),
        (Kind.SCALE, {"scale_max": 5, "low_label": "Pas du tout", "high_label": "Tout à fait"}),
        (Kind.RANKING, {"choices_text": "Prix\nDistance\nHoraires"}),
        (Kind.MATRIX, {"choices_text": "Jamais\nParfois\nSouvent", "rows_text": "Courriel\nVisio"}),
        (Kind.DATE, {}),
        (Kind.POSTCODE, {}),
        (Kind.COMMUNE, {}),
    ]:
        services.add_question(
            actor=organiser, section=second, kind=kind, wording=f"Question {kind}", **extra
        )
    first_number, document = printing.print_copies(
        actor=organiser, questionnaire=questionnaire, count=3
    )
    assert first_number == 1 and document.startswith(b"%PDF")
    pages = _pdf_pages(document)
    text = " ".join(pages)
    for wording in [
        "Quels appareils utilisez-vous ?",
        "Avez-vous besoin d'aide ?",
        "Question matrix",
        "Question postcode",
        "Courriel",
        "Pas du tout",
        "Autre, précisez",
    ]:
        assert re.sub(r"\s+", " ", wording) in text  # the PDF's text has plain spaces
    assert (
        "Répondez seulement si vous avez répondu « Oui » à la question 2.".replace("\xa0", " ")
        in text
    )
    per_copy = len(pages) // 3
    assert per_copy >= 1 and len(pages) == 3 * per_copy
    for number in (1, 2, 3):
        copy = printing.copy_id(questionnaire.pk, number)
        copy_pages = pages[(number - 1) * per_copy : number * per_copy]
        for index, page in enumerate(copy_pages, start=1):
            assert copy in page
            assert f"page {index} / {per_copy}" in page
    questionnaire.refresh_from_db()
    assert questionnaire.paper_copies_printed == 3
    again, _document = printing.print_copies(actor=organiser, questionnaire=questionnaire, count=1)
    assert again == 4
    assert AuditEntry.objects.filter(action="questionnaires.print_copies").count() == 2


def test_the_print_page_gives_the_pdf_to_mediators_only(client, survey, mediator, citizen):
    login_staff(client, citizen)
    assert client.get(_url(survey, "imprimer/")).status_code == 403
    client.logout()
    login_staff(client, mediator)
    page = client.get(_url(survey, "imprimer/"))
    assert page.status_code == 200
    assert "Imprimer le questionnaire" in page.content.decode()
    refused = client.post(_url(survey, "imprimer/"), {"copies": "5000"})
    assert refused.status_code == 400 and 'value="5000"' in refused.content.decode()
    done = client.post(_url(survey, "imprimer/"), {"copies": "2"})
    assert done["Content-Type"] == "application/pdf"
    assert "exemplaires-0001-0002.pdf" in done["Content-Disposition"]
    assert printing.copy_id(survey["questionnaire"].pk, 2) in " ".join(_pdf_pages(done.content))


def _paper_fields(survey) -> dict:
    return {
        survey["equipment"].field_name: ["c1"],
        survey["need_help"].field_name: "no",
        "consent": "on",
    }


def test_the_same_copy_is_not_typed_twice(client, survey, mediator):
    questionnaire = survey["questionnaire"]
    copy = printing.copy_id(questionnaire.pk, 3)
    login_staff(client, mediator)
    url = _url(survey, "saisie-papier/")
    assert (
        client.post(url, {**_paper_fields(survey), "paper_copy": copy.lower()}).status_code == 302
    )
    assert Response.objects.get().paper_copy_id == copy
    twice = client.post(url, {**_paper_fields(survey), "paper_copy": copy})
    assert twice.status_code == 400
    page = twice.content.decode()
    assert f"L&#x27;exemplaire {copy} a déjà été saisi" in page
    assert f'value="{copy}"' in page  # what was typed is kept
    assert Response.objects.count() == 1
    mistyped = copy[:-1] + ("A" if copy[-1] != "A" else "B")
    refused = client.post(url, {**_paper_fields(survey), "paper_copy": mistyped})
    assert refused.status_code == 400 and "lettre de contrôle" in refused.content.decode()


def test_the_csv_import_refuses_a_copy_already_entered_or_twice_in_the_file(survey, mediator):
    questionnaire = survey["questionnaire"]
    one, two = printing.copy_id(questionnaire.pk, 1), printing.copy_id(questionnaire.pk, 2)
    services.enter_paper_answers(
        actor=mediator,
        questionnaire=questionnaire,
        data=FormData(_paper_fields(survey)),
        consent=True,
        paper_copy=one,
    )
    rows = f"q1;q2;consentement;exemplaire\nOrdinateur;non;oui;{one}\nTablette;non;oui;{two}\nTéléphone;non;oui;{two}\n"
    with pytest.raises(services.ImportRejected) as rejected:
        services.import_paper_answers(
            actor=mediator, questionnaire=questionnaire, file=rows.encode()
        )
    problems = {(error.line, error.column): str(error.reason) for error in rejected.value.errors}
    assert "déjà été saisi" in problems[(2, "exemplaire")]
    assert problems[(4, "exemplaire")] == f"l'exemplaire {two} est déjà à la ligne 3 de ce fichier."
    assert Response.objects.count() == 1
    good = f"q1;q2;consentement;exemplaire\nTablette;non;oui;{two}\nTéléphone;non;oui;\n"
    services.import_paper_answers(
        actor=mediator,
        questionnaire=questionnaire,
        file=SimpleUploadedFile("papier.csv", good.encode()),
    )
    assert sorted(Response.objects.values_list("paper_copy_id", flat=True)) == ["", one, two]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writes need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_the_same_copy_typed_at_once_on_two_screens_is_saved_once(survey, mediator):
    import threading

    from django.db import connections

    questionnaire = survey["questionnaire"]
    copy = printing.copy_id(questionnaire.pk, 9)
    barrier = threading.Barrier(3)
    saved: list[int] = []
    refused: list[str] = []
    errors: list[BaseException] = []

    def enter():
        try:
            barrier.wait()
            response = services.enter_paper_answers(
                actor=mediator,
                questionnaire=questionnaire,
                data=FormData(_paper_fields(survey)),
                consent=True,
                paper_copy=copy,
            )
            saved.append(response.pk)
        except services.SectionErrors as error:
            refused.append(error.message_dict[printing.COPY_FIELD][0])
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=enter) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(saved) == 1 and len(refused) == 2
    assert all("a déjà été saisi" in message for message in refused)
    assert Response.objects.filter(paper_copy_id=copy).count() == 1
