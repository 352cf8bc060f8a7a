"""Sign-in with the territory's identity provider (OpenID Connect): FranceConnect for
residents, ProConnect or the town's own Keycloak for staff. Off by default.

mozilla-django-oidc runs the code flow (state, nonce, token, signature,
userinfo); this module decides what Parlons keeps of the person: an account
is matched by its e-mail address, or created with that address and a
pseudonym, nothing else (no name, no birth date, no identifier of the
provider). A second factor is still asked of staff (their session is not
verified by the provider).
"""

import logging
import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from parlons.accounts import services
from parlons.accounts.models import User
from parlons.core.public_url import absolute_url

logger = logging.getLogger("parlons.accounts")


class IdentityProviderBackend(OIDCAuthenticationBackend):
    """Finds or creates the account of the person the provider vouches for."""

    def authenticate(self, request, **kwargs):
        """A refused token means "no", shown as such on the sign-in page, not as an error page."""
        try:
            return super().authenticate(request, **kwargs)
        except SuspiciousOperation as refused:
            logger.warning("Sign-in with the identity provider refused: %s", refused)
            return None

    def verify_token(self, token, **kwargs):
        """The signature and the nonce (mozilla-django-oidc), then the audience and the issuer."""
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token issued for another client")
        issuer = settings.OIDC_OP_ISSUER
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("ID token from another issuer")
        return payload

    def filter_users_by_claims(self, claims):
        email = (claims.get("email") or "").strip().lower()
        if not email:
            return User.objects.none()
        return User.objects.filter(email=email, is_active=True, erased_at__isnull=True)

    def verify_claims(self, claims) -> bool:
        return bool(claims.get("email"))

    def create_user(self, claims):
        return services.register_from_identity_provider(
            email=claims["email"],
            pseudonym_hint=claims.get("preferred_username") or claims["email"].split("@")[0],
            provider=settings.OIDC_PROVIDER_NAME,
        )

    def update_user(self, user, claims):
        return user  # the provider's claims change nothing that the person chose here


class _OnlyWhenEnabled:
    def dispatch(self, request, *args, **kwargs):
        if not settings.OIDC_ENABLED:
            raise Http404("OpenID Connect is off")
        return super().dispatch(request, *args, **kwargs)


class SignInView(_OnlyWhenEnabled, OIDCAuthenticationRequestView):
    """Sends the person to the provider, with a state and a nonce kept in the session."""


class CallbackView(_OnlyWhenEnabled, OIDCAuthenticationCallbackView):
    """Back from the provider: the backend checks the code and signs the person in."""


ID_TOKEN_SESSION_KEY = "oidc_id_token"  # where mozilla-django-oidc keeps it (OIDC_STORE_ID_TOKEN)
LOGOUT_STATE_SESSION_KEY = "oidc_logout_state"


def sign_out(request):
    """Sign out of Parlons, and of the provider too when the person came through it.

    FranceConnect asks every service to end the provider's session as well,
    or the next person at a shared computer finds themselves signed in there:
    the browser is sent to the provider's end-session address with the ID token
    as a hint and a state, and comes back to `signed_out_at_provider`.
    """
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    id_token = request.session.get(ID_TOKEN_SESSION_KEY)
    logout(request)
    if not (settings.OIDC_ENABLED and settings.OIDC_OP_LOGOUT_ENDPOINT and id_token):
        return redirect(settings.LOGOUT_REDIRECT_URL)
    state = secrets.token_urlsafe(24)
    request.session[LOGOUT_STATE_SESSION_KEY] = state  # the new, anonymous session
    query = urlencode(
        {
            "id_token_hint": id_token,
            "state": state,
            "post_logout_redirect_uri": absolute_url(reverse("accounts:oidc_signed_out"), request),
        }
    )
    return HttpResponseRedirect(f"{settings.OIDC_OP_LOGOUT_ENDPOINT}?{query}")


def signed_out_at_provider(request):
    """Back from the provider's end-session page: say so, whatever the provider answered."""
    expected = request.session.pop(LOGOUT_STATE_SESSION_KEY, None)
    if expected and constant_time_compare(expected, request.GET.get("state", "")):
        messages.success(
            request,
            _("Vous êtes déconnecté·e de %(platform)s et de %(provider)s.")
            % {"platform": settings.PLATFORM_NAME, "provider": settings.OIDC_PROVIDER_NAME},
        )
    return redirect(settings.LOGOUT_REDIRECT_URL)
