"""In a real browser: an organiser analyses, decides, writes and publishes the synthesis;
a visitor reads it with JavaScript off. Every page visited passes axe-core."""

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from parlons.conftest import PASSWORD, confirm_second_factor_in_browser, screenshots
from parlons.synthesis.models import Analysis

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user):
    page.goto(f"{live_server.url}/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url(lambda url: "/connexion/" not in url)
    confirm_second_factor_in_browser(page, user)


def test_an_organiser_analyses_publishes_and_a_visitor_reads_without_javascript(
    page,
    no_js_page,
    live_server,
    settings,
    organiser,
    process,
    corpus,
    assert_accessible,
    no_external_requests,
    tmp_path,
):
    # A real queue: the analysis waits for a worker, as in production.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    sign_in(page, live_server, organiser)
    page.goto(f"{live_server.url}/demarches/{process.slug}/synthese/atelier/")
    assert_accessible(page)
    page.get_by_label("Nombre de thèmes").fill("2")
    page.get_by_role("button", name="Lancer l'analyse").click()
    page.wait_for_selector("progress#analysis-bar")
    assert "Vous pouvez quitter cette page" in page.content()
    assert_accessible(page)
    screenshots(page, "synthesis-progress", tmp_path)

    call_command("db_worker", "--batch")
    analysis = Analysis.objects.get()
    assert analysis.status == Analysis.Status.DONE
    page.reload()
    page.wait_for_selector("text=19 contributions analysées")
    assert_accessible(page)
    screenshots(page, "synthesis-themes", tmp_path)

    first, second = analysis.themes.exclude(number=0).order_by("-size")[:2]
    for theme, name in ((first, "Premier thème"), (second, "Second thème")):
        section = page.locator(f"#theme-{theme.number}")
        section.get_by_label("Nom").fill(name)
        section.get_by_role("button", name="Renommer").click()
        page.locator(f"#theme-{theme.number}").get_by_role("button", name="Valider").click()
        page.wait_for_selector(f"#theme-{theme.number} >> text=validé")
    assert analysis.themes.filter(validated_at__isnull=False).count() == 2

    page.get_by_role("link", name="Retour à l'atelier de synthèse").click()
    page.get_by_role("link", name="Commencer la synthèse").click()
    assert_accessible(page)
    page.get_by_role("link", name="Ajouter une partie").click()
    page.locator("#id_section-title").fill("Ce qui a été dit")
    page.get_by_label("Texte (Markdown)").fill("Deux sujets **reviennent** souvent.")
    page.locator("#id_section-figure").select_option("themes")
    page.get_by_label("Analyse d'où vient la figure").select_option(str(analysis.pk))
    page.get_by_label("Citations").fill(f"debates.contribution:{corpus[9].pk}")
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer la partie").click()
    page.get_by_label("Nom et fonction de la personne qui valide la synthèse").fill(
        "Anne Durand, présidente"
    )
    page.get_by_role("button", name="Valider et publier").click()
    page.wait_for_selector("text=La synthèse est publiée.")
    assert_accessible(page)
    screenshots(page, "synthesis-public", tmp_path)
    link = page.get_by_role("link", name="Télécharger la synthèse en PDF").get_attribute("href")
    response = page.request.get(live_server.url + link)
    assert response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Ce qui a été dit" in text and "Premier thème" in text

    no_js_page.goto(f"{live_server.url}{process.get_absolute_url()}")
    no_js_page.get_by_role("link", name="Lire la synthèse").click()
    content = no_js_page.content()
    assert "par Anne Durand, présidente." in content
    assert "<strong>reviennent</strong>" in content
    assert corpus[9].public_body in content
    assert "Nombre de contributions par thème" in content
    assert "Premier thème" in content
    assert no_external_requests == []


def test_an_organiser_searches_and_splits_a_theme_by_keyboard(
    page,
    live_server,
    organiser,
    process,
    corpus,
    assert_accessible,
    no_external_requests,
    tmp_path,
):
    from parlons.synthesis import search, services

    search.rebuild(process)
    analysis, _started = services.start_analysis(
        actor=organiser, process=process, kind="themes", n_themes=2, embeddings="off"
    )
    services.run_analysis(analysis.pk)
    sign_in(page, live_server, organiser)
    page.goto(f"{live_server.url}/demarches/{process.slug}/synthese/atelier/")
    page.get_by_role("link", name="Chercher dans les contributions et les réponses").click()
    page.get_by_label("Mots cherchés").fill("vélos")
    page.get_by_label("Mots cherchés").press("Enter")
    page.wait_for_selector("text=8 textes trouvés")
    assert_accessible(page)
    screenshots(page, "synthesis-search", tmp_path)

    theme = Analysis.objects.get().themes.exclude(number=0).order_by("-size").first()
    page.goto(
        f"{live_server.url}/demarches/{process.slug}/synthese/atelier/analyses/"
        f"{analysis.pk}/contributions/?theme={theme.number}"
    )
    boxes = page.get_by_label("Cette contribution sort vers un nouveau thème")
    boxes.nth(0).check()
    boxes.nth(1).check()
    assert_accessible(page)
    screenshots(page, "synthesis-split-choose", tmp_path)
    page.get_by_role("button", name="les contributions cochées forment un nouveau thème").press(
        "Enter"
    )
    page.wait_for_selector("text=Thème coupé en deux")
    assert_accessible(page)
    assert analysis.themes.order_by("-number").first().size == 2


def test_the_stable_groups_and_what_sets_them_apart_are_accessible(
    page, live_server, organiser, process, votes, assert_accessible, no_external_requests
):
    from parlons.synthesis import services

    analysis, _started = services.start_analysis(
        actor=organiser, process=process, kind="opinion_groups"
    )
    services.run_analysis(analysis.pk)
    analysis.refresh_from_db()
    # As in test_pages: Pol.is' B split in two by the stable grouping.
    details = analysis.result["representative_details"]
    analysis.result["stable"].update(
        same_as_polis=False,
        crossing=[[0, 0, 10], [0, 1, 2], [1, 1, 7], [1, 2, 5]],
        group_sizes=[10, 9, 5],
        representative_details={"0": details["0"], "1": [], "2": details["1"]},
    )
    analysis.save(update_fields=["result"])
    sign_in(page, live_server, organiser)

    page.goto(
        f"{live_server.url}/demarches/{process.slug}/synthese/atelier/analyses/{analysis.pk}/"
    )

    page.wait_for_selector("text=Ce qui distingue chaque groupe stable")
    assert page.get_by_role("table", name="Ce qui distingue le groupe stable 3").is_visible()
    assert_accessible(page)
    assert no_external_requests == []
