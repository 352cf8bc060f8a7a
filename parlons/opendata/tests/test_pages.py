"""The /donnees/ pages, and the staff page where administrators choose the licence."""

import pytest

from parlons.conftest import login_staff
from parlons.core.models import AuditEntry
from parlons.opendata.models import ExportRun, OpenDataSettings

pytestmark = pytest.mark.django_db


def test_the_open_data_page_lists_each_dataset_with_its_columns(client, built, process):
    page = client.get("/donnees/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Licence Ouverte 2.0" in html
    assert 'href="/donnees/contributions.csv"' in html
    assert 'href="/donnees/datapackage.json"' in html
    assert 'href="/donnees/catalog.jsonld"' in html
    assert "pas_d_accord" in html
    assert f'href="/donnees/{process.slug}/"' in html
    one = client.get(f"/donnees/{process.slug}/").content.decode()
    assert f'href="/donnees/{process.slug}/contributions.csv"' in one
    assert f'href="/donnees/{process.slug}/datapackage.json"' in one


def test_before_the_first_build_the_page_says_the_files_are_coming(client, process):
    assert "en préparation" in client.get("/donnees/").content.decode()
    assert client.get("/donnees/contributions.csv").status_code == 404


@pytest.mark.parametrize("persona", ["citizen", "organiser", "moderator", "dpo"])
def test_only_administrators_manage_open_data(client, personas, persona):
    login_staff(client, personas[persona]) if persona != "citizen" else client.force_login(
        personas[persona]
    )
    assert client.get("/donnees/equipe/").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, territory):
    response = client.get("/donnees/equipe/")
    assert response.status_code == 302 and "/compte/" in response["Location"]


def test_an_administrator_chooses_the_licence_and_sees_the_runs(
    client, administrator, built, territory
):
    login_staff(client, administrator)
    page = client.get("/donnees/equipe/")
    assert page.status_code == 200
    assert "terminée" in page.content.decode()
    response = client.post("/donnees/equipe/", {"licence": "ODbL-1.0"})
    assert response.status_code == 302
    assert OpenDataSettings.objects.get(territory=territory).licence == "ODbL-1.0"
    assert AuditEntry.objects.filter(action="opendata.update_settings").exists()
    assert "ODbL" in client.get("/donnees/").content.decode()
    bad = client.post("/donnees/equipe/", {"licence": "CC0"})
    assert bad.status_code == 400


def test_an_administrator_rebuilds_the_files_now(
    client, administrator, debate, territory, django_capture_on_commit_callbacks
):
    login_staff(client, administrator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/donnees/equipe/", {"action": "rebuild"})
    assert response.status_code == 302
    # Tasks run at once in tests.
    assert ExportRun.objects.filter(status=ExportRun.Status.DONE, reason="staff").count() == 1
    assert AuditEntry.objects.filter(action="opendata.rebuild").exists()


def test_a_published_process_page_links_to_its_open_data(client, process):
    html = client.get(process.get_absolute_url()).content.decode()
    assert f'href="/donnees/{process.slug}/"' in html
