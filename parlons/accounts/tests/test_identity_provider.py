"""Sign-in with the territory's identity provider, against a real provider on the loopback."""

import urllib.parse
import urllib.request

import pytest
from django.test import override_settings

from parlons.accounts.models import User
from parlons.accounts.tests.oidc_provider import Provider
from parlons.core.models import AuditEntry

pytestmark = pytest.mark.django_db

BACKENDS = [
    "parlons.accounts.backends.EmailBackend",
    "parlons.accounts.oidc.IdentityProviderBackend",
]
CLAIMS = {
    "sub": "fc-4f1e2d",
    "email": "Lea.Martin@exemple.test",
    "given_name": "Léa",
    "family_name": "Martin",
    "birthdate": "1984-03-02",
}


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def sign_in(client, provider, next_url: str = ""):
    """The browser's round trip: Parlons → provider → Parlons, followed by hand."""
    start = client.get("/compte/fournisseur/connexion/" + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302 and start["Location"].startswith(f"{provider.url}/authorize?")
    asked = dict(urllib.parse.parse_qsl(urllib.parse.urlparse(start["Location"]).query))
    assert asked["client_id"] == "parlons-test" and asked["nonce"] and asked["state"]
    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(start["Location"])
    except urllib.error.HTTPError as redirect:  # the provider answers 302 to Parlons
        back = urllib.parse.urlparse(redirect.headers["Location"])
    return client.get(f"{back.path}?{back.query}")


@pytest.fixture
def provider():
    with (
        Provider(
            client_id="parlons-test", client_secret="secret-de-test", claims=CLAIMS
        ) as running,
        override_settings(**running.settings(), AUTHENTICATION_BACKENDS=BACKENDS),
    ):
        yield running


def test_a_resident_signs_in_and_only_the_address_is_kept(client, territory, provider):
    response = sign_in(client, provider, next_url="/demarches/")
    assert response.status_code == 302 and response["Location"] == "/demarches/"
    user = User.objects.get(email="lea.martin@exemple.test")
    assert user.pseudonym == "leamartin"
    assert (user.real_name, user.official_title, user.has_usable_password()) == ("", "", False)
    kept = " ".join(str(getattr(user, field.attname)) for field in User._meta.concrete_fields)
    for claim in ("Martin", "1984", "fc-4f1e2d"):
        assert claim not in kept.replace("martin@", "")
    assert AuditEntry.objects.filter(
        action="accounts.register_from_identity_provider", actor=user
    ).exists()
    assert client.get("/compte/profil/").status_code == 200  # signed in
    assert provider.requests == ["/authorize", "/token", "/jwks", "/userinfo"]


def test_a_signed_userinfo_as_franceconnect_sends_it_is_read(client, territory, provider):
    provider.userinfo_as_jwt = True
    response = sign_in(client, provider)
    assert response.status_code == 302 and response["Location"] == "/"
    assert User.objects.filter(email="lea.martin@exemple.test").exists()
    assert provider.requests.count("/jwks") == 2  # the ID token and the userinfo, both checked


def test_an_existing_account_with_the_same_address_is_matched(client, territory, provider):
    existing = User.objects.create_user(email="lea.martin@exemple.test", pseudonym="lea")
    sign_in(client, provider)
    assert User.objects.filter(email__iexact="lea.martin@exemple.test").count() == 1
    assert client.get("/compte/profil/").context["user"].pk == existing.pk


def test_a_token_for_another_client_is_refused(client, territory, provider):
    provider.client_id = "autre-service"  # the provider now signs tokens for someone else
    response = sign_in(client, provider)
    assert response.status_code == 302
    assert response["Location"] == "/compte/connexion/?echec=fournisseur"
    assert not User.objects.filter(email="lea.martin@exemple.test").exists()
    page = client.get(response["Location"]).content.decode()
    assert "La connexion avec FranceConnect n'a pas abouti." in page


def test_the_sign_in_page_offers_the_provider_only_when_it_is_on(client, provider):
    assert "Se connecter avec FranceConnect" in client.get("/compte/connexion/").content.decode()
    with override_settings(OIDC_ENABLED=False):
        assert "FranceConnect" not in client.get("/compte/connexion/").content.decode()
        assert client.get("/compte/fournisseur/connexion/").status_code == 404


def follow_provider(location: str):
    """The browser at the provider: it answers with a redirect back to Parlons."""
    try:
        urllib.request.build_opener(NoRedirect).open(location)
    except urllib.error.HTTPError as redirect:
        return urllib.parse.urlparse(redirect.headers["Location"])
    raise AssertionError("the provider did not send the browser back")


def test_signing_out_also_ends_the_session_at_the_provider(client, territory, provider):
    sign_in(client, provider)
    response = client.post("/compte/deconnexion/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"{provider.url}/logout?")
    assert client.get("/compte/profil/").status_code == 302  # signed out of Parlons already
    asked = dict(urllib.parse.parse_qsl(urllib.parse.urlparse(response["Location"]).query))
    assert asked["id_token_hint"] == provider.last_id_token
    assert asked["post_logout_redirect_uri"] == "http://testserver/compte/fournisseur/deconnecte/"
    back = follow_provider(response["Location"])
    assert provider.logouts == [asked]
    done = client.get(f"{back.path}?{back.query}", follow=True)
    assert "Vous êtes déconnecté·e de Parlons et de FranceConnect." in done.content.decode()


def test_a_return_from_the_provider_with_another_state_says_nothing(client, territory, provider):
    sign_in(client, provider)
    client.post("/compte/deconnexion/")
    done = client.get("/compte/fournisseur/deconnecte/?state=forgee", follow=True)
    assert "déconnecté·e de Parlons et de FranceConnect" not in done.content.decode()


def test_a_person_signed_in_with_a_password_is_signed_out_here_only(client, territory, provider):
    User.objects.create_user(email="habitant@exemple.test", pseudonym="hab", password="pw-123456!")
    assert client.login(username="habitant@exemple.test", password="pw-123456!")
    response = client.post("/compte/deconnexion/")
    assert (response.status_code, response["Location"]) == (302, "/")
    assert provider.logouts == [] and "/logout" not in provider.requests
    assert client.get("/compte/deconnexion/").status_code == 405
