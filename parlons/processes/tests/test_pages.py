"""Démarche pages, as the public and the organisers see them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from parlons.conftest import login_staff
from parlons.processes.models import Process


@pytest.mark.django_db
def test_the_list_shows_published_processes_and_hides_drafts(client, make_process):
    make_process()
    make_process(status=Process.Status.DRAFT, slug="brouillon", title="Brouillon secret")
    page = client.get("/demarches/").content.decode()
    assert "La transition numérique du territoire" in page
    assert "Brouillon secret" not in page
    assert client.get("/demarches/brouillon/").status_code == 404


@pytest.mark.django_db
def test_the_process_page_shows_calendar_current_phase_and_sanitised_markdown(client, make_process):
    process = make_process()
    process.description = "Une démarche **pour tous**.<script>alert(1)</script>"
    process.save()
    page = client.get("/demarches/transition-numerique/").content.decode()
    assert "<strong>pour tous</strong>" in page
    assert "<script>alert" not in page
    assert "Phase en cours\u00a0: <strong>Contributions</strong>" in page
    assert 'aria-current="step"' in page


@pytest.mark.django_db
def test_a_failed_phase_form_keeps_what_was_typed(client, organiser, make_process):
    make_process()
    login_staff(client, organiser)
    now = timezone.now()
    response = client.post(
        "/demarches/transition-numerique/equipe/phases/nouvelle/",
        {
            "kind": "synthesis",
            "title": "Synthèse écrite par l'équipe",
            "starts_at": (now + timedelta(days=40)).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (now + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "La fin doit être après le début." in page
    assert "Synthèse écrite par l&#x27;équipe" in page


@pytest.mark.django_db
def test_english_is_available_through_the_language_switch(client, make_process):
    make_process()
    client.post("/i18n/setlang/", {"language": "en", "next": "/demarches/"})
    page = client.get("/demarches/").content.decode()
    assert '<html lang="en">' in page
