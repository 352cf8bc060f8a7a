"""The register (GDPR art. 30) as PDF, ODS and CSV, from the declarations and the settings."""

import csv
import io
import zipfile

import pytest
from django.urls import reverse
from pypdf import PdfReader

from parlons.core.charter import declarations
from parlons.privacy.register_export import register_rows

pytestmark = pytest.mark.django_db

PROCESSORS = [
    {
        "name": "Hébergeur Exemple",
        "service": "hébergement",
        "location": "France",
        "guarantees": "HDS",
    },
    {"name": "=Courriel SA", "service": "envoi des courriels", "location": "UE", "guarantees": ""},
]


@pytest.fixture
def processors(settings):
    settings.PROCESSORS = PROCESSORS
    settings.INACTIVE_ACCOUNT_DAYS = 1095
    return PROCESSORS


def test_the_csv_has_a_row_per_declaration_then_the_processors(client, processors):
    response = client.get(reverse("privacy:register_csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "registre-traitements.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:2] == ["Traitement", "Donnée"]
    blank = rows.index([])
    assert blank - 1 == len(declarations()) == len(register_rows())
    assert ["Sous-traitant", "Ce qu'il fait", "Où sont les données", "Garanties"] in rows
    assert ["Hébergeur Exemple", "hébergement", "France", "HDS"] in rows
    assert ["'=Courriel SA", "envoi des courriels", "UE", ""] in rows  # never a formula
    assert any("1095 jours" in cell for row in rows for cell in row)


def test_the_ods_is_a_spreadsheet_with_three_sheets(client, processors):
    response = client.get(reverse("privacy:register_ods"))
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    first = archive.infolist()[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    content = archive.read("content.xml").decode()
    assert content.count("<table:table ") == 3
    assert "Hébergeur Exemple" in content
    assert content.count("<table:table-row>") == len(declarations()) + 1 + 3 + 3


def test_the_pdf_says_the_declarations_and_the_processors(client, processors):
    response = client.get(reverse("privacy:register_pdf"))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Registre des activités de traitement" in text
    assert "Hébergeur Exemple" in text
    assert "Sous-traitants" in text
    assert "1095 jours" in text


def test_the_pdf_says_when_no_processor_is_declared(client, settings):
    settings.PROCESSORS = []
    response = client.get(reverse("privacy:register_pdf"))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Aucun sous-traitant" in text


def test_the_register_page_links_the_files_and_shows_processors_and_inactivity(client, processors):
    page = client.get(reverse("privacy:register")).content.decode()
    for name in ("register_pdf", "register_ods", "register_csv"):
        assert f'href="{reverse(f"privacy:{name}")}"' in page
    assert "Hébergeur Exemple" in page
    assert "1095 jours" in page
