"""The pages, through the test client: answering, building, paper entry and import, results."""

import csv
import io
import zipfile

import pytest

from parlons.conftest import login_staff
from parlons.questionnaires import services
from parlons.questionnaires.models import Answer, Question, Response

from .conftest import answer_survey

pytestmark = pytest.mark.django_db


def _url(survey, tail=""):
    questionnaire = survey["questionnaire"]
    return f"/demarches/{questionnaire.process.slug}/questionnaires/{questionnaire.pk}/{tail}"


def _staff_url(survey, tail=""):
    questionnaire = survey["questionnaire"]
    return (
        f"/demarches/{questionnaire.process.slug}/equipe/questionnaires/{questionnaire.pk}/{tail}"
    )


def test_a_visitor_answers_part_by_part_and_the_condition_is_applied(client, survey):
    equipment, need_help = survey["equipment"], survey["need_help"]
    page = client.get(_url(survey))
    assert "Vos usages du numérique" in page.content.decode()
    assert client.post(_url(survey)).headers["Location"] == _url(survey, "partie/1/")
    # A missing required answer: a French message, what was typed kept.
    refused = client.post(
        _url(survey, "partie/1/"),
        {equipment.field_name: ["c1", "__other__"], f"{equipment.field_name}_other": ""},
    )
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "Vous avez choisi « Autre » : précisez votre réponse." in text
    assert "Cette question demande une réponse." in text
    assert 'value="c1" checked' in text
    # "No help needed": the second part asks only the age.
    done = client.post(
        _url(survey, "partie/1/"), {equipment.field_name: ["c2"], need_help.field_name: "no"}
    )
    assert done.headers["Location"] == _url(survey, "partie/2/")
    second = client.get(_url(survey, "partie/2/")).content.decode()
    assert "Votre âge" in second and "Quelle aide ?" not in second
    assert (
        client.post(_url(survey, "partie/2/"), {survey["age"].field_name: "200"}).status_code == 400
    )
    assert client.post(_url(survey, "partie/2/"), {survey["age"].field_name: "42"}).headers[
        "Location"
    ] == _url(survey, "envoyer/")
    review = client.get(_url(survey, "envoyer/")).content.decode()
    assert "Téléphone" in review and "42" in review
    assert client.post(_url(survey, "envoyer/")).headers["Location"] == _url(survey, "merci/")
    response = Response.objects.get()
    assert response.is_submitted and response.respondent is None
    assert dict(Answer.objects.filter(response=response).values_list("question_id", "value")) == {
        equipment.pk: ["c2"],
        need_help.pk: "no",
        survey["age"].pk: 42,
    }


def test_an_account_questionnaire_asks_to_sign_in(client, survey, organiser):
    services.update_questionnaire(
        actor=organiser, questionnaire=survey["questionnaire"], access="account"
    )
    page = client.get(_url(survey)).content.decode()
    assert "Se connecter pour répondre" in page
    assert client.post(_url(survey)).status_code == 400


def test_a_code_questionnaire_takes_a_code_once(client, survey, organiser):
    services.update_questionnaire(
        actor=organiser, questionnaire=survey["questionnaire"], access="code"
    )
    code = services.generate_codes(actor=organiser, questionnaire=survey["questionnaire"], count=1)[
        0
    ]
    wrong = client.post(_url(survey), {"code": "ZZZZZ-ZZZZZ"})
    assert wrong.status_code == 400
    assert "Ce code n&#x27;est pas valable" in wrong.content.decode()
    assert client.post(_url(survey), {"code": code}).status_code == 302
    assert Response.objects.get().access_code is not None


def test_the_organiser_builds_a_questionnaire_without_javascript(client, survey_process, organiser):
    login_staff(client, organiser)
    base = f"/demarches/{survey_process.slug}/equipe/questionnaires/"
    created = client.post(
        base,
        {
            "title": "Enquête mobilité",
            "introduction": "",
            "access": "open",
            "editable_until_close": "on",
        },
    )
    assert created.status_code == 302
    questionnaire = survey_process.questionnaires.get()
    build = f"{base}{questionnaire.pk}/"
    client.post(build + "parties/", {"title": "Vos trajets", "description": ""})
    section = questionnaire.sections.get()
    added = client.post(
        f"{build}parties/{section.pk}/questions/",
        {
            "kind": "single",
            "wording": "Comment venez-vous ?",
            "choices_text": "À pied\nEn bus\nEn voiture",
            "required": "on",
        },
    )
    assert added.status_code == 302
    question = Question.objects.get(questionnaire=questionnaire)
    assert [o["label"] for o in question.choices] == ["À pied", "En bus", "En voiture"]
    refused = client.post(
        f"{build}parties/{section.pk}/questions/", {"kind": "single", "wording": "Sans options"}
    )
    assert refused.status_code == 400
    assert "Écrivez au moins deux options" in refused.content.decode()
    page = client.get(build).content.decode()
    assert "Comment venez-vous ?" in page
    preview = client.get(build + "apercu/").content.decode()
    assert "En voiture" in preview


def test_deleting_an_answered_question_is_refused_on_the_page(client, survey, organiser, citizen):
    answer_survey(survey, actor=citizen)
    login_staff(client, organiser)
    question = survey["need_help"]
    url = _staff_url(survey, f"parties/{question.section_id}/questions/{question.pk}/")
    page = client.post(url, {"action": "delete"}, follow=True).content.decode()
    assert "Impossible de supprimer cette question" in page
    assert Question.objects.filter(pk=question.pk).exists()


def test_the_mediator_types_a_paper_answer(client, survey, mediator):
    login_staff(client, mediator)
    url = _url(survey, "saisie-papier/")
    page = client.get(url).content.decode()
    assert "saisie papier" in page
    fields = {survey["equipment"].field_name: ["c1"], survey["need_help"].field_name: "yes"}
    refused = client.post(url, {**fields, survey["which_help"].field_name: "c1"})
    assert refused.status_code == 400
    assert "Sans l&#x27;accord de la personne" in refused.content.decode()
    saved = client.post(url, {**fields, survey["which_help"].field_name: "c1", "consent": "on"})
    assert saved.status_code == 302
    response = Response.objects.get()
    assert response.source == "paper" and response.entered_by == mediator
    assert response.consent_text_version


def test_a_paper_import_with_one_bad_row_imports_nothing(client, survey, mediator):
    login_staff(client, mediator)
    url = _url(survey, "import-papier/")
    bad = "q1;q2;q3;q4;consentement\nOrdinateur|Tablette;oui;Un atelier;70;oui\nTéléphone;peut-être;;30;oui\n"
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = client.post(url, {"file": SimpleUploadedFile("papier.csv", bad.encode())})
    assert page.status_code == 400
    text = page.content.decode()
    assert "<td>3</td><td>q2</td>" in text
    assert Response.objects.count() == 0
    good = "q1;q2;q3;q4;consentement\nOrdinateur|Tablette;oui;Un atelier;70;oui\nTéléphone;non;;30;oui\n"
    done = client.post(url, {"file": SimpleUploadedFile("papier.csv", good.encode())})
    assert done.status_code == 302
    assert Response.objects.filter(source="paper").count() == 2


def test_results_are_published_and_exported(client, survey, organiser, citizen):
    answer_survey(survey, actor=citizen, equipment=("c1",))
    assert client.get(_url(survey, "resultats/")).status_code == 404
    login_staff(client, organiser)
    staff = client.get(_staff_url(survey, "resultats/")).content.decode()
    assert "<svg" in staff and "100,0 %" in staff
    client.post(_staff_url(survey, "resultats/"), {"action": "publish"})
    client.logout()
    public = client.get(_url(survey, "resultats/")).content.decode()
    assert "&lt; 5" in public and "100,0 %" not in public
    masked = b"".join(client.get(_url(survey, "resultats.csv")).streaming_content).decode()
    assert "Q1. Quels appareils utilisez-vous\u00a0?;Ordinateur;< 5;" in masked
    login_staff(client, organiser)
    exported = client.get(_staff_url(survey, "export.csv"))
    content = b"".join(exported.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][4] == "Q1. Quels appareils utilisez-vous ?"
    assert rows[1][4] == "Ordinateur"
    workbook = zipfile.ZipFile(io.BytesIO(client.get(_staff_url(survey, "export.xlsx")).content))
    assert "Ordinateur" in workbook.read("xl/worksheets/sheet1.xml").decode()


def test_exports_neutralise_formulas(survey, organiser, citizen):
    from parlons.questionnaires.exports import csv_rows

    question = services.add_question(
        actor=organiser, section=survey["sections"][1], kind="short_text", wording="Un mot ?"
    )
    from django.contrib.auth.models import AnonymousUser

    from parlons.questionnaires.answering import FormData

    actor = AnonymousUser()
    response = services.start_response(actor=actor, questionnaire=survey["questionnaire"])
    services.save_section(
        actor=actor,
        response=response,
        section=survey["sections"][0],
        data=FormData(
            {survey["equipment"].field_name: ["c1"], survey["need_help"].field_name: "no"}
        ),
    )
    services.save_section(
        actor=actor,
        response=response,
        section=survey["sections"][1],
        data=FormData({question.field_name: '=HYPERLINK("http://x")'}),
    )
    services.submit_response(actor=actor, response=response)
    content = "".join(csv_rows(survey["questionnaire"]))
    assert "'=HYPERLINK" in content


@pytest.mark.parametrize("role", ["anonymous", "citizen", "mediator"])
def test_staff_pages_are_refused_to_others(client, survey, personas, role):
    if personas[role] is not None:
        login_staff(client, personas[role])
    for tail in ("", "resultats/", "export.csv", "apercu/", "codes/"):
        assert client.get(_staff_url(survey, tail)).status_code in {302, 403}


def test_results_and_export_read_a_fixed_number_of_queries(client, survey, organiser):
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login_staff(client, organiser)
    services.publish_results(actor=organiser, questionnaire=survey["questionnaire"])

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
        return len(captured.captured_queries)

    counts = []
    for more in (2, 8):
        for _ in range(more):
            answer_survey(survey, actor=AnonymousUser(), equipment=("c1", "c3"), age="30")
        counts.append(
            (
                queries(_url(survey, "resultats/")),
                queries(_staff_url(survey, "resultats/")),
                queries(_staff_url(survey, "export.csv")),
            )
        )
    assert counts[0] == counts[1]
