"""Sign-in, password reset and sign-up: limited per account and per address, in plain French."""

import re
from urllib.parse import quote

import pytest
from django.contrib.auth.signals import user_login_failed
from django.core import mail
from django.test import override_settings

from parlons.accounts.confirmation import confirmation_token
from parlons.accounts.models import User
from parlons.conftest import PASSWORD
from parlons.core.limits import wait_in_words

pytestmark = pytest.mark.django_db

FOREIGN = ["https://evil.example", "//evil.example", "/\\evil.example"]


def sign_in(client, email, password="pas-le-bon-mot-de-passe", address="192.0.2.10", next=""):
    data = {"username": email, "password": password}
    if next:
        data["next"] = next
    return client.post("/compte/connexion/", data, REMOTE_ADDR=address)


@pytest.fixture
def failures():
    """The sign-in attempts that reached the password check (Django signals each failure)."""
    seen = []

    def record(sender, credentials, **kwargs):
        seen.append(credentials.get("username"))

    user_login_failed.connect(record)
    yield seen
    user_login_failed.disconnect(record)


def test_after_five_failures_the_account_waits_and_the_password_is_not_even_tried(
    client, citizen, failures
):
    for _ in range(5):
        assert sign_in(client, citizen.email).status_code == 200
    assert len(failures) == 5
    locked = sign_in(client, citizen.email, password=PASSWORD)  # even the right one
    assert locked.status_code == 429
    wait = int(locked["Retry-After"])  # until the end of the fixed 15-minute window
    assert 1 <= wait <= 900
    page = locked.content.decode()
    assert "Trop de tentatives de connexion ont échoué" in page
    assert f"attendez {wait_in_words(wait)} avant de réessayer" in page
    assert f'value="{citizen.email}"' in page  # the form keeps the e-mail
    assert len(failures) == 5, "a locked account's password is never tested"
    assert "_auth_user_id" not in client.session


def test_a_success_forgets_the_account_failures(client, citizen):
    for _ in range(4):
        sign_in(client, citizen.email)
    assert sign_in(client, citizen.email, password=PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert sign_in(client, citizen.email).status_code == 200
    assert sign_in(client, citizen.email, password=PASSWORD).status_code == 302


@pytest.mark.django_db(transaction=True)  # the e-mail leaves when the write is saved
def test_a_new_password_from_the_email_link_ends_the_lock(client, citizen):
    for _ in range(5):
        sign_in(client, citizen.email)
    assert sign_in(client, citizen.email, password=PASSWORD).status_code == 429
    client.post("/compte/mot-de-passe/", {"email": citizen.email})
    link = re.search(r"http://\S+(/compte/mot-de-passe/\S+/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]  # Django hides the token behind a redirect
    new_password = "un-autre-mot-de-passe-99"
    done = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    assert sign_in(client, citizen.email, password=new_password).status_code == 302


def test_one_address_trying_many_accounts_is_stopped(client, citizen):
    with override_settings(PARLONS_LIMITS={"signin_account": (5, 900), "signin_address": (3, 900)}):
        for number in range(3):
            sign_in(client, f"personne{number}@exemple.test")
        assert sign_in(client, citizen.email, password=PASSWORD).status_code == 429
        other_address = sign_in(client, citizen.email, password=PASSWORD, address="192.0.2.99")
        assert other_address.status_code == 302


@pytest.mark.parametrize("target", FOREIGN)
def test_sign_in_never_sends_to_another_site(client, citizen, target):
    response = sign_in(client, citizen.email, password=PASSWORD, next=target)
    assert (response.status_code, response["Location"]) == (302, "/")


@pytest.mark.django_db(transaction=True)  # the e-mail leaves when the write is saved
def test_past_three_reset_emails_the_page_is_the_same_but_no_email_leaves(client, citizen):
    answers = [
        client.post("/compte/mot-de-passe/", {"email": citizen.email}, REMOTE_ADDR="192.0.2.10")
        for _ in range(4)
    ]
    assert [(a.status_code, a["Location"]) for a in answers] == [
        (302, "/compte/mot-de-passe/envoye/")
    ] * 4
    assert len(mail.outbox) == 3
    # An unknown address answers the same, limited or not.
    for _ in range(4):
        unknown = client.post("/compte/mot-de-passe/", {"email": "personne@exemple.test"})
        assert (unknown.status_code, unknown["Location"]) == (302, "/compte/mot-de-passe/envoye/")
    assert len(mail.outbox) == 3


@pytest.mark.django_db(transaction=True)  # the e-mail leaves when the write is saved
def test_reset_emails_are_limited_per_address_too(client, territory):
    emails = [f"p{number}@exemple.test" for number in range(3)]
    for email in emails:
        User.objects.create_user(email=email, password=PASSWORD, pseudonym=email[:2])
    with override_settings(
        PARLONS_LIMITS={"password_reset_email": (3, 3600), "password_reset_address": (2, 3600)}
    ):
        for email in emails:
            client.post("/compte/mot-de-passe/", {"email": email}, REMOTE_ADDR="192.0.2.10")
    assert sorted(message.to[0] for message in mail.outbox) == emails[:2]


def sign_up(client, number, address="192.0.2.10", next=""):
    return client.post(
        "/compte/inscription/" + (f"?next={quote(next)}" if next else ""),
        {
            "email": f"nouveau{number}@exemple.test",
            "pseudonym": f"Nouveau{number}",
            "password": PASSWORD,
            "password_confirm": PASSWORD,
            "accept_terms": "on",
        },
        REMOTE_ADDR=address,
    )


@override_settings(PARLONS_LIMITS={"signup_address": (2, 3600)})
def test_past_the_sign_up_limit_an_address_gets_a_clear_429_page(client, territory):
    assert [sign_up(client, n).status_code for n in range(2)] == [302, 302]
    client.logout()
    refused = sign_up(client, 2)
    assert refused.status_code == 429
    wait = int(refused["Retry-After"])
    assert 1 <= wait <= 3600
    page = refused.content.decode()
    assert "Beaucoup de comptes ont été créés depuis cette connexion" in page
    assert f"attendez {wait_in_words(wait)} avant d'en créer un autre" in page
    assert not User.objects.filter(email="nouveau2@exemple.test").exists()
    assert sign_up(client, 3, address="192.0.2.99").status_code == 302


@pytest.mark.parametrize("target", FOREIGN)
def test_sign_up_never_sends_to_another_site(client, territory, target):
    response = sign_up(client, 1, next=target)
    assert (response.status_code, response["Location"]) == (302, "/compte/inscription/verifiez/")
    # Nor later, once the link of the e-mail confirms the address: to sign in, nothing else.
    user = User.objects.get(email="nouveau1@exemple.test")
    confirmed = client.get(f"/compte/confirmer/{confirmation_token(user)}/")
    assert confirmed["Location"] == "/compte/connexion/"
