"""File questions: checked by content, kept privately, read by the team only, purged and erased."""

import csv
import io
import zipfile
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from parlons.conftest import login_staff
from parlons.privacy.services import erase_account, purge_expired
from parlons.questionnaires import files, services
from parlons.questionnaires.answering import FormData
from parlons.questionnaires.models import Answer, AnswerFile, Question, Tally
from parlons.questionnaires.queries import results

from .conftest import answer_survey

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def _odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office/>")
    return buffer.getvalue()


@pytest.fixture
def with_file(survey, organiser):
    """A third part asks for a quote, as a PDF or an image, 1 MB at most."""
    section = services.add_section(
        actor=organiser, questionnaire=survey["questionnaire"], title="Justificatif"
    )
    question = services.add_question(
        actor=organiser,
        section=section,
        kind=Question.Kind.FILE,
        wording="Joignez votre devis",
        file_kinds=["pdf", "image"],
        file_max_mb=1,
    )
    return {**survey, "file": question, "file_section": section}


def _send(survey, name, content, *, actor=None, submit=True):
    actor = actor or AnonymousUser()
    response = answer_survey(survey, actor=actor) if submit else None
    if response is None:
        response = services.start_response(actor=actor, questionnaire=survey["questionnaire"])
    question = survey["file"]
    upload = MultiValueDict({question.field_name: [SimpleUploadedFile(name, content)]})
    services.save_section(
        actor=actor,
        response=response,
        section=survey["file_section"],
        data=FormData(),
        files=upload,
    )
    return response


def test_the_builder_refuses_a_file_question_without_kinds_or_above_the_ceiling(
    survey, organiser, settings
):
    from django.core.exceptions import ValidationError

    settings.QUESTIONNAIRE_FILE_MAX_MB = 10
    section = survey["sections"][1]
    with pytest.raises(ValidationError) as no_kind:
        services.add_question(actor=organiser, section=section, kind="file", wording="Un fichier")
    assert "Choisissez au moins un type de fichier accepté." in no_kind.value.messages
    with pytest.raises(ValidationError) as too_big:
        services.add_question(
            actor=organiser,
            section=section,
            kind="file",
            wording="Un fichier",
            file_kinds=["pdf"],
            file_max_mb=11,
        )
    assert "La taille maximale va de 1 à 10 Mo (limite de la plateforme)." in too_big.value.messages
    question = services.add_question(
        actor=organiser, section=section, kind="file", wording="Un fichier", file_kinds=["pdf"]
    )
    assert question.max_file_mb == files.DEFAULT_MAX_MB
    settings.QUESTIONNAIRE_FILE_MAX_MB = 2  # the ceiling lowered later wins
    assert question.max_file_mb == 2


@pytest.mark.parametrize(
    ("name", "content"),
    [("devis.pdf", PDF), ("photo.PNG", PNG), ("photo.jpeg", b"\xff\xd8\xff\xe0" + b"\0" * 20)],
)
def test_an_accepted_file_is_kept_privately_under_a_random_name(with_file, name, content):
    response = _send(with_file, name, content)
    joined = AnswerFile.objects.get(answer__response=response)
    assert joined.name == name and joined.size == len(content)
    path = files.path_of(joined.stored_name)
    assert path.read_bytes() == content
    assert name not in str(path) and "." not in path.name
    from django.conf import settings

    assert settings.MEDIA_ROOT not in path.parents
    assert path.stat().st_mode & 0o077 == 0  # readable by Parlons' account only


def test_office_documents_are_recognised_by_their_container(survey, organiser):
    section = survey["sections"][1]
    question = services.add_question(
        actor=organiser, section=section, kind="file", wording="Le compte rendu",
        file_kinds=["document"],
    )  # fmt: skip
    from parlons.questionnaires.answering import read_answer

    version = question.current_version
    for name, content in (("cr.docx", _docx()), ("cr.odt", _odt())):
        read = read_answer(
            question, version, {}, {question.field_name: SimpleUploadedFile(name, content)}
        )
        assert read.value["type"] == name.rsplit(".", 1)[1]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "devis.exe",
            b"MZ\x90\x00",
            "Ce type de fichier n'est pas accepté ici. Fichiers acceptés : PDF ou image JPEG ou PNG.",
        ),
        (
            "devis.pdf",
            b"MZ\x90\x00 a program renamed",
            "Le contenu de ce fichier ne correspond pas à un fichier .pdf : il est peut-être abîmé "
            "ou renommé. Fichiers acceptés : PDF ou image JPEG ou PNG.",
        ),
        ("photo.png", PDF, "Le contenu de ce fichier ne correspond pas à un fichier .png"),
        (
            "devis.pdf",
            b"%PDF-" + b"x" * (1024 * 1024),
            "Ce fichier fait 1,0 Mo : 1 Mo au plus. Réduisez-le ou choisissez-en un autre.",
        ),
        ("vide.pdf", b"", "Ce fichier est vide : choisissez-en un autre."),
    ],
)
def test_a_bad_file_is_refused_in_french_and_nothing_of_the_page_is_kept(
    with_file, name, content, message, private_dir
):
    with pytest.raises(services.SectionErrors) as refused:
        _send(with_file, name, content)
    assert refused.value.message_dict[with_file["file"].field_name][0].startswith(message)
    assert not AnswerFile.objects.exists()
    assert not any(path.is_file() for path in private_dir.rglob("*"))  # nothing on disk


def test_a_required_file_and_a_bad_file_on_a_page_with_other_answers(with_file, organiser):
    services.update_question(
        actor=organiser, question=with_file["file"], required=True, wording="Joignez votre devis",
        file_kinds=["pdf"],
    )  # fmt: skip
    note = services.add_question(
        actor=organiser, section=with_file["file_section"], kind="short_text", wording="Un mot"
    )
    actor = AnonymousUser()
    response = services.start_response(actor=actor, questionnaire=with_file["questionnaire"])
    section = with_file["file_section"]
    with pytest.raises(services.SectionErrors) as missing:
        services.save_section(
            actor=actor, response=response, section=section, data=FormData({note.field_name: "ok"})
        )
    assert missing.value.message_dict == {
        with_file["file"].field_name: ["Cette question demande une réponse."]
    }
    assert not Answer.objects.filter(question=note).exists()  # the page is kept whole or not
    with pytest.raises(services.SectionErrors) as wrong:
        services.save_section(
            actor=actor,
            response=response,
            section=section,
            data=FormData({note.field_name: "ok"}),
            files=MultiValueDict(
                {with_file["file"].field_name: [SimpleUploadedFile("photo.png", PNG)]}
            ),
        )
    assert list(wrong.value.message_dict) == [with_file["file"].field_name]
    assert "Fichiers acceptés : PDF." in wrong.value.message_dict[with_file["file"].field_name][0]


def test_a_file_sent_earlier_is_kept_replaced_or_removed(
    with_file, django_capture_on_commit_callbacks
):
    response = _send(with_file, "devis.pdf", PDF)
    question, section = with_file["file"], with_file["file_section"]
    first = AnswerFile.objects.get()
    first_path = files.path_of(first.stored_name)
    actor = AnonymousUser()
    # Saving the page again without choosing a file keeps it.
    services.save_section(actor=actor, response=response, section=section, data=FormData())
    assert AnswerFile.objects.get().pk == first.pk
    # A new file replaces it, and the old one leaves the disk.
    with django_capture_on_commit_callbacks(execute=True):
        services.save_section(
            actor=actor,
            response=response,
            section=section,
            data=FormData(),
            files=MultiValueDict({question.field_name: [SimpleUploadedFile("b.png", PNG)]}),
        )
    assert AnswerFile.objects.get().name == "b.png"
    assert not first_path.exists()
    second_path = files.path_of(AnswerFile.objects.get().stored_name)
    with django_capture_on_commit_callbacks(execute=True):
        services.save_section(
            actor=actor,
            response=response,
            section=section,
            data=FormData({f"{question.field_name}_remove": "on"}),
        )
    assert not AnswerFile.objects.exists() and not second_path.exists()
    assert not Answer.objects.filter(question=question).exists()
    assert Tally.objects.get(question=question, key="").count == 0


def test_results_count_files_and_never_show_them(with_file):
    for number in range(6):
        _send(with_file, f"devis-{number}.pdf", PDF)
    staff = {r.question.pk: r for r in results(with_file["questionnaire"], public=False)}
    assert staff[with_file["file"].pk].answered == 6 and staff[with_file["file"].pk].cells == []
    from parlons.questionnaires.datasets import result_rows

    with_file["questionnaire"].results_published_at = timezone.now()
    with_file["questionnaire"].save()
    rows = list(result_rows(with_file["questionnaire"].process))
    assert all("devis" not in str(row) for row in rows)
    assert not [row for row in rows if row["question"] == 5]


def test_the_public_page_says_how_many_files_and_masks_a_small_count(client, with_file):
    _send(with_file, "devis-jean-dupont.pdf", PDF)
    with_file["questionnaire"].results_published_at = timezone.now()
    with_file["questionnaire"].save()
    questionnaire = with_file["questionnaire"]
    url = f"/demarches/{questionnaire.process.slug}/questionnaires/{questionnaire.pk}/resultats/"
    page = client.get(url).content.decode()
    assert "Moins de 5 fichiers reçus." in page and "Les fichiers ne sont jamais publiés." in page
    assert "jean-dupont" not in page
    for number in range(5):
        _send(with_file, f"devis-{number}.pdf", PDF)
    assert "6 fichiers reçus." in client.get(url).content.decode()


def test_only_the_team_downloads_a_file_as_an_attachment(client, with_file, personas, organiser):
    response = _send(with_file, "devis.pdf", PDF)
    joined = AnswerFile.objects.get(answer__response=response)
    questionnaire = with_file["questionnaire"]
    url = (
        f"/demarches/{questionnaire.process.slug}/equipe/questionnaires/{questionnaire.pk}"
        f"/fichiers/{joined.pk}/"
    )
    for role in ("citizen", "mediator", "moderator"):
        client.logout()
        login_staff(client, personas[role])
        assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302  # to sign in
    login_staff(client, organiser)
    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"] == 'attachment; filename="devis.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Type"] == "application/pdf"
    from parlons.core.models import AuditEntry

    assert AuditEntry.objects.filter(
        action="questionnaires.download_file", actor=organiser, target_id=str(response.pk)
    ).exists()


def test_staff_exports_give_the_name_and_the_link(client, with_file, organiser):
    response = _send(with_file, "devis=cmd.pdf", PDF)
    joined = AnswerFile.objects.get(answer__response=response)
    questionnaire = with_file["questionnaire"]
    login_staff(client, organiser)
    staff = f"/demarches/{questionnaire.process.slug}/equipe/questionnaires/{questionnaire.pk}/"
    content = b"".join(client.get(staff + "export.csv").streaming_content).decode()
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))
    column = rows[0].index("Q5. Joignez votre devis")
    assert rows[1][column].startswith("devis=cmd.pdf — http")
    assert rows[1][column].endswith(f"{staff}fichiers/{joined.pk}/")
    sheet = zipfile.ZipFile(io.BytesIO(client.get(staff + "export.xlsx").content))
    assert f"fichiers/{joined.pk}/" in sheet.read("xl/worksheets/sheet1.xml").decode()


def test_the_purge_and_the_erasure_delete_the_files(
    with_file, citizen, django_capture_on_commit_callbacks
):
    kept = _send(with_file, "a-garder.pdf", PDF)
    old = _send(with_file, "ancien.pdf", PDF)
    mine = _send(with_file, "cv-de-citizen.pdf", PDF, actor=citizen)
    paths = {
        joined.answer.response_id: files.path_of(joined.stored_name)
        for joined in AnswerFile.objects.select_related("answer")
    }
    AnswerFile.objects.filter(answer__response=old).update(
        created_at=timezone.now() - timedelta(days=366)
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = purge_expired()
    assert report["questionnaires.AnswerFile.name"] == 1
    assert not paths[old.pk].exists() and paths[kept.pk].exists()
    with django_capture_on_commit_callbacks(execute=True):
        erase_account(actor=citizen, user=citizen)
    assert not paths[mine.pk].exists() and paths[kept.pk].exists()
    assert list(AnswerFile.objects.values_list("name", flat=True)) == ["a-garder.pdf"]
    # The answers still count as "a file sent": only the files and their names went.
    assert Tally.objects.get(question=with_file["file"], key="").count == 3


def test_withdrawing_a_paper_response_deletes_its_file(
    with_file, mediator, dpo, django_capture_on_commit_callbacks
):
    question = with_file["file"]
    data = FormData(
        {
            with_file["equipment"].field_name: ["c1"],
            with_file["need_help"].field_name: "no",
        }
    )
    response = services.enter_paper_answers(
        actor=mediator,
        questionnaire=with_file["questionnaire"],
        data=data,
        consent=True,
        source="counter",
        files=MultiValueDict({question.field_name: [SimpleUploadedFile("scan.pdf", PDF)]}),
    )
    path = files.path_of(AnswerFile.objects.get(answer__response=response).stored_name)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_response_on_request(actor=dpo, response=response, reference="DEM-1")
    assert not path.exists() and not AnswerFile.objects.exists()


def test_a_file_column_in_the_paper_csv_must_stay_empty(with_file, mediator):
    content = b"q1;q2;q3;q4;q5;consentement\nOrdinateur;non;;;devis.pdf;oui\n"
    with pytest.raises(services.ImportRejected) as rejected:
        services.import_paper_answers(
            actor=mediator, questionnaire=with_file["questionnaire"], file=content
        )
    assert [(e.line, e.column) for e in rejected.value.errors] == [(2, "q5")]
    assert "un fichier ne s'importe pas depuis un CSV" in rejected.value.errors[0].reason


def test_a_file_answer_in_words_gives_its_kind_and_size_never_its_name():
    from parlons.questionnaires.answering import file_summary

    assert file_summary({"type": "pdf", "size": 300}) == "fichier .pdf, 1 Ko"
    assert file_summary({"type": "png", "size": 5000}) == "fichier .png, 5 Ko"
    assert file_summary({"type": "pdf", "size": 3 * 1024 * 1024 + 200_000}) == (
        "fichier .pdf, 3,2 Mo"
    )


def test_a_staff_correction_keeps_the_file_sent_earlier(with_file, organiser):
    response = _send(with_file, "devis.pdf", PDF)
    unchanged = FormData(
        {
            with_file["equipment"].field_name: ["c1"],
            with_file["need_help"].field_name: "yes",
            with_file["which_help"].field_name: "c1",
        }
    )
    assert services.correct_response(actor=organiser, response=response, data=unchanged) == []
    assert AnswerFile.objects.get(answer__response=response).name == "devis.pdf"
    removed = FormData({**unchanged, f"{with_file['file'].field_name}_remove": "on"})
    assert services.correct_response(actor=organiser, response=response, data=removed) == [
        with_file["file"]
    ]
    assert not AnswerFile.objects.exists()
    assert Tally.objects.get(question=with_file["file"], key="").count == 0


def test_the_correction_page_names_the_file_and_links_its_download(client, with_file, organiser):
    response = _send(with_file, "devis-2026.pdf", PDF)
    joined = AnswerFile.objects.get(answer__response=response)
    questionnaire = with_file["questionnaire"]
    staff = f"/demarches/{questionnaire.process.slug}/equipe/questionnaires/{questionnaire.pk}/"
    login_staff(client, organiser)
    page = client.get(f"{staff}reponses/{response.pk}/").content.decode()
    assert "Fichier joint : <strong>devis-2026.pdf</strong>" in page
    assert f'href="{staff}fichiers/{joined.pk}/"' in page
    assert 'enctype="multipart/form-data"' in page
