"""Pages of the staff second factor: confirm a session, set up, replace, remove, reset."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from parlons.accounts import services
from parlons.accounts.forms import SecondFactorForm, SecondFactorSetupForm
from parlons.accounts.middleware import mark_staff_session
from parlons.accounts.models import User
from parlons.accounts.roles import forget_cached_roles, holds_staff_role
from parlons.accounts.rules import can_set_up_second_factor
from parlons.accounts.second_factor import (
    NEW_CODES_SESSION_KEY,
    PENDING_KEY_SESSION_KEY,
    RECOVERY_CODE_COUNT,
    check_code,
    config_url,
    new_key,
    qr_code_svg,
    secret_for_typing,
    totp_device,
)
from parlons.core.forms import form_page, render_form
from parlons.core.queries import current_territory


def safe_next(request) -> str:
    """The page to come back to, when it is on this site."""
    target = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return ""


def with_next(url: str, target: str) -> str:
    return f"{url}?{urlencode({'next': target})}" if target else url


def confirm_session(request, device) -> None:
    otp_login(request, device)
    mark_staff_session(request)
    forget_cached_roles(request.user)


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """A staff member types the code of their app (or a recovery code) to use their roles."""
    target = safe_next(request)
    if totp_device(request.user) is None:
        return redirect(with_next(reverse("accounts:second_factor_setup"), target))
    if request.user.otp_device is not None:
        return redirect(target or "accounts:staff")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device, wait = check_code(request.user, form.cleaned_data["code"])
        if device is not None:
            confirm_session(request, device)
            messages.success(
                request, _("Connexion confirmée : vos rôles dans l'équipe sont actifs.")
            )
            return redirect(target or "accounts:staff")
        if wait is not None:
            form.add_error(
                "code",
                _(
                    "Plusieurs codes incorrects d'affilée : attendez %(seconds)s secondes, "
                    "puis tapez le code affiché à ce moment-là."
                )
                % {"seconds": wait},
            )
        else:
            form.add_error(
                "code",
                _(
                    "Ce code ne convient pas. Tapez le code à 6 chiffres affiché maintenant par "
                    "votre application (il change toutes les 30 secondes), ou un code de secours "
                    "non encore utilisé."
                ),
            )
    return render_form(
        request, "accounts/second_factor_verify.html", {"form": form, "next": target}
    )


@login_required
@require_http_methods(["GET", "POST"])
def set_up(request):
    """Set up (or replace) the authenticator app: QR code and secret, then a first code."""
    can_set_up_second_factor.require(request.user)
    target = safe_next(request)
    key = request.session.get(PENDING_KEY_SESSION_KEY)
    if not key:
        key = request.session[PENDING_KEY_SESSION_KEY] = new_key()
    url = config_url(request.user, key)

    def save(data):
        device, codes = services.set_up_second_factor(
            actor=request.user, key=key, code=data["code"], name=data["name"]
        )
        del request.session[PENDING_KEY_SESSION_KEY]
        confirm_session(request, device)
        request.session[NEW_CODES_SESSION_KEY] = codes
        return device

    codes_url = reverse("accounts:recovery_codes")
    return form_page(
        request,
        SecondFactorSetupForm(request.POST or None),
        "accounts/second_factor_setup.html",
        {
            "qr_code": qr_code_svg(url),
            "secret": secret_for_typing(key),
            "replacing": totp_device(request.user) is not None,
            "next": target,
        },
        save=save,
        success=_("Votre application d'authentification est configurée."),
        done=lambda _device: redirect(with_next(codes_url, target)),
    )


@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    """New recovery codes, shown once: until the person says they kept them."""
    target = safe_next(request)
    codes = request.session.get(NEW_CODES_SESSION_KEY)
    if request.method == "POST":
        request.session.pop(NEW_CODES_SESSION_KEY, None)
        staff = holds_staff_role(request.user, current_territory())
        return redirect(target or ("accounts:staff" if staff else "accounts:profile"))
    if not codes:
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "next": target, "count": RECOVERY_CODE_COUNT},
    )


@login_required
def recovery_codes_text(request):
    codes = request.session.get(NEW_CODES_SESSION_KEY)
    if not codes:
        return redirect("accounts:profile")
    lines = [
        _("Codes de secours de %(platform)s pour %(email)s")
        % {"platform": settings.PLATFORM_NAME, "email": request.user.email},
        _("Chaque code ne sert qu'une fois. Gardez-les en lieu sûr."),
        "",
        *codes,
    ]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="codes-de-secours.txt"'
    return response


@login_required
@require_POST
def regenerate_codes(request):
    codes = services.regenerate_recovery_codes(actor=request.user)
    request.session[NEW_CODES_SESSION_KEY] = codes
    messages.success(request, _("De nouveaux codes de secours remplacent les anciens."))
    return redirect("accounts:recovery_codes")


@login_required
@require_POST
def remove(request):
    services.remove_second_factor(actor=request.user, territory=current_territory())
    messages.success(request, _("Votre second facteur est retiré."))
    return redirect("accounts:profile")


@login_required
@require_POST
def reset(request, user_id: int):
    """An administrator resets a person's second factor, from the roles page."""
    person = get_object_or_404(User, pk=user_id)
    services.reset_second_factor(actor=request.user, user=person, territory=current_territory())
    messages.success(
        request,
        _("Le second facteur de %(name)s est réinitialisé ; la personne est prévenue par courriel.")
        % {"name": person.pseudonym},
    )
    return redirect("accounts:roles")
