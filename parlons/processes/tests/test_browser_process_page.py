"""In a real browser: a visitor reads a démarche at a glance and goes to contribute;
an organiser deletes a theme in use after reading what will happen."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from parlons.conftest import PASSWORD
from parlons.debates import services as debates
from parlons.processes.models import Phase, Theme
from parlons.processes.tests.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Set PARLONS_SCREENSHOTS=/some/dir to keep the screenshots and look at them.
SCREENSHOTS = os.environ.get("PARLONS_SCREENSHOTS")


def check_widths(page, name: str, tmp_path: Path, assert_accessible) -> None:
    """At desktop (1280 px) and phone (390 px) widths: accessible, nothing overflows sideways."""
    folder = Path(SCREENSHOTS) if SCREENSHOTS else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} at {width} px is {overflow} px too wide"
        assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_visitor_reads_the_process_and_signs_in_to_contribute(
    page, live_server, citizen, other_citizen, make_process, assert_accessible, tmp_path
):
    process = make_process(open=("contribute", "reply", "react", "meetings"))
    now = timezone.now()
    Phase.objects.create(
        process=process,
        kind=Phase.Kind.EXPERT_ANSWERS,
        title="Réponses des élus",
        starts_at=now + timedelta(days=20),
        ends_at=now + timedelta(days=50),
    )
    for person, body in [(citizen, "Un car le soir."), (other_citizen, "Des ateliers le samedi.")]:
        debates.submit_contribution(actor=person, process=process, body=body)

    page.goto(f"{live_server.url}/demarches/transition-numerique/")
    timeline = page.get_by_role("list").filter(has_text="Réponses des élus")
    assert timeline.get_by_role("listitem").all_inner_texts()[1].startswith("EN COURS")
    assert page.locator(".figures").inner_text().split() == [
        "2",
        "contributions",
        "2",
        "participants",
        # French: 0 is singular, as 1.
        "0",
        "réunion",
        "publique",
        "0",
        "réponse",
        "officielle",
    ]
    check_widths(page, "process-page-visitor", tmp_path, assert_accessible)

    page.get_by_role("link", name="Contribuer", exact=True).click()
    page.wait_for_url("**/compte/connexion/**")
    page.get_by_label("Adresse électronique").fill(citizen.email)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Se connecter").click()
    assert page.url == f"{live_server.url}/demarches/transition-numerique/contributions/nouvelle/"


def test_an_organiser_deletes_a_theme_in_use_after_reading_what_happens(
    page, live_server, organiser, citizen, make_process, assert_accessible, tmp_path
):
    process = make_process()
    theme = process.themes.get(name="Mobilité")
    debates.submit_contribution(
        actor=citizen, process=process, body="Un car le dimanche.", theme=theme
    )
    sign_in(page, live_server, organiser)
    page.goto(f"{live_server.url}/demarches/transition-numerique/equipe/")
    page.get_by_role("button", name="Supprimer le thème Mobilité").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Supprimer le thème « Mobilité »\u00a0?"
    )
    assert "Contributions concernées : 1." in page.content().replace(
        "&nbsp;", "\u00a0"
    )  # Chromium writes U+00A0 as &nbsp;
    check_widths(page, "theme-delete-confirm", tmp_path, assert_accessible)
    with page.expect_navigation():
        page.get_by_role("button", name="Supprimer quand même").click()
    assert "Thème supprimé." in page.content()
    assert not Theme.objects.filter(pk=theme.pk).exists()
