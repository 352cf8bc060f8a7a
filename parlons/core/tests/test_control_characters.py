"""Control characters never reach a form or a query: 400 with a French page, on both databases."""

import pytest

from parlons.conftest import login_staff
from parlons.core.validators import first_control_character
from parlons.processes.models import Process

pytestmark = pytest.mark.django_db

REFUSAL = "Caractère invisible refusé"


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x0b", "\x1b", "\x7f", "\x85"])
def test_a_control_character_in_a_posted_form_is_refused_with_a_french_page(
    client, organiser, character
):
    login_staff(client, organiser)
    response = client.post(
        "/demarches/equipe/nouvelle/",
        {
            "title": f"Le port{character} de demain",
            "slug": "port-de-demain",
            "summary": "Un résumé.",
        },
    )
    assert response.status_code == 400
    assert REFUSAL in response.content.decode()
    assert not Process.objects.filter(title__startswith="Le port").exists()


def test_django_sign_in_form_refuses_a_nul_too(client, citizen):
    response = client.post(
        "/compte/connexion/", {"username": "camille\x00@exemple.test", "password": "x"}
    )
    assert response.status_code == 400
    assert REFUSAL in response.content.decode()


def test_a_nul_in_a_query_parameter_or_the_address_is_refused(client, make_process):
    process = make_process()
    assert client.get(f"/demarches/{process.slug}/?page=1%00").status_code == 400
    assert client.get("/compte/courriels/abc%00def/").status_code == 400
    assert client.get(f"/demarches/{process.slug}/?page=1").status_code == 200


def test_tabs_and_line_breaks_are_ordinary_text(client, organiser):
    login_staff(client, organiser)
    response = client.post(
        "/demarches/equipe/nouvelle/",
        {
            "title": "Le port\tde demain",
            "slug": "port-de-demain",
            "summary": "Première ligne.\r\nDeuxième ligne.",
        },
    )
    assert response.status_code == 302
    assert Process.objects.get(title="Le port\tde demain").summary == (
        "Première ligne.\r\nDeuxième ligne."
    )


def test_the_page_is_english_for_english_readers(client, organiser):
    login_staff(client, organiser)
    response = client.post(
        "/demarches/equipe/nouvelle/", {"title": "\x00"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "Invisible character refused" in response.content.decode()


def test_first_control_character_finds_c0_del_and_c1_but_not_tab_or_line_breaks():
    assert first_control_character("a\tb\nc\rd é ✓") is None
    assert first_control_character("ab\x00") == 2
    assert first_control_character("\x9f") == 0
