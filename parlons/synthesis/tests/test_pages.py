"""The workbench's pages, the public synthesis and its PDF."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from parlons.conftest import login_staff
from parlons.synthesis import queries, services
from parlons.synthesis.models import Analysis, Report
from parlons.synthesis.tests.conftest import CAMPAIGN

pytestmark = pytest.mark.django_db


def url(name, process, **kwargs):
    return reverse(f"synthesis:{name}", kwargs={"slug": process.slug, **kwargs})


def text_of(response) -> str:
    # Spaces collapse, but a no-break space stays one (French typography).
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"[ \t\r\n\f\v]+", " ", text).strip()


@pytest.fixture
def staff(client, organiser):
    login_staff(client, organiser)
    return client


def test_an_organiser_runs_an_analysis_and_reads_its_themes(
    staff, process, corpus, django_capture_on_commit_callbacks
):
    page = staff.get(url("workbench", process))
    assert page.status_code == 200
    assert "Lancer une analyse" in text_of(page)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(url("workbench", process), {"kind": "themes", "n_themes": "2"})
    analysis = Analysis.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("analysis", process, pk=analysis.pk)
    themes = staff.get(response["Location"])
    content = text_of(themes)
    assert "19 contributions analysées" in content
    assert "médiathèque" in content
    assert "Par commune" in content and "Par façon de contribuer" in content
    assert "sur papier" in content
    assert "3 exemplaires" in content and CAMPAIGN in content
    assert "/transparence/algorithmes/themes/" in themes.content.decode()
    # Every figure links to the contributions behind it.
    theme = analysis.themes.exclude(number=0).order_by("-size").first()
    listed = staff.get(url("texts", process, pk=analysis.pk), {"theme": theme.number})
    assert listed.status_code == 200
    assert f"{theme.size} contributions" in text_of(listed)
    by_way = staff.get(
        url("texts", process, pk=analysis.pk), {"theme": theme.number, "way": "paper"}
    )
    assert "debates.contribution:" in by_way.content.decode()


def test_a_running_analysis_shows_its_progress_without_javascript(
    staff, organiser, process, corpus
):
    analysis, _started = services.start_analysis(actor=organiser, process=process, kind="themes")
    page = staff.get(url("analysis", process, pk=analysis.pk))
    html = page.content.decode()
    # No automatic refresh (WCAG 2.2.1, axe-core's meta-refresh): a link reloads, htmx polls.
    assert 'http-equiv="refresh"' not in html
    assert ">Actualiser</a>" in html
    assert '<progress id="analysis-bar" max="100" value="0">' in html
    assert "Vous pouvez quitter cette page et revenir plus tard" in text_of(page)
    partial = staff.get(url("analysis", process, pk=analysis.pk), headers={"HX-Request": "true"})
    assert partial.content.decode().lstrip().startswith('<div id="progress"')


def test_staff_decide_on_themes_through_the_pages(
    staff, organiser, process, corpus, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        analysis, _started = services.start_analysis(
            actor=organiser, process=process, kind="themes", n_themes=2
        )
    first, second = analysis.themes.exclude(number=0).order_by("number")[:2]

    def action(theme, verb):
        return url("theme_action", process, pk=analysis.pk, number=theme.number, action=verb)  # noqa: E731

    refused = staff.post(action(first, "valider"), follow=True)
    assert "Nommez le thème avant de le valider." in text_of(refused)
    staff.post(action(first, "renommer"), {"label": "Vélo au quotidien"})
    staff.post(action(first, "valider"))
    page = text_of(staff.get(url("analysis", process, pk=analysis.pk)))
    assert "Vélo au quotidien validé" in page
    assert "Validé par organisatrice" in page
    text = second.texts.first()
    staff.post(
        url("move_text", process, pk=analysis.pk, text_id=text.pk),
        {"theme": first.number, "back_query": f"theme={second.number}"},
    )
    text.refresh_from_db()
    assert text.theme == first
    staff.post(action(second, "fusionner"), {"into": first.number})
    assert not analysis.themes.filter(pk=second.pk).exists()
    group = analysis.duplicates.get()
    staff.post(
        url("mark_campaign", process, pk=analysis.pk, number=group.number), {"campaign": "1"}
    )
    group.refresh_from_db()
    assert group.is_campaign


def test_opinion_groups_page_has_a_map_and_tables_and_names_no_one(
    staff, organiser, process, votes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        analysis, _started = services.start_analysis(
            actor=organiser, process=process, kind="opinion_groups"
        )
    page = staff.get(url("analysis", process, pk=analysis.pk))
    html = page.content.decode()
    assert html.count("<circle ") == 24
    content = text_of(page)
    assert "Groupe A : 12 personnes" in content and "Groupe B : 12 personnes" in content
    assert "Les groupes sont nets" in content
    assert "Ce qui distingue le groupe A" in content
    assert "votant" not in html


def test_opinion_groups_page_shows_the_stable_grouping_and_how_it_differs(
    staff, organiser, process, votes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        analysis, _started = services.start_analysis(
            actor=organiser, process=process, kind="opinion_groups"
        )
    content = text_of(staff.get(url("analysis", process, pk=analysis.pk)))
    # Two clear camps: both groupings agree, and the page says so without a table.
    assert "Le regroupement stable" in content
    assert "Le regroupement stable est le même que celui de Pol.is" in content
    assert "Groupe stable 1" not in content

    analysis.refresh_from_db()
    # Pol.is' B split in two by the stable grouping, and 2 people of A counted with B's half.
    stable = analysis.result["stable"]
    # Identical groupings: the stable groups' distinctive comments are Pol.is' own.
    polis_lists = analysis.result["representative_details"].values()
    assert sorted(map(str, stable["representative_details"].values())) == sorted(
        map(str, polis_lists)
    )
    polis_details = analysis.result["representative_details"]
    stable.update(
        same_as_polis=False,
        crossing=[[0, 0, 10], [0, 1, 2], [1, 1, 7], [1, 2, 5]],
        group_sizes=[10, 9, 5],
        firmness="fair",
        median_agreement=0.62,
        representative_details={"0": polis_details["0"], "1": [], "2": polis_details["1"]},
    )
    analysis.save(update_fields=["result"])
    page = staff.get(url("analysis", process, pk=analysis.pk))
    content = text_of(page)

    assert (
        "Les deux regroupements diffèrent : Pol.is trouve 2 groupes, le regroupement stable 3."
        in content
    )
    assert "7 personnes sur 24 ne sont pas dans le groupe stable" in content
    assert "Groupe Pol.is Groupe stable 1 Groupe stable 2 Groupe stable 3 Total" in content
    assert "Groupe A 10 2 0 12" in content and "Groupe B 0 7 5 12" in content
    assert "Total 10 9 5 24" in content
    assert "retrouve en médiane 62 % de ce regroupement" in content
    assert "assez solide" in content
    # What sets each stable group apart, as for Pol.is' groups: quoted, linked, no one named.
    assert "Ce qui distingue chaque groupe stable" in content
    assert "Groupe stable 1 : 10 personnes" in content
    assert "Ce qui distingue le groupe stable 1" in content
    assert "Ce qui distingue le groupe stable 3" in content
    assert "Ce qui distingue le groupe stable 2" not in content
    assert "Rien ne le distingue nettement des autres." in content
    html = page.content.decode()
    ref = str(polis_details["0"][0]["comment"])
    quoted = queries.texts_by_ref(process, [ref])[ref]
    assert html.count(f'href="{quoted.url}"') == 2  # in Pol.is' group A and in stable group 1
    assert "votant" not in html

    # Groups that sort people by how many votes they cast are never presented as camps.
    stable.update(firmness="fragile", by_activity=True, activity=0.12, median_agreement=0.82)
    analysis.save(update_fields=["result"])
    content = text_of(staff.get(url("analysis", process, pk=analysis.pk)))
    assert "séparent surtout les personnes selon le nombre de leurs votes" in content


def test_citizens_reach_no_workbench_page(client, citizen, process, corpus):
    client.force_login(citizen)
    assert client.get(url("workbench", process)).status_code == 403
    assert client.get(url("report", process)).status_code == 403
    assert client.get(url("public", process)).status_code == 404


def _publish(staff, organiser, process, django_capture_on_commit_callbacks, corpus):
    with django_capture_on_commit_callbacks(execute=True):
        analysis, _started = services.start_analysis(
            actor=organiser, process=process, kind="themes", n_themes=2
        )
    assert staff.get(url("report", process)).status_code == 200
    form = {
        "section-title": "Ce qui a été dit",
        "section-body": "Les habitants parlent **de vélo** et de la médiathèque.",
        "section-figure": "themes",
        "section-analysis": analysis.pk,
        "section-quotes": f"debates.contribution:{corpus[8].pk}",
    }
    assert staff.post(url("add_section", process), form).status_code == 302
    bad = staff.post(url("add_section", process), {**form, "section-quotes": "n'importe quoi"})
    assert bad.status_code == 400
    assert "Contribution introuvable ou non publiée" in text_of(bad)
    assert 'value="Ce qui a été dit"' in bad.content.decode()
    published = staff.post(url("publish", process), {"signed_by": "Anne Durand, présidente"})
    assert published["Location"] == url("public", process)
    return analysis


def test_the_published_synthesis_is_a_public_page_and_a_pdf(
    staff, client, organiser, process, corpus, django_capture_on_commit_callbacks
):
    _publish(staff, organiser, process, django_capture_on_commit_callbacks, corpus)
    staff.logout()
    page = client.get(url("public", process))
    assert page.status_code == 200
    content = text_of(page)
    assert "par Anne Durand, présidente." in content
    assert "Les habitants parlent de vélo" in content
    assert "<strong>de vélo</strong>" in page.content.decode()
    assert corpus[8].public_body in content
    assert "Nombre de contributions par thème" in page.content.decode()
    assert "Notice publique de l'algorithme" in content
    assert "/transparence/algorithmes/themes/" in page.content.decode()
    process_page = client.get(process.get_absolute_url())
    assert url("public", process) in process_page.content.decode()
    response = client.get(url("pdf", process))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    pdf_text = " ".join(
        " ".join(
            page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
        ).split()
    )
    assert "Ce qui a été dit" in pdf_text
    assert "Anne Durand" in pdf_text
    assert "médiathèque" in pdf_text


def test_a_draft_synthesis_is_a_preview_for_staff_only(staff, client, organiser, process):
    report = services.report_for(actor=organiser, process=process)
    preview = staff.get(url("public", process))
    assert "Aperçu : cette synthèse n'est pas encore publiée" in text_of(preview)
    assert report.status == Report.Status.DRAFT
    staff.logout()
    assert client.get(url("public", process)).status_code == 404
    assert client.get(url("pdf", process)).status_code == 404


def test_staff_search_the_analysed_contributions_on_lemmas_without_accents(
    staff, organiser, process, corpus, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        analysis, _started = services.start_analysis(
            actor=organiser, process=process, kind="themes"
        )
    texts = url("texts", process, pk=analysis.pk)
    # "vélos" finds "vélo"; "mediatheque" finds "médiathèque"; every word must be there.
    found = text_of(staff.get(texts, {"q": "vélos"}))
    assert "8 contributions" in found
    assert "8 contributions" in text_of(staff.get(texts, {"q": "MEDIATHEQUE"}))
    both = text_of(staff.get(texts, {"q": "ateliers numériques médiathèque"}))
    assert "2 contributions" in both
    assert "Des ateliers numériques à la médiathèque pour les personnes âgées." in both
    paper = text_of(staff.get(texts, {"q": "vélo", "way": "paper", "commune": "Port-Essai"}))
    assert "2 contributions" in paper
    assert "0 contribution" in text_of(staff.get(texts, {"q": "tramway"}))
