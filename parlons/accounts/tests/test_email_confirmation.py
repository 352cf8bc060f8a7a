"""Sign-up confirms the address before any contribution, and never tells who has an account.

Also: erasure asks for the password again, the staff link shows for staff only,
the sign-in error is said once, and the sign-up box comes before its label.
"""

import re
import time

import pytest
from django.core import mail, signing

from parlons.accounts import services
from parlons.accounts.confirmation import (
    CONFIRMATION_LINK_DAYS,
    SALT,
    confirmation_token,
)
from parlons.accounts.models import User
from parlons.accounts.rules import may_participate
from parlons.conftest import PASSWORD, login_staff, make_person
from parlons.core.models import AuditEntry
from parlons.debates.models import Contribution

SIGN_UP = {
    "email": "nouvelle@exemple.test",
    "pseudonym": "Nouvelle",
    "password": PASSWORD,
    "password_confirm": PASSWORD,
    "accept_terms": "on",
}


def confirmation_path(body: str) -> str:
    return re.search(r"http://testserver(/compte/confirmer/\S+/)", body)[1]


@pytest.mark.django_db(transaction=True)
def test_register_user_sends_a_link_that_confirms_the_address_once(territory):
    user = services.register_user(
        email="nouvelle@exemple.test", password=PASSWORD, pseudonym="Nouvelle"
    )
    assert user.email_confirmed_at is None and not may_participate(user)
    (message,) = mail.outbox
    assert message.subject == "Confirmez votre adresse électronique"
    assert f"Ce lien est valable {CONFIRMATION_LINK_DAYS} jours." in message.body
    token = confirmation_token(user)
    assert services.confirm_email(token=token) == user
    first = User.objects.get(pk=user.pk).email_confirmed_at
    assert first is not None
    assert services.confirm_email(token=token) == user  # opened twice: nothing changes
    assert User.objects.get(pk=user.pk).email_confirmed_at == first
    assert AuditEntry.objects.filter(action="accounts.confirm_email", actor=user).count() == 1


class SignedDaysAgo(signing.TimestampSigner):
    """A link signed long ago: how it looks to the site when the person opens it late."""

    def timestamp(self):
        return signing.b62_encode(int(time.time()) - (CONFIRMATION_LINK_DAYS * 24 + 1) * 3600)


@pytest.mark.django_db
def test_an_expired_altered_or_outdated_link_confirms_nothing(client, territory):
    user = make_person(territory, "lente", email_confirmed_at=None)
    expired = SignedDaysAgo(salt=SALT).sign_object(
        {"u": user.pk, "e": user.email}, serializer=signing.JSONSerializer
    )
    altered = confirmation_token(user)[:-2] + "xx"
    for token in (expired, altered):
        response = client.get(f"/compte/confirmer/{token}/")
        assert response.status_code == 400
        assert "Ce lien ne fonctionne plus" in response.content.decode()
    token = confirmation_token(user)
    User.objects.filter(pk=user.pk).update(email="nouvelle-adresse@exemple.test")
    assert client.get(f"/compte/confirmer/{token}/").status_code == 400
    assert User.objects.get(pk=user.pk).email_confirmed_at is None


@pytest.mark.django_db(transaction=True)
def test_sign_up_with_a_known_address_answers_the_same_and_tells_only_the_owner(client, citizen):
    fresh = client.post("/compte/inscription/", SIGN_UP)
    known = client.post(
        "/compte/inscription/", SIGN_UP | {"email": citizen.email, "pseudonym": "Intrus"}
    )
    assert (known.status_code, known["Location"]) == (fresh.status_code, fresh["Location"])
    assert not User.objects.filter(pseudonym="Intrus").exists()
    assert User.objects.get(pk=citizen.pk).check_password(PASSWORD)
    owner_mail = [message for message in mail.outbox if message.to == [citizen.email]]
    assert [message.subject for message in owner_mail] == [
        "Une inscription a été tentée avec votre adresse"
    ]
    assert "/compte/confirmer/" not in owner_mail[0].body
    page = client.get("/compte/inscription/verifiez/").content.decode()
    assert "Vérifiez votre boîte de réception" in page
    assert citizen.email in page


@pytest.mark.django_db
def test_accounts_made_outside_sign_up_are_confirmed(territory):
    by_command = User.objects.create_user("commande@exemple.test", PASSWORD, pseudonym="Commande")
    by_provider = services.register_from_identity_provider(
        email="fournisseur@exemple.test", pseudonym_hint="Fournie", provider="Test"
    )
    assert by_command.email_confirmed_at is not None and may_participate(by_command)
    assert by_provider.email_confirmed_at is not None and may_participate(by_provider)


@pytest.mark.django_db(transaction=True)
def test_an_unconfirmed_person_is_told_why_and_can_contribute_after_the_link(
    client, make_process, territory
):
    process = make_process()
    client.post("/compte/inscription/", SIGN_UP)
    user = User.objects.get(email=SIGN_UP["email"])
    client.force_login(user)  # signed in before opening the link
    page = client.get(f"/demarches/{process.slug}/").content.decode()
    assert "pour contribuer, répondre, réagir" in page
    new = f"/demarches/{process.slug}/contributions/nouvelle/"
    refused = client.post(new, {"body": "Un banc au parc.", "theme": process.themes.first().pk})
    assert refused["Location"] == "/compte/inscription/verifiez/"
    page = client.get(refused["Location"]).content.decode()
    assert "Pour contribuer, confirmez d&#x27;abord votre adresse" in page
    assert Contribution.objects.count() == 0

    done = client.get(confirmation_path(mail.outbox[0].body))
    assert done["Location"] == "/"
    accepted = client.post(new, {"body": "Un banc au parc.", "theme": process.themes.first().pk})
    assert accepted.status_code == 302
    assert Contribution.objects.get().author == user
    assert "pour contribuer, répondre, réagir" not in client.get("/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_new_link_is_sent_three_times_an_hour_at_most(client, territory):
    client.post("/compte/inscription/", SIGN_UP)
    pages = [
        client.post("/compte/inscription/verifiez/", follow=True).content.decode()
        for _i in range(4)
    ]
    assert len(mail.outbox) == 1 + 3
    assert all(message.to == [SIGN_UP["email"]] for message in mail.outbox)
    assert "Un nouveau lien vient de partir." in pages[2]
    assert "Plusieurs liens ont déjà été envoyés" in pages[3]


@pytest.mark.django_db
def test_erasure_asks_for_the_password_again(client, citizen):
    client.force_login(citizen)
    refused = client.post(
        "/confidentialite/mes-donnees/supprimer-mon-compte/",
        {"confirm": "1", "password": "pas le bon"},
    )
    assert refused.status_code == 400
    assert "Mot de passe incorrect" in refused.content.decode()
    assert User.objects.get(pk=citizen.pk).erased_at is None
    erased = client.post(
        "/confidentialite/mes-donnees/supprimer-mon-compte/",
        {"confirm": "1", "password": PASSWORD},
    )
    assert erased.status_code == 302
    assert User.objects.get(pk=citizen.pk).erased_at is not None


@pytest.mark.django_db
def test_the_staff_link_shows_for_staff_roles_only(client, citizen, expert):
    client.force_login(citizen)
    assert "Espace équipe" not in client.get("/").content.decode()
    login_staff(client, expert)
    assert "Espace équipe" in client.get("/").content.decode()


@pytest.mark.django_db
def test_the_staff_page_never_says_no_role_to_someone_who_has_one(client, expert):
    login_staff(client, expert)
    page = client.get("/compte/equipe/").content.decode()
    assert "pas encore de rôle" not in page
    assert "Expert·e ou élu·e" in page


@pytest.mark.django_db
def test_the_sign_in_error_is_said_once(client, citizen):
    response = client.post(
        "/compte/connexion/", {"username": citizen.email, "password": "pas le bon"}
    )
    page = response.content.decode()
    assert page.count("Adresse électronique ou mot de passe incorrect") == 1


@pytest.mark.django_db
def test_the_sign_up_box_comes_before_its_label_and_links_the_privacy_page(client, territory):
    page = client.get("/compte/inscription/").content.decode()
    box = page.index('id="id_accept_terms"')
    label = page.index('<label for="id_accept_terms">')
    assert box < label
    assert '<a href="/confidentialite/">Lire la page Confidentialité</a>' in page
