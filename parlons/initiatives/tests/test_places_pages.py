"""Places of digital mediation imported and exported from the team's pages, as the commands do."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from parlons.conftest import login_staff
from parlons.initiatives.models import Initiative, MediationPlace
from parlons.initiatives.standard import NAMES

from .test_places import file_of, place

pytestmark = pytest.mark.django_db
URL = "/initiatives/equipe/lieux/"


def _send(client, content: bytes, **choices):
    data = {"file": SimpleUploadedFile("lieux.csv", content, content_type="text/csv")}
    data.update({name: "on" for name, chosen in choices.items() if chosen})
    return client.post(URL, data)


def test_only_the_organisers_import_and_export_places(client, citizen, mediator):
    assert client.get(URL).status_code == 302  # to sign in
    for person in (citizen, mediator):
        login_staff(client, person)
        assert client.get(URL).status_code == 403
        assert client.get(URL + "lieux-mediation-numerique.csv").status_code == 403
        client.logout()


def test_a_file_with_errors_is_reported_and_nothing_imported(client, organiser, communes):
    login_staff(client, organiser)
    content = file_of(place(), place(id="lieu-2", code_postal="9910", latitude="quarante"))
    page = _send(client, content)
    assert page.status_code == 400
    text = page.content.decode()
    assert "Rien n'a été importé" in text
    assert "<td>3</td><td>code_postal</td>" in text and "<td>3</td><td>latitude</td>" in text
    assert Initiative.objects.count() == 0


def test_valid_rows_only_as_drafts_then_the_report_after_the_redirect(client, organiser, communes):
    login_staff(client, organiser)
    content = file_of(place(), place(id="lieu-2", code_postal="9910"))
    sent = _send(client, content, valid_rows_only=True, draft=True)
    assert sent.status_code == 302 and sent["Location"] == URL
    page = client.get(URL).content.decode()
    assert "1 lieu créé, 0 mis à jour." in page
    assert "<td>3</td><td>code_postal</td>" in page
    assert "brouillons" in page
    assert not Initiative.objects.get().is_published
    assert "1 lieu créé" not in client.get(URL).content.decode()  # shown once
    again = _send(client, file_of(place(nom="Espace rénové")))
    assert again.status_code == 302
    assert MediationPlace.objects.count() == 1
    assert Initiative.objects.get().title == "Espace rénové"


def test_the_export_button_gives_the_standard_file_of_published_places(client, organiser, communes):
    login_staff(client, organiser)
    _send(client, file_of(place(), place(id="lieu-2", nom="Bus numérique")))
    _send(client, file_of(place(id="lieu-3", nom="Brouillon")), draft=True)
    page = client.get(URL).content.decode()
    assert "2 lieux publiés" in page
    exported = client.get(URL + "lieux-mediation-numerique.csv")
    assert exported["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(b"".join(exported.streaming_content).decode())))
    assert list(rows[0]) == list(NAMES)
    assert [row["id"] for row in rows] == ["lieu-1", "lieu-2"]


def test_a_file_that_is_not_csv_text_is_refused_with_a_french_message(client, organiser):
    login_staff(client, organiser)
    page = _send(client, b"\xff\xfe\x00binary")
    assert page.status_code == 400
    assert "UTF-8" in page.content.decode()
