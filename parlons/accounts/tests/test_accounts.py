"""Signing up, signing in, resetting a password, choosing what others see, and roles."""

import re

import pytest
from django.core import mail

from parlons.accounts.models import OutgoingEmail, Role, RoleAssignment, User
from parlons.conftest import PASSWORD, login_staff
from parlons.core.models import AuditEntry


@pytest.mark.django_db(transaction=True)
def test_sign_up_is_audited_and_waits_for_the_address_to_be_confirmed(client, territory):
    response = client.post(
        "/compte/inscription/",
        {
            "email": "Nouvelle@Exemple.test",
            "pseudonym": "Nouvelle",
            "password": PASSWORD,
            "password_confirm": PASSWORD,
            "accept_terms": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/compte/inscription/verifiez/"
    user = User.objects.get(email="nouvelle@exemple.test")
    assert user.email_confirmed_at is None
    assert AuditEntry.objects.filter(action="accounts.register", actor=user).exists()
    assert [message.to for message in mail.outbox] == [["nouvelle@exemple.test"]]
    # Not signed in: the link in the e-mail comes first.
    assert client.get("/compte/profil/").status_code == 302


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("target", "lands_on"),
    [
        ("/demarches/", "/compte/connexion/?next=/demarches/"),
        ("https://ailleurs.example/piege", "/compte/connexion/"),
        ("//ailleurs", "/compte/connexion/"),
    ],
)
def test_sign_up_goes_back_to_a_page_of_this_site_only(client, territory, target, lands_on):
    client.post(
        f"/compte/inscription/?next={target}",
        {
            "email": "suite@exemple.test",
            "pseudonym": "Suite",
            "password": PASSWORD,
            "password_confirm": PASSWORD,
            "accept_terms": "on",
        },
    )
    link = re.search(r"http://testserver(/compte/confirmer/\S+/)", mail.outbox[0].body)[1]
    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"] == lands_on


@pytest.mark.django_db
def test_sign_up_refuses_a_taken_pseudonym_in_french_and_keeps_the_email(client, citizen):
    response = client.post(
        "/compte/inscription/",
        {
            "email": "autre@exemple.test",
            "pseudonym": "CAMILLE",
            "password": PASSWORD,
            "password_confirm": PASSWORD,
            "accept_terms": "on",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ce pseudonyme est déjà pris" in page
    assert 'value="autre@exemple.test"' in page


@pytest.mark.django_db
def test_sign_in_with_the_email_in_any_case(client, citizen):
    response = client.post(
        "/compte/connexion/", {"username": "CAMILLE@exemple.test", "password": PASSWORD}
    )
    assert response.status_code == 302


@pytest.mark.django_db(transaction=True)
def test_password_reset_by_email_in_french(client, citizen):
    client.post("/compte/mot-de-passe/", {"email": citizen.email})
    assert len(mail.outbox) == 1
    # through the queue, as every e-mail: a slow mail server never holds the page
    queued = OutgoingEmail.objects.get(to=citizen.email)
    assert queued.sent_at is not None and queued.subject == mail.outbox[0].subject
    body = mail.outbox[0].body
    assert "choisir un nouveau" in body or "Pour en choisir un nouveau" in body
    link = re.search(r"http://\S+/compte/mot-de-passe/\S+/\S+/", body).group(0)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "un-autre-secret-99", "new_password2": "un-autre-secret-99"}
    )
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.check_password("un-autre-secret-99")


@pytest.mark.django_db
def test_the_real_name_is_shown_only_when_the_person_chooses(citizen):
    citizen.real_name = "Camille Exemple"
    assert citizen.public_name == "camille"
    citizen.show_real_name = True
    assert citizen.public_name == "Camille Exemple"


@pytest.mark.django_db
def test_an_administrator_grants_a_role_and_a_citizen_cannot(
    client, administrator, citizen, territory
):
    client.force_login(citizen)
    assert (
        client.post(
            "/compte/equipe/roles/", {"email": citizen.email, "role": "moderator"}
        ).status_code
        == 403
    )
    login_staff(client, administrator)
    response = client.post(
        "/compte/equipe/roles/", {"email": citizen.email, "role": "moderator", "action": "grant"}
    )
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(
        user=citizen, role=Role.MODERATOR, territory=territory
    ).exists()
    assert AuditEntry.objects.filter(action="accounts.grant_role", actor=administrator).exists()
    response = client.post(
        "/compte/equipe/roles/", {"email": "personne@exemple.test", "role": "moderator"}
    )
    assert response.status_code == 400
    assert "Aucun compte n&#x27;a cette adresse électronique." in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role,expected",
    [
        ("citizen", []),
        ("organiser", ["Démarches"]),
        ("dpo", ["Journal des actions"]),
        ("administrator", ["Rôles de l'équipe", "Démarches", "Journal des actions"]),
    ],
)
def test_the_staff_dashboard_shows_each_role_its_work(client, personas, role, expected):
    login_staff(client, personas[role])
    page = client.get("/compte/equipe/").content.decode().replace("&#x27;", "'")
    for title in expected:
        assert title in page
    if not expected:
        assert "pas encore de rôle" in page
