"""The empty contribution form is rendered once per change of the démarche's structure.

Its fields are the same for every reader (docs/decisions/0014): kept, the page
must be the same as rendered afresh, and a new theme must show at once.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parlons.processes.services import add_theme

pytestmark = pytest.mark.django_db(transaction=True)  # kept values are renewed once committed


def _form_part(html: str) -> str:
    start = html.index('<form method="post" class="stacked"')
    form = html[start : html.index("</form>", start)]
    return form[form.index("<div") :]  # the fields: after the CSRF and one-time tokens


def test_the_kept_form_is_the_form_and_shows_a_new_theme_at_once(
    client, settings, make_process, citizen, organiser
):
    process = make_process(slug="formulaire")
    add_theme(actor=organiser, process=process, name="Transports")
    client.force_login(citizen)
    url = f"/demarches/{process.slug}/contributions/nouvelle/"
    settings.PAGE_CACHE_SECONDS = 0
    fresh = client.get(url).content.decode()
    settings.PAGE_CACHE_SECONDS = 300
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        kept = client.get(url).content.decode()
    assert _form_part(kept) == _form_part(fresh)
    assert "Transports" in kept
    tables = " ".join(q["sql"] for q in context.captured_queries)
    assert "processes_theme" not in tables and "core_commune" not in tables

    add_theme(actor=organiser, process=process, name="Logement")
    assert "Logement" in client.get(url).content.decode()
