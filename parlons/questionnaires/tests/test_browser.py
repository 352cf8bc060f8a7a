"""In a real browser: a resident answers with JavaScript off (a conditional question appears
on the next page), a mediator types a paper answer with the keyboard, an organiser publishes
the results. axe-core checks every page; nothing overflows at 390 px.
"""

import pytest

from parlons.conftest import PASSWORD, confirm_second_factor_in_browser, screenshots
from parlons.questionnaires.models import Response

from .conftest import answer_survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user):
    page.goto(f"{live_server.url}/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("#id_password").press("Enter")
    confirm_second_factor_in_browser(page, user)


def submit(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name).press("Enter")


def test_a_resident_answers_with_javascript_off(
    no_js_page, live_server, survey, assert_accessible, tmp_path
):
    page = no_js_page
    questionnaire = survey["questionnaire"]
    page.goto(f"{live_server.url}/demarches/{questionnaire.process.slug}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Répondre : Vos usages du numérique").press("Enter")
    assert_accessible(page)
    submit(page, "Commencer")
    # Sent empty first: French messages, nothing lost.
    page.get_by_label("Ordinateur").check()
    submit(page, "Enregistrer et continuer")
    assert "Cette question demande une réponse." in page.content()
    assert page.get_by_label("Ordinateur").is_checked()
    assert_accessible(page)
    page.get_by_label("Oui").check()
    submit(page, "Enregistrer et continuer")
    # "Yes, I need help": the conditional question is on the next page.
    assert page.get_by_text("Quelle aide ?").is_visible()
    page.get_by_label("Un atelier").check()
    page.get_by_label("Votre âge").fill("200")
    submit(page, "Enregistrer et continuer")
    assert "Écrivez un nombre entre 15 et 110." in page.content()
    assert page.get_by_label("Un atelier").is_checked()
    assert_accessible(page)
    screenshots(page, "questionnaire-section", tmp_path)
    page.get_by_label("Votre âge").fill("67")
    submit(page, "Enregistrer et continuer")
    assert_accessible(page)
    submit(page, "Envoyer mes réponses")
    assert "Merci pour vos réponses" in page.content()
    assert_accessible(page)
    response = Response.objects.get()
    assert response.is_submitted
    assert response.answers.count() == 4


def test_a_mediator_types_a_paper_answer_with_the_keyboard(
    page, live_server, survey, mediator, assert_accessible, tmp_path
):
    questionnaire = survey["questionnaire"]
    sign_in(page, live_server, mediator)
    page.goto(
        f"{live_server.url}/demarches/{questionnaire.process.slug}/questionnaires/{questionnaire.pk}/saisie-papier/"
    )
    assert page.get_by_text("saisie papier", exact=True).is_visible()
    assert_accessible(page)
    page.get_by_label("Téléphone").focus()
    page.keyboard.press("Space")
    page.get_by_label("Non", exact=True).focus()
    page.keyboard.press("Space")
    page.get_by_label("Votre âge").focus()
    page.keyboard.type("81")
    submit(page, "Enregistrer cette réponse papier")
    assert "Sans l'accord de la personne" in page.content()
    assert page.get_by_label("Votre âge").input_value() == "81"
    page.get_by_label("La personne a donné son accord").focus()
    page.keyboard.press("Space")
    submit(page, "Enregistrer cette réponse papier")
    assert "enregistrée. Vous pouvez saisir la suivante." in page.content()
    # The person's receipt, printed now; once handed over, back to the next form.
    assert page.locator("#receipt-code").is_visible()
    submit(page, "Reçu remis : ne plus afficher le code")
    assert "/saisie-papier/" in page.url
    assert_accessible(page)
    screenshots(page, "questionnaire-paper-entry", tmp_path)
    response = Response.objects.get()
    assert (response.source, response.entered_by) == ("paper", mediator)


def test_an_organiser_publishes_the_results(
    page, live_server, survey, organiser, assert_accessible, tmp_path
):
    from django.contrib.auth.models import AnonymousUser

    for index in range(7):
        answer_survey(survey, actor=AnonymousUser(), equipment=("c1", "c2") if index else ("c3",))
    questionnaire = survey["questionnaire"]
    sign_in(page, live_server, organiser)
    page.goto(
        f"{live_server.url}/demarches/{questionnaire.process.slug}/equipe/questionnaires/{questionnaire.pk}/resultats/"
    )
    assert_accessible(page)
    submit(page, "Publier les résultats")
    assert "Les résultats sont publiés." in page.content()
    with page.expect_navigation():
        page.get_by_role("link", name="Voir la page publique").press("Enter")
    assert page.locator("svg.bar-chart").count() >= 3
    assert "&lt; 5" in page.content()
    assert_accessible(page)
    screenshots(page, "questionnaire-results", tmp_path)
    # The builder and its question form: plain pages, checked too.
    build = f"{live_server.url}/demarches/{questionnaire.process.slug}/equipe/questionnaires/{questionnaire.pk}/"
    page.goto(build)
    assert_accessible(page)
    screenshots(page, "questionnaire-builder", tmp_path)
    section = survey["sections"][1]
    page.goto(f"{build}parties/{section.pk}/questions/{survey['which_help'].pk}/")
    assert page.get_by_text("une nouvelle version est créée").is_visible()
    assert_accessible(page)
    screenshots(page, "questionnaire-question-form", tmp_path)


def _text(page) -> str:
    """The page's HTML with no-break spaces as plain ones (French typography)."""
    return page.content().replace("&nbsp;", "\xa0")


PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_a_resident_joins_a_file_with_javascript_off(
    no_js_page, live_server, survey, organiser, assert_accessible, tmp_path
):
    from parlons.questionnaires import services
    from parlons.questionnaires.models import AnswerFile

    section = services.add_section(
        actor=organiser, questionnaire=survey["questionnaire"], title="Justificatif"
    )
    services.add_question(
        actor=organiser, section=section, kind="short_text", wording="Votre association"
    )
    services.add_question(
        actor=organiser,
        section=section,
        kind="file",
        wording="Joignez votre devis",
        file_kinds=["pdf"],
        file_max_mb=1,
        required=True,
    )
    page = no_js_page
    questionnaire = survey["questionnaire"]
    base = f"{live_server.url}/demarches/{questionnaire.process.slug}/questionnaires/{questionnaire.pk}/"
    page.goto(base)
    submit(page, "Commencer")
    page.get_by_label("Ordinateur").check()
    page.get_by_label("Non", exact=True).check()
    submit(page, "Enregistrer et continuer")
    page.get_by_label("Votre âge").fill("40")
    submit(page, "Enregistrer et continuer")
    assert page.get_by_role("heading", name="Justificatif").is_visible()
    assert "Fichiers acceptés : PDF ; 1 Mo au plus." in _text(page)
    assert_accessible(page)
    # A picture renamed .pdf: refused by its content, what was typed stays.
    page.get_by_label("Votre association").fill("Les Amis du Val")
    page.get_by_label("Choisir un fichier").set_input_files(
        {
            "name": "devis.pdf",
            "mimeType": "application/pdf",
            "buffer": b"\x89PNG\r\n\x1a\n" + b"0" * 40,
        }
    )
    submit(page, "Enregistrer et continuer")
    assert "Le contenu de ce fichier ne correspond pas à un fichier .pdf" in _text(page)
    assert page.get_by_label("Votre association").input_value() == "Les Amis du Val"
    assert "choisissez-le de nouveau" in _text(page)
    assert_accessible(page)
    screenshots(page, "questionnaire-file-refused", tmp_path)
    page.get_by_label("Choisir un fichier").set_input_files(
        {"name": "devis.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    submit(page, "Enregistrer et continuer")
    assert "fichier .pdf" in _text(page)  # the review names the kind and size, not the name
    submit(page, "Envoyer mes réponses")
    assert "Merci pour vos réponses" in _text(page)
    joined = AnswerFile.objects.get()
    assert joined.name == "devis.pdf" and joined.size == len(PDF)


def test_the_team_corrects_a_paper_answer(
    page, live_server, survey, organiser, mediator, assert_accessible, tmp_path
):
    from parlons.questionnaires import services
    from parlons.questionnaires.answering import FormData

    for age in ("17", "45", "63"):
        response = services.enter_paper_answers(
            actor=mediator,
            questionnaire=survey["questionnaire"],
            data=FormData(
                {
                    survey["equipment"].field_name: ["c1"],
                    survey["need_help"].field_name: "yes",
                    survey["which_help"].field_name: "c2",
                    survey["age"].field_name: age,
                }
            ),
            consent=True,
        )
    questionnaire = survey["questionnaire"]
    sign_in(page, live_server, organiser)
    page.goto(
        f"{live_server.url}/demarches/{questionnaire.process.slug}/equipe/questionnaires/{questionnaire.pk}/resultats/"
    )
    with page.expect_navigation():
        page.get_by_role("link", name="Lire et corriger les réponses une à une").press("Enter")
    assert_accessible(page)
    screenshots(page, "questionnaire-responses", tmp_path)
    with page.expect_navigation():
        page.get_by_role("link", name=f"Réponse n° {response.pk}").press("Enter")
    page.get_by_label("Votre âge").fill("36")
    page.get_by_label("Motif de la correction (facultatif)").fill("faute de saisie")
    submit(page, "Enregistrer les corrections")
    assert f"Réponse n° {response.pk} corrigée : Q4." in _text(page)
    assert "Motif : faute de saisie" in _text(page)
    assert_accessible(page)
    screenshots(page, "questionnaire-correction", tmp_path)
    assert response.answers.get(question=survey["age"]).value == 36
