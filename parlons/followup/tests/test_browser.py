"""In a real browser: an organiser posts a dated update with a photo, then a visitor with
JavaScript off reads the follow-up; every page visited passes axe-core and stays on this host."""

import re
from decimal import Decimal

import pytest

from parlons.conftest import PASSWORD, confirm_second_factor_in_browser, screenshots
from parlons.followup import services
from parlons.followup.models import ResultUpdate, Status
from parlons.followup.tests.conftest import png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user):
    page.goto(f"{live_server.url}/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url(lambda url: "/connexion/" not in url)
    confirm_second_factor_in_browser(page, user)


def test_an_organiser_posts_an_update_and_a_visitor_without_javascript_reads_it(
    page,
    no_js_page,
    live_server,
    organiser,
    make_process,
    assert_accessible,
    no_external_requests,
    tmp_path,
):
    process = make_process()
    result = services.create_result(
        actor=organiser,
        process=process,
        title="Un abri vélo à la gare",
        summary="Décidé en conseil municipal : un abri couvert de vingt places.",
        decided_by="Conseil municipal",
        planned_amount=Decimal("12000"),
        responsible_service="Service voirie",
    )
    services.create_result(actor=organiser, process=process, title="Le wifi dans les mairies")
    photo = tmp_path / "chantier.png"
    photo.write_bytes(png_bytes(320, 200))

    sign_in(page, live_server, organiser)
    page.goto(live_server.url + result.get_absolute_url())
    assert_accessible(page)
    page.get_by_role("link", name="Publier une actualité").click()
    assert_accessible(page)
    page.get_by_label("Ce qui a avancé").fill("Le chantier a commencé lundi.")
    page.get_by_label("État").select_option("in_progress")
    page.get_by_label("Avancement (%)").fill("160")
    page.get_by_label("Photo (facultatif)").set_input_files(str(photo))
    page.get_by_role("button", name="Publier l'actualité").click()
    assert "Le formulaire contient des erreurs" in page.content()
    assert "L'avancement est un pourcentage entre 0 et 100." in page.inner_text("main")
    assert page.get_by_label("Ce qui a avancé").input_value() == "Le chantier a commencé lundi."
    assert_accessible(page)
    screenshots(page, "followup-update-form", tmp_path)
    page.get_by_label("Avancement (%)").fill("60")
    page.get_by_label("Photo (facultatif)").set_input_files(str(photo))
    page.get_by_label("Description de la photo").fill("La dalle de l'abri, vue de la rue")
    page.get_by_role("button", name="Publier l'actualité").click()
    assert "Actualité publiée sur la page du suivi." in page.content()
    assert_accessible(page)
    update = ResultUpdate.objects.exclude(text="").get()
    assert (update.status, update.progress, update.author) == (Status.IN_PROGRESS, 60, organiser)
    assert update.photo.name.startswith("followup/")
    page.goto(f"{live_server.url}/demarches/{process.slug}/suivi/equipe/")
    assert_accessible(page)
    screenshots(page, "followup-staff", tmp_path)

    visitor = no_js_page
    visitor.goto(f"{live_server.url}/demarches/{process.slug}/suivi/")
    cards = visitor.locator(".followup-card")
    assert cards.count() == 2
    card = cards.filter(has_text="Un abri vélo à la gare")
    assert "En cours" in card.inner_text()
    assert "Avancement\xa0: 60\xa0%" in card.inner_text()
    assert "Budget prévu\xa0: 12\xa0000\xa0€" in card.inner_text()
    assert_accessible(visitor)
    screenshots(visitor, "followup-list", tmp_path)
    visitor.get_by_label("État").select_option("in_progress")
    visitor.get_by_role("button", name="Filtrer").click()
    assert visitor.locator(".followup-card").count() == 1
    assert re.search(r"etat=in_progress", visitor.url)
    visitor.get_by_role("link", name="Un abri vélo à la gare").click()
    history = visitor.locator(".followup-history").inner_text()
    assert "Le chantier a commencé lundi." in history
    assert "État\xa0: à l'étude → en cours" in history
    assert organiser.pseudonym not in visitor.content()
    assert visitor.get_by_role("img", name="La dalle de l'abri, vue de la rue").count() == 1
    assert_accessible(visitor)
    screenshots(visitor, "followup-detail", tmp_path)
    assert no_external_requests == []
