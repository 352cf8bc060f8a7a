"""Staff sessions: a second factor before any staff page, and an end after inactivity.

Also: a refusal met by a person whose address is not confirmed yet leads to
the page that sends a new confirmation link (views.check_inbox).

Predicates already treat an unconfirmed staff session as a citizen's
(`roles.roles_of`); this middleware leads the person to the page that
confirms it, instead of leaving them on a refusal:

- a URL of the staff space (containing `/equipe/`), or any page whose
  predicate refused (PermissionDenied), sends a staff member whose session is
  not confirmed to the second-factor page (or to its setup, when they have
  none yet), with `next` to come back;
- right after signing in, a staff member goes to that page at once;
- a staff session (flagged at sign-in and at confirmation) ends after
  settings.STAFF_SESSION_IDLE_MINUTES without a request. Citizens keep
  Django's session length.
"""

import time
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY

from parlons.accounts.roles import holds_staff_role
from parlons.accounts.second_factor import (
    LAST_SEEN_SESSION_KEY,
    STAFF_SESSION_KEY,
    has_second_factor,
    is_required,
)
from parlons.core.queries import current_territory

STAFF_PATH_PART = "/equipe/"
# The session's expiry is written again at most this often, not on every request.
TOUCH_EVERY_SECONDS = 60


def idle_seconds() -> int:
    return settings.STAFF_SESSION_IDLE_MINUTES * 60


def second_factor_url(user, next_url: str) -> str:
    """Where a staff member confirms their session: the code page, or the setup page first."""
    name = "accounts:second_factor" if has_second_factor(user) else "accounts:second_factor_setup"
    url = resolve_url(name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def page_to_come_back_to(request) -> str:
    """This page after a GET; after a POST, the page that held the form (it is sent anew)."""
    if request.method == "GET":
        return request.get_full_path()
    referer = request.headers.get("Referer", "")
    if url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure()):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return ""


def needs_second_factor(request) -> bool:
    """A signed-in staff member whose session no second factor has confirmed yet."""
    user = getattr(request, "user", None)
    if not is_required() or user is None or not user.is_authenticated:
        return False
    if getattr(user, "otp_device", None) is not None:
        return False
    return holds_staff_role(user, current_territory())


def waits_for_confirmation(request) -> bool:
    """A signed-in person who signed up and has not opened the link to their address yet."""
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.email_confirmed_at is None)


def mark_staff_session(request) -> None:
    """From now on this session ends after the staff inactivity delay."""
    request.session[STAFF_SESSION_KEY] = True
    request.session[LAST_SEEN_SESSION_KEY] = int(time.time())
    request.session.set_expiry(idle_seconds())


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.end_idle_session(request)
        if response is not None:
            return response
        if STAFF_PATH_PART in request.path_info and needs_second_factor(request):
            return self.to_second_factor(request)
        response = self.get_response(request)
        return self.after_sign_in(request, response)

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied) and needs_second_factor(request):
            return self.to_second_factor(request)
        if isinstance(exception, PermissionDenied) and waits_for_confirmation(request):
            # The refusal would speak of phases; the reason is the address, and the cure a link.
            messages.warning(
                request,
                _(
                    "Pour contribuer, confirmez d'abord votre adresse électronique avec le lien "
                    "reçu par courriel. Vous pouvez en demander un nouveau ci-dessous."
                ),
            )
            return HttpResponseRedirect(resolve_url("accounts:check_inbox"))
        return None

    @staticmethod
    def to_second_factor(request):
        return HttpResponseRedirect(second_factor_url(request.user, page_to_come_back_to(request)))

    @staticmethod
    def end_idle_session(request):
        session = getattr(request, "session", None)
        if session is None or not session.get(STAFF_SESSION_KEY):
            return None
        now = int(time.time())
        last_seen = session.get(LAST_SEEN_SESSION_KEY, now)
        if now - last_seen > idle_seconds():
            logout(request)
            messages.warning(
                request,
                _(
                    "Votre session de l'équipe s'est fermée après %(minutes)s minutes sans "
                    "activité. Reconnectez-vous pour continuer."
                )
                % {"minutes": settings.STAFF_SESSION_IDLE_MINUTES},
            )
            login_url = resolve_url(settings.LOGIN_URL)
            back = page_to_come_back_to(request)
            query = f"?{urlencode({'next': back})}" if back else ""
            return HttpResponseRedirect(f"{login_url}{query}")
        if now - last_seen >= TOUCH_EVERY_SECONDS:
            session[LAST_SEEN_SESSION_KEY] = now
            session.set_expiry(idle_seconds())
        return None

    @staticmethod
    def after_sign_in(request, response):
        """A staff member who just signed in confirms their session before going on."""
        match = getattr(request, "resolver_match", None)
        if (
            match is None
            or match.view_name != "accounts:login"
            or request.method != "POST"
            or response.status_code != 302
            or not is_required()
            or not request.session.get(STAFF_SESSION_KEY)
            or request.session.get(DEVICE_ID_SESSION_KEY)
        ):
            return response
        # Where the sign-in was going when a `next` was asked for; else the staff space.
        asked = request.POST.get("next") or request.GET.get("next")
        target = response["Location"] if asked else ""
        if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
            target = ""
        return HttpResponseRedirect(second_factor_url(request.user, target))
