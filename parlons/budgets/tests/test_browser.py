"""In a real browser: a citizen fills a knapsack ballot with JavaScript (running total) and
without (the "Recalculer" button), a cumulative ballot, a second ballot is refused, and an
organiser publishes the results; every page visited passes axe-core."""

import re

import pytest

from parlons.budgets import services
from parlons.budgets.models import Budget
from parlons.conftest import PASSWORD, confirm_second_factor_in_browser, screenshots

from .conftest import ballots, vote_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NNBSP, NBSP = "\u202f", "\u00a0"


def sign_in(page, live_server, user):
    page.goto(f"{live_server.url}/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url(lambda url: "/connexion/" not in url)
    confirm_second_factor_in_browser(page, user)


def plain(text: str) -> str:
    return text.replace(NNBSP, " ").replace(NBSP, " ")


def test_a_citizen_fills_a_knapsack_ballot_with_the_running_total_and_confirms(
    page, live_server, budget, citizen, assert_accessible, no_external_requests, tmp_path
):
    sign_in(page, live_server, citizen)
    url = f"{live_server.url}/demarches/{budget.process.slug}/budget/voter/"
    page.goto(url)
    assert_accessible(page)
    page.get_by_label("Pistes cyclables").check()
    page.get_by_label("Skatepark").check()
    total = page.locator("[data-total]")
    assert plain(total.inner_text()) == "105 000 €"
    assert page.locator("[data-over]").is_visible()
    page.get_by_label("Skatepark").uncheck()
    page.get_by_label("Bancs et fontaines").check()
    assert plain(total.inner_text()) == "75 000 €"
    assert not page.locator("[data-over]").is_visible()
    screenshots(page, "budget-vote", tmp_path)
    page.get_by_role("button", name="Vérifier mon vote").click()
    page.wait_for_selector("h1:text('Confirmer mon vote')")
    assert_accessible(page)
    page.get_by_role("button", name="Confirmer mon vote").click()
    page.wait_for_selector("text=Votre vote est enregistré")
    assert ballots().count() == 1
    page.goto(url)
    assert "Vous avez déjà voté pour ce budget participatif" in page.content()
    assert no_external_requests == []


def test_without_javascript_recalculer_shows_the_total_and_over_budget_is_refused(
    no_js_page, live_server, budget, citizen
):
    no_js_page.goto(f"{live_server.url}/compte/connexion/")
    no_js_page.get_by_label("Adresse électronique").fill(citizen.email)
    no_js_page.locator("#id_password").fill(PASSWORD)
    no_js_page.get_by_role("button", name="Se connecter").click()
    url = f"{live_server.url}/demarches/{budget.process.slug}/budget/voter/"
    no_js_page.goto(url)
    no_js_page.get_by_label("Pistes cyclables").check()
    no_js_page.get_by_label("Skatepark").check()
    no_js_page.get_by_role("button", name="Recalculer le total").click()
    assert plain(no_js_page.locator("[data-total]").inner_text()) == "105 000 €"
    assert no_js_page.get_by_label("Skatepark").is_checked()
    no_js_page.get_by_role("button", name="Vérifier mon vote").click()
    text = plain(no_js_page.locator("main").inner_text())
    assert "coûtent 105 000 €, plus que le budget de 100 000 €" in text
    assert no_js_page.get_by_label("Pistes cyclables").is_checked()
    no_js_page.get_by_label("Skatepark").uncheck()
    no_js_page.get_by_role("button", name="Vérifier mon vote").click()
    no_js_page.get_by_role("button", name="Confirmer mon vote").click()
    assert "Votre vote est enregistré" in no_js_page.content()
    assert ballots().count() == 1


def test_a_cumulative_ballot_keeps_what_was_typed(
    page, live_server, make_budget, citizen, assert_accessible
):
    budget = make_budget(kind=Budget.BallotKind.CUMULATIVE, points=10)
    sign_in(page, live_server, citizen)
    page.goto(f"{live_server.url}/demarches/{budget.process.slug}/budget/voter/")
    assert_accessible(page)
    page.get_by_label(re.compile("Points — Jardin partagé")).fill("8")
    page.get_by_label(re.compile("Points — Skatepark")).fill("5")
    page.get_by_role("button", name="Vérifier mon vote").click()
    assert "Vous avez réparti 13 points : vous en avez 10 au plus." in page.content().replace(
        "&nbsp;", "\u00a0"
    )  # Chromium writes U+00A0 as &nbsp;
    assert page.get_by_label(re.compile("Points — Jardin partagé")).input_value() == "8"
    assert_accessible(page)
    page.get_by_label(re.compile("Points — Skatepark")).fill("2")
    page.get_by_role("button", name="Vérifier mon vote").click()
    page.get_by_role("button", name="Confirmer mon vote").click()
    page.wait_for_selector("text=Votre vote est enregistré")
    assert sorted(ballots().get().choices.values_list("points", flat=True)) == [2, 8]


def test_an_organiser_counts_and_publishes_the_results(
    page, live_server, budget, organiser, personas, assert_accessible, tmp_path
):
    vote_for(personas["citizen"], budget, "Jardin partagé", "Bancs et fontaines")
    vote_for(personas["expert"], budget, "Jardin partagé", "Pistes cyclables")
    vote_for(personas["mediator"], budget, "Skatepark")
    services.count_budget(budget)  # what the background task does
    sign_in(page, live_server, organiser)
    page.goto(f"{live_server.url}/demarches/{budget.process.slug}/budget/equipe/")
    assert_accessible(page)
    page.get_by_role("button", name="Publier le dernier décompte").click()
    page.wait_for_selector("text=Résultats publiés.")
    assert "/budget/resultats/" in page.url
    assert page.locator("svg[role=img]").count() == 1
    assert "Jardin partagé" in page.locator("table").first.inner_text()
    assert_accessible(page)
    screenshots(page, "budget-results", tmp_path)


def click(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def test_a_second_officer_checks_paper_ballots_without_javascript(
    no_js_page, browser, live_server, budget, mediator, organiser, assert_accessible, tmp_path
):
    garden, skate = (
        budget.projects.get(title=title).pk for title in ("Jardin partagé", "Skatepark")
    )
    services.enter_paper_ballot(actor=mediator, budget=budget, number="101", choices={garden: 1})
    services.enter_paper_ballot(actor=mediator, budget=budget, number="102", choices={skate: 1})
    page = no_js_page
    sign_in(page, live_server, organiser)
    staff = f"{live_server.url}/demarches/{budget.process.slug}/budget/equipe/"
    page.goto(staff)
    click(page, page.get_by_role("button", name="Décompter les bulletins"))
    text = page.locator("main").inner_text()
    assert "2 bulletins papier ne sont pas encore vérifiés par un second membre" in text
    assert "Décompte demandé" not in text
    assert_accessible(page)
    screenshots(page, "budget-count-waits-for-paper-checks", tmp_path)

    click(page, page.get_by_role("link", name="Voir les bulletins papier à vérifier"))
    assert_accessible(page)
    screenshots(page, "budget-paper-checks", tmp_path)
    click(page, page.get_by_role("link", name="Vérifier le n° 101"))
    assert "Jardin partagé" in page.locator("table").inner_text()
    assert_accessible(page)
    screenshots(page, "budget-paper-check", tmp_path)
    click(page, page.get_by_role("button", name="La saisie est conforme au papier"))
    assert "Bulletin papier n° 101 vérifié : il sera compté." in page.content().replace(
        "&nbsp;", "\u00a0"
    )
    click(page, page.get_by_role("link", name="Vérifier le n° 102"))
    page.get_by_label("Ce qui diffère entre la saisie et le papier").fill(
        "Jardin partagé coché sur le papier, pas Skatepark"
    )
    click(page, page.get_by_role("button", name="Renvoyer la saisie pour correction"))
    assert "Écart signalé sur le bulletin papier n° 102" in page.content()

    # Another officer (here the one who entered it) corrects the entry from the paper.
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    other = context.new_page()
    other._parlons_no_js = True
    sign_in(other, live_server, mediator)
    other.goto(f"{staff}bulletins-papier/verification/")
    click(other, other.get_by_role("link", name="Corriger le n° 102"))
    assert "Jardin partagé coché sur le papier, pas Skatepark" in other.content()
    assert other.get_by_label("Skatepark").is_checked()
    assert_accessible(other)
    screenshots(other, "budget-paper-correction", tmp_path)
    other.get_by_label("Skatepark").uncheck()
    other.get_by_label("Jardin partagé").check()
    click(other, other.get_by_role("button", name="Enregistrer la correction"))
    assert "Bulletin papier n° 102 corrigé" in other.content()
    # ... and cannot check their own correction: no link, only a word.
    assert other.get_by_role("link", name="Vérifier le n° 102").count() == 0
    context.close()

    page.goto(f"{staff}bulletins-papier/verification/")
    click(page, page.get_by_role("link", name="Vérifier le n° 102"))
    click(page, page.get_by_role("button", name="La saisie est conforme au papier"))
    page.goto(staff)
    assert "pas encore vérifié" not in page.content()
    click(page, page.get_by_role("button", name="Décompter les bulletins"))
    assert "Décompte demandé" in page.content()
    contents = sorted(sorted(c.project.title for c in ballot.choices.all()) for ballot in ballots())
    assert contents == [["Jardin partagé"], ["Jardin partagé"]]


def test_the_paper_check_list_pages_and_filters_without_javascript(
    no_js_page, live_server, budget, mediator, organiser, assert_accessible, tmp_path
):
    from parlons.budgets.views import PAPER_CHECKS_PAGE_SIZE

    garden = budget.projects.get(title="Jardin partagé").pk
    for number in range(1, PAPER_CHECKS_PAGE_SIZE + 6):
        services.enter_paper_ballot(
            actor=mediator, budget=budget, number=f"B-{number:03}", choices={garden: 1}
        )
    services.flag_paper_ballot(actor=organiser, budget=budget, number="B-007", reason="illisible")
    page = no_js_page
    sign_in(page, live_server, organiser)
    page.goto(f"{live_server.url}/demarches/{budget.process.slug}/budget/equipe/")
    click(page, page.get_by_role("link", name="Voir les bulletins papier à vérifier"))
    assert page.locator("tbody tr").count() == PAPER_CHECKS_PAGE_SIZE
    assert_accessible(page)
    screenshots(page, "budget-paper-checks-paged", tmp_path)
    page.get_by_role("navigation", name="Pages de la liste").get_by_role(
        "link", name="Suivante"
    ).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("tbody tr").count() == 5
    assert "page 2 sur 2" in page.locator("caption").inner_text()

    page.get_by_label("Afficher").select_option(label="Écart signalé, à corriger")
    page.get_by_role("button", name="Filtrer").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "etat=to_correct" in page.url and "page=" not in page.url
    assert page.locator("tbody tr").count() == 1
    # Flagged by this officer: another one corrects it.
    assert "écart signalé par vous" in page.locator("tbody").inner_text()
    assert_accessible(page)
    screenshots(page, "budget-paper-checks-filtered", tmp_path)
