"""The administrators' page of the periodic jobs: what ran, how it went, what comes next."""

import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.test import modify_settings

from parlons.conftest import PASSWORD, confirm_second_factor_in_browser, login_staff
from parlons.core.models import AuditEntry, PeriodicJobRun
from parlons.core.scheduler import periodic_jobs, start_due_jobs

PAGE = "/compte/equipe/taches/"
SCREENSHOTS = os.environ.get("PARLONS_SCREENSHOTS")


@pytest.mark.django_db
def test_an_administrator_sees_every_job_with_its_next_run(client, administrator):
    login_staff(client, administrator)
    response = client.get(PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    for label in (
        "Ranger la file des tâches (tâches terminées, exécuteurs arrêtés)",
        "Envoyer les récapitulatifs quotidiens",
        "Effacer ou anonymiser ce qui a dépassé sa durée de conservation",
        "Rappeler aux personnes inscrites les réunions des prochaines 24 heures",
    ):
        assert label in page
    assert page.count("Pas encore lancée.") == len(periodic_jobs())
    assert "en retard" not in page
    assert page.count(">Lancer maintenant</button>") == len(periodic_jobs())
    assert "chaque jour à 3 h 00" in page and "toutes les heures" in page


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["citizen", "mediator", "moderator", "expert", "organiser", "dpo"])
def test_only_administrators_reach_the_page(client, personas, role):
    login_staff(client, personas[role])
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"job": "privacy.purge_personal_data"}).status_code == 403
    assert PeriodicJobRun.objects.count() == 0


@pytest.mark.django_db
def test_the_staff_dashboard_links_the_page_for_administrators(client, administrator, organiser):
    login_staff(client, organiser)
    assert PAGE not in client.get("/compte/equipe/").content.decode()
    login_staff(client, administrator)
    assert f'href="{PAGE}"' in client.get("/compte/equipe/").content.decode()


@pytest.mark.django_db
def test_run_now_starts_the_job_records_who_asked_and_shows_what_it_did(client, administrator):
    login_staff(client, administrator)
    response = client.post(PAGE, {"job": "meetings.send_reminders", "form_token": "t1"})
    assert (response.status_code, response["Location"]) == (302, PAGE)
    run = PeriodicJobRun.objects.get()
    assert (run.job, run.trigger, run.status, run.result) == (
        "meetings.send_reminders",
        "manual",
        "successful",
        0,
    )
    entry = AuditEntry.objects.get(action="core.run_periodic_job")
    assert (entry.actor, entry.target_id, entry.data) == (
        administrator,
        str(run.pk),
        {"job": "meetings.send_reminders"},
    )
    page = client.get(PAGE).content.decode()
    assert (
        "« Rappeler aux personnes inscrites les réunions des prochaines 24 heures » est lancée."
        in page
    )
    assert "Aucun rappel à envoyer." in page and "lancée à la main" in page
    assert re.search(r'badge-ok">réussie</span>\s+en (moins de 0,1 s|\d+,\d s)', page)

    again = client.post(
        PAGE, {"job": "meetings.send_reminders", "form_token": "t1"}
    )  # double click
    assert again.status_code == 302
    assert PeriodicJobRun.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_failed_run_shows_its_error(client, administrator):
    with modify_settings(INSTALLED_APPS={"append": "parlons.core.tests.example_jobs"}):
        login_staff(client, administrator)
        client.post(PAGE, {"job": "example_jobs.fail"})
        page = client.get(PAGE).content.decode()
    assert 'badge-danger">échouée</span>' in page
    assert "ConnectionRefusedError: le serveur de courriel ne répond pas" in page


@pytest.mark.django_db
def test_an_unknown_job_is_refused_in_plain_words(client, administrator):
    login_staff(client, administrator)
    response = client.post(PAGE, {"job": "privacy.tout_effacer"})
    assert response.status_code == 400
    assert "Cette tâche périodique n&#x27;existe pas." in response.content.decode()
    assert (PeriodicJobRun.objects.count(), AuditEntry.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_planned_runs_show_as_planned(client, administrator):
    start_due_jobs(datetime(2026, 5, 4, 10, 20, tzinfo=UTC))
    start_due_jobs(datetime(2026, 5, 4, 11, 0, 2, tzinfo=UTC))
    login_staff(client, administrator)
    page = client.get(PAGE).content.decode()
    assert "planifiée" in page
    assert "mardi 5 mai 2026 à 03:00" in page  # the purge's next run, in Paris time
    # 14:00 on 4 May 2026 has long passed and no worker started it: the page says so.
    assert "lundi 4 mai 2026 à 14:00<br>" in page
    assert page.count('badge-warn">en retard</span>') == len(periodic_jobs())


def _screenshots(page, name: str, tmp_path: Path) -> None:
    folder = Path(SCREENSHOTS) if SCREENSHOTS else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} at {width} px is {overflow} px too wide"
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_administrator_runs_the_purge_from_the_staff_space_with_the_keyboard(
    page, live_server, administrator, assert_accessible, no_external_requests, tmp_path
):
    page.goto(f"{live_server.url}/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(administrator.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_label("Mot de passe").press("Enter")
    confirm_second_factor_in_browser(page, administrator)
    page.goto(f"{live_server.url}/compte/equipe/")
    with page.expect_navigation():
        page.get_by_role("link", name="Tâches périodiques").press("Enter")
    assert page.url == f"{live_server.url}{PAGE}"
    assert_accessible(page)
    button = page.get_by_role(
        "button",
        name="Lancer maintenant\u00a0: Effacer ou anonymiser ce qui a dépassé sa durée de conservation",
    )
    with page.expect_navigation():
        button.press("Enter")
    assert page.locator(".messages").inner_text().startswith("« Effacer ou anonymiser")
    card = page.locator("li.card", has_text="Effacer ou anonymiser")
    assert "réussie" in card.inner_text()
    assert "Rien à effacer." in card.inner_text()
    assert_accessible(page)
    _screenshots(page, "periodic-jobs", tmp_path)
