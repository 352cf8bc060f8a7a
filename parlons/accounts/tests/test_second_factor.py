"""Staff confirm their sign-in with a second factor; staff sessions end after inactivity."""

import time
from datetime import timedelta

import pytest
from django.apps import apps
from django.core import mail
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from parlons.accounts.privacy import SECOND_FACTOR_MODELS
from parlons.accounts.second_factor import (
    LAST_SEEN_SESSION_KEY,
    PENDING_KEY_SESSION_KEY,
    RECOVERY_CODE_COUNT,
    current_code,
)
from parlons.conftest import PASSWORD, login_staff
from parlons.core.charter import declarations
from parlons.core.models import AuditEntry
from parlons.privacy import services as privacy_services
from parlons.privacy.tests.test_declarations import looks_personal

pytestmark = pytest.mark.django_db

DASHBOARD = "/compte/equipe/"
VERIFY = "/compte/double-authentification/"
SETUP = "/compte/double-authentification/configurer/"
CODES = "/compte/double-authentification/codes/"


def page_of(response) -> str:
    return response.content.decode().replace("&#x27;", "'")


def device_for(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Téléphone pro", confirmed=True)


def sign_in(client, user):
    return client.post("/compte/connexion/", {"username": user.email, "password": PASSWORD})


def let_throttle_pass(device):
    """As if the one-second wait after a wrong code had passed."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=device.throttling_failure_timestamp - timedelta(seconds=2)
    )


# --- Enforcement -------------------------------------------------------------------------


def test_a_staff_member_without_a_second_factor_is_led_to_set_one_up(client, organiser):
    client.force_login(organiser)
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Fcompte%2Fequipe%2F"


def test_an_unconfirmed_staff_session_is_asked_for_the_code_on_every_staff_url(
    client, organiser, administrator
):
    device_for(organiser)
    client.force_login(organiser)
    for path in (DASHBOARD, "/demarches/equipe/nouvelle/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(f"{VERIFY}?next=")
    device_for(administrator)
    client.force_login(administrator)
    response = client.post(
        "/compte/equipe/roles/",
        {"email": "x@exemple.test", "role": "expert"},
        HTTP_REFERER="http://testserver/compte/equipe/roles/?tri=role",
    )
    assert response["Location"] == f"{VERIFY}?next=%2Fcompte%2Fequipe%2Froles%2F%3Ftri%3Drole"
    response = client.post(
        "/compte/equipe/roles/", {"email": "x"}, HTTP_REFERER="https://ailleurs.example/"
    )
    assert response["Location"] == VERIFY


def test_a_refused_staff_page_outside_the_staff_space_leads_to_the_code_too(
    client, mediator, make_process
):
    process = make_process()
    device_for(mediator)
    client.force_login(mediator)
    response = client.get(f"/demarches/{process.slug}/guichet/")
    assert response["Location"] == f"{VERIFY}?next=%2Fdemarches%2F{process.slug}%2Fguichet%2F"
    login_staff(client, mediator)
    assert client.get(f"/demarches/{process.slug}/guichet/").status_code == 200


def test_a_citizen_is_never_asked_for_a_second_factor(client, citizen, make_process):
    process = make_process()
    client.force_login(citizen)
    assert client.get(DASHBOARD).status_code == 200
    assert client.get(f"/demarches/{process.slug}/guichet/").status_code == 403
    assert "pas encore de rôle" in page_of(client.get(DASHBOARD))


def test_signing_in_leads_staff_to_the_code_and_back_where_they_were_going(client, organiser):
    device = device_for(organiser)
    response = client.post(
        "/compte/connexion/?next=/demarches/equipe/nouvelle/",
        {"username": organiser.email, "password": PASSWORD, "next": "/demarches/equipe/nouvelle/"},
    )
    assert response["Location"] == f"{VERIFY}?next=%2Fdemarches%2Fequipe%2Fnouvelle%2F"
    page = page_of(client.get(response["Location"]))
    assert "Votre compte a un rôle dans l'équipe." in page
    response = client.post(
        VERIFY, {"code": current_code(device.key), "next": "/demarches/equipe/nouvelle/"}
    )
    assert response["Location"] == "/demarches/equipe/nouvelle/"
    assert client.get("/demarches/equipe/nouvelle/").status_code == 200


def test_a_citizen_signs_in_as_before(client, citizen):
    assert sign_in(client, citizen)["Location"] == "/"


def test_a_wrong_code_says_so_keeps_the_page_and_never_locks_out(client, organiser):
    device = device_for(organiser)
    sign_in(client, organiser)
    response = client.post(VERIFY, {"code": "000000", "next": DASHBOARD})
    assert response.status_code == 400
    assert "Ce code ne convient pas." in page_of(response)
    response = client.post(VERIFY, {"code": current_code(device.key), "next": DASHBOARD})
    assert response.status_code == 400
    assert "attendez 1 secondes" in page_of(response)
    device.refresh_from_db()
    let_throttle_pass(device)
    response = client.post(VERIFY, {"code": current_code(device.key), "next": DASHBOARD})
    assert response["Location"] == DASHBOARD
    assert "Organisateur·rice" in page_of(client.get(DASHBOARD))


def test_next_never_leads_to_another_site(client, organiser):
    device = device_for(organiser)
    client.force_login(organiser)
    response = client.post(
        VERIFY, {"code": current_code(device.key), "next": "https://ailleurs.example/"}
    )
    assert response["Location"] == DASHBOARD


def test_a_recovery_code_replaces_the_app_once(client, organiser):
    device_for(organiser)
    codes = StaticDevice.objects.create(user=organiser, name="Codes de secours")
    codes.token_set.create(token="abcd2345")
    client.force_login(organiser)
    assert client.post(VERIFY, {"code": "ABCD 2345"})["Location"] == DASHBOARD
    assert not StaticToken.objects.exists()
    client.logout()
    client.force_login(organiser)
    assert client.post(VERIFY, {"code": "abcd2345"}).status_code == 400


# --- Setting up, replacing, removing ----------------------------------------------------


def test_setting_up_shows_a_local_qr_code_and_the_secret_then_recovery_codes_once(
    client, organiser
):
    client.force_login(organiser)
    page = page_of(client.get(f"{SETUP}?next=/compte/equipe/"))
    assert '<svg width="' in page and 'class="segno"' in page
    key = client.session[PENDING_KEY_SESSION_KEY]
    assert len(key) == 40
    response = client.post(SETUP, {"name": "Téléphone pro", "code": "12", "next": DASHBOARD})
    assert response.status_code == 400
    assert 'value="Téléphone pro"' in page_of(response)
    assert "Ce code ne correspond pas." in page_of(response)
    response = client.post(
        SETUP, {"name": "Téléphone pro", "code": current_code(key), "next": DASHBOARD}
    )
    assert response["Location"] == f"{CODES}?next=%2Fcompte%2Fequipe%2F"
    device = TOTPDevice.objects.get(user=organiser)
    assert (device.name, device.confirmed, device.key) == ("Téléphone pro", True, key)
    tokens = sorted(
        StaticToken.objects.filter(device__user=organiser).values_list("token", flat=True)
    )
    assert len(tokens) == RECOVERY_CODE_COUNT
    page = page_of(client.get(response["Location"]))
    assert all(token in page for token in tokens)
    text = client.get("/compte/double-authentification/codes.txt")
    assert text["Content-Disposition"] == 'attachment; filename="codes-de-secours.txt"'
    assert text.content.decode().splitlines()[-RECOVERY_CODE_COUNT:] == list(
        client.session["parlons_new_recovery_codes"]
    )
    assert client.post(CODES, {"next": DASHBOARD})["Location"] == DASHBOARD
    assert client.get(CODES)["Location"] == "/compte/profil/"  # shown once
    assert client.get(DASHBOARD).status_code == 200  # the session is confirmed
    entry = AuditEntry.objects.get(action="accounts.set_up_second_factor")
    assert (entry.actor, entry.data) == (organiser, {"device": "Téléphone pro", "replaced": False})


def test_the_code_of_the_setup_cannot_sign_in_again(client, organiser):
    client.force_login(organiser)
    client.get(SETUP)
    key = client.session[PENDING_KEY_SESSION_KEY]
    code = current_code(key)
    client.post(SETUP, {"name": "Téléphone", "code": code})
    client.logout()
    client.force_login(organiser)
    assert client.post(VERIFY, {"code": code}).status_code == 400


def test_replacing_asks_for_the_current_factor_first(client, organiser, citizen):
    device = device_for(organiser)
    client.force_login(organiser)
    assert (
        client.get(SETUP)["Location"]
        == f"{VERIFY}?next=%2Fcompte%2Fdouble-authentification%2Fconfigurer%2F"
    )
    device_for(citizen)
    client.force_login(citizen)
    assert client.get(SETUP).status_code == 403
    client.force_login(organiser)
    client.post(VERIFY, {"code": current_code(device.key)})
    page = page_of(client.get(SETUP))
    assert "Vous remplacez votre application d'authentification" in page
    key = client.session[PENDING_KEY_SESSION_KEY]
    client.post(SETUP, {"name": "Nouveau téléphone", "code": current_code(key)})
    assert list(TOTPDevice.objects.filter(user=organiser).values_list("name", flat=True)) == [
        "Nouveau téléphone"
    ]


def test_the_profile_shows_the_device_and_staff_cannot_remove_it(client, organiser):
    login_staff(client, organiser)
    page = page_of(client.get("/compte/profil/"))
    assert "<strong>Téléphone de test</strong>, configurée le" in page
    assert "Retirer le second facteur" not in page
    response = client.post("/compte/double-authentification/retirer/")
    assert response.status_code == 403
    assert "Les membres de l'équipe gardent un second facteur" in page_of(response)
    assert TOTPDevice.objects.filter(user=organiser).exists()


def test_a_former_staff_member_removes_their_second_factor(client, citizen):
    login_staff(client, citizen)
    assert "Retirer le second facteur" in page_of(client.get("/compte/profil/"))
    assert client.post("/compte/double-authentification/retirer/")["Location"] == "/compte/profil/"
    assert not TOTPDevice.objects.filter(user=citizen).exists()
    assert AuditEntry.objects.filter(action="accounts.remove_second_factor", actor=citizen).exists()


def test_new_recovery_codes_replace_the_old_ones(client, organiser):
    login_staff(client, organiser)
    old = StaticDevice.objects.create(user=organiser, name="Codes")
    old.token_set.create(token="vieuxcode")
    response = client.post("/compte/double-authentification/codes/nouveaux/")
    assert response["Location"] == CODES
    assert not StaticToken.objects.filter(token="vieuxcode").exists()
    assert StaticToken.objects.filter(device__user=organiser).count() == RECOVERY_CODE_COUNT
    assert AuditEntry.objects.filter(action="accounts.regenerate_recovery_codes").count() == 1


# --- An administrator resets it -------------------------------------------------------------


def test_an_administrator_resets_a_staff_members_second_factor(
    client, administrator, organiser, territory, django_capture_on_commit_callbacks
):
    device_for(organiser)
    their_session = type(client)()
    login_staff(their_session, organiser)
    assert their_session.get(DASHBOARD).status_code == 200
    login_staff(client, administrator)
    page = page_of(client.get("/compte/equipe/roles/"))
    assert "Réinitialiser le second facteur de organisatrice" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/compte/equipe/roles/{organiser.pk}/second-facteur/")
    assert response["Location"] == "/compte/equipe/roles/"
    assert not TOTPDevice.objects.filter(user=organiser).exists()
    entry = AuditEntry.objects.get(action="accounts.reset_second_factor")
    assert (entry.actor, entry.target_id, entry.data) == (
        administrator,
        str(organiser.pk),
        {"territory": territory.slug, "devices": 1},
    )
    assert [m.to for m in mail.outbox] == [[organiser.email]]
    assert mail.outbox[0].subject == "Votre second facteur de connexion a été réinitialisé"
    assert "http://127.0.0.1:8000/compte/profil/" in mail.outbox[0].body
    # Their open session loses its staff powers at once: a new factor first.
    assert their_session.get(DASHBOARD)["Location"] == f"{SETUP}?next=%2Fcompte%2Fequipe%2F"


def test_only_administrators_reset_a_second_factor(client, organiser, moderator):
    device_for(organiser)
    login_staff(client, moderator)
    assert client.post(f"/compte/equipe/roles/{organiser.pk}/second-facteur/").status_code == 403
    assert TOTPDevice.objects.filter(user=organiser).exists()


# --- Idle staff sessions --------------------------------------------------------------------


def age_session(client, minutes):
    session = client.session
    session[LAST_SEEN_SESSION_KEY] = int(time.time()) - minutes * 60
    session.save()


def test_a_staff_session_ends_after_the_idle_delay(client, organiser, settings):
    assert settings.STAFF_SESSION_IDLE_MINUTES == 30
    login_staff(client, organiser)
    assert client.session.get_expiry_age() == 30 * 60
    age_session(client, 29)
    assert client.get(DASHBOARD).status_code == 200
    assert int(time.time()) - client.session[LAST_SEEN_SESSION_KEY] < 5  # activity counted
    age_session(client, 31)
    response = client.get(DASHBOARD)
    assert response["Location"] == "/compte/connexion/?next=%2Fcompte%2Fequipe%2F"
    assert "_auth_user_id" not in client.session
    page = page_of(client.get(response["Location"]))
    assert "Votre session de l'équipe s'est fermée après 30 minutes sans activité." in page


def test_the_idle_delay_is_a_setting(client, organiser, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 5
    login_staff(client, organiser)
    age_session(client, 6)
    assert client.get("/")["Location"].startswith("/compte/connexion/")


def test_citizens_keep_the_normal_session_length(client, citizen, settings):
    sign_in(client, citizen)
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    assert LAST_SEEN_SESSION_KEY not in client.session
    age_session(client, 60 * 24)  # a day later: no staff flag, nothing ends
    assert client.get("/compte/profil/").status_code == 200


# --- Turned off (the demo) ------------------------------------------------------------------


def test_without_the_setting_staff_work_with_a_password_alone(client, organiser, settings):
    settings.STAFF_TWO_FACTOR = False
    settings.DEMO = True
    response = sign_in(client, organiser)
    assert response["Location"] == "/"
    assert DEVICE_ID_SESSION_KEY not in client.session
    page = page_of(client.get(DASHBOARD))
    assert "Organisateur·rice" in page
    assert "la double authentification de l'équipe est désactivée" in page


def test_the_demo_banner_says_nothing_of_it_when_it_is_on(client, settings):
    settings.DEMO = True
    assert "double authentification" not in page_of(client.get("/"))


# --- Personal data --------------------------------------------------------------------------


def test_the_export_names_the_device_and_never_its_secret(organiser):
    device = device_for(organiser)
    StaticDevice.objects.create(user=organiser, name="Codes").token_set.create(token="secret12")
    data = privacy_services.export_user_data(user=organiser)["accounts"]["second_factor"]
    assert data["authenticator_apps"] == [
        {
            "name": "Téléphone pro",
            "set_up_at": device.created_at.isoformat(),
            "last_used_at": None,
        }
    ]
    assert data["recovery_codes"][0]["unused"] == 1
    assert device.key not in str(data) and "secret12" not in str(data)


def test_erasing_an_account_deletes_its_second_factor(organiser):
    device_for(organiser)
    StaticDevice.objects.create(user=organiser, name="Codes").token_set.create(token="secret12")
    privacy_services.erase_account(actor=organiser, user=organiser)
    assert not TOTPDevice.objects.exists()
    assert not StaticDevice.objects.exists()
    assert not StaticToken.objects.exists()


def test_the_register_lists_every_personal_field_of_the_second_factor(client):
    declared = {item.key for item in declarations()}
    for label in SECOND_FACTOR_MODELS:
        for field in apps.get_model(label)._meta.concrete_fields:
            if not field.primary_key and looks_personal(field):
                assert f"{label}.{field.name}" in declared
    assert {"otp_totp.TOTPDevice.key", "otp_static.StaticToken.token"} <= declared
    page = page_of(client.get("/confidentialite/"))
    assert "Applications d'authentification (second facteur de l'équipe)" in page
    assert "Clé secrète (jamais affichée après la configuration, jamais exportée)" in page
