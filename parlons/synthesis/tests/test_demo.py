"""The demo démarche has a synthesis made with the workbench, published."""

import pytest

from parlons.demo.loader import load_demo
from parlons.synthesis.models import Analysis, Report

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_a_synthesis_made_with_the_workbench(client):
    load_demo()
    report = Report.objects.get()
    assert report.is_published and "personne fictive" in report.signed_by
    analysis = Analysis.objects.get(status=Analysis.Status.DONE)
    assert analysis.themes.filter(validated_at__isnull=False).count() >= 2
    page = client.get(f"/demarches/{report.process.slug}/synthese/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Nombre de contributions par thème" in html
    assert (
        "Notice publique de l&#x27;algorithme" in html or "Notice publique de l'algorithme" in html
    )
    process_page = client.get(report.process.get_absolute_url())
    assert "Lire la synthèse" in process_page.content.decode()
