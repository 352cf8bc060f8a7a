"""In a real browser: a mediator prints numbered copies, types one back with its number, and
the same copy typed again is refused in French. axe-core checks the pages; 1280 and 390 px."""

import pytest

from parlons.conftest import screenshots
from parlons.questionnaires import printing
from parlons.questionnaires.models import Response

from .test_browser import sign_in, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def type_paper_form(page, copy):
    page.get_by_label("Numéro d'exemplaire").fill(copy)
    page.get_by_label("Téléphone").check()
    page.get_by_label("Non", exact=True).check()
    page.get_by_label("La personne a donné son accord").check()
    submit(page, "Enregistrer cette réponse papier")


def test_a_mediator_prints_copies_and_cannot_type_the_same_copy_twice(
    page, live_server, survey, mediator, assert_accessible, tmp_path
):
    questionnaire = survey["questionnaire"]
    sign_in(page, live_server, mediator)
    entry = f"{live_server.url}/demarches/{questionnaire.process.slug}/questionnaires/{questionnaire.pk}/saisie-papier/"
    page.goto(entry)
    with page.expect_navigation():
        page.get_by_role("link", name="Imprimer le questionnaire").click()
    assert_accessible(page)
    screenshots(page, "questionnaire-print", tmp_path)
    page.get_by_label("Nombre d'exemplaires").fill("2")
    with page.expect_download() as download:
        page.get_by_role("button", name="Télécharger le PDF à imprimer").click()
    assert download.value.path().read_bytes()[:5] == b"%PDF-"
    copy = printing.copy_id(questionnaire.pk, 2)
    page.goto(entry)
    type_paper_form(page, copy)
    submit(page, "Reçu remis : ne plus afficher le code")
    type_paper_form(page, copy.lower())
    assert f"L'exemplaire {copy} a déjà été saisi" in page.content()
    assert page.get_by_label("Numéro d'exemplaire").input_value() == copy.lower()
    assert_accessible(page)
    screenshots(page, "questionnaire-paper-entry-copy-refused", tmp_path)
    assert list(Response.objects.values_list("paper_copy_id", flat=True)) == [copy]
