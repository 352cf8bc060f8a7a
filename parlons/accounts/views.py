from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from parlons.accounts import services
from parlons.accounts.confirmation import CONFIRMATION_LINK_DAYS
from parlons.accounts.forms import ProfileForm, QueuedPasswordResetForm, SignInForm, SignUpForm
from parlons.accounts.models import Role, RoleAssignment, User
from parlons.accounts.optout import read_optout_token
from parlons.accounts.roles import assigned_roles, holds_staff_role, roles_of
from parlons.accounts.rules import can_manage_roles
from parlons.accounts.staff import collect_staff_links
from parlons.core.forms import form_page
from parlons.core.limits import Limit, client_address, wait_in_words
from parlons.core.public_url import public_url
from parlons.core.queries import current_territory
from parlons.core.redirects import safe_next


@require_http_methods(["GET", "POST"])
def signup(request):
    """Sign-up answers the same way for a new address and a known one, then asks to confirm it.

    A known address gets an e-mail telling its owner, and no account: the page
    never reveals who has an account. Nobody is signed in here; the link in the
    e-mail confirms the address, then the person signs in.
    """
    target = safe_next(request, "")  # never send a new account to another site
    per_address = Limit.named("signup_address")
    address = client_address(request)
    if request.method == "POST":
        wait = per_address.retry_after(address)
        if wait is not None:
            response = render(
                request, "accounts/signup_limited.html", {"wait": wait_in_words(wait)}, status=429
            )
            response["Retry-After"] = str(wait)
            return response

    def save(data):
        if User.objects.filter(email=data["email"]).exists():
            services.warn_of_sign_up_attempt(email=data["email"], request=request)
        else:
            services.register_user(
                email=data["email"],
                password=data["password"],
                pseudonym=data["pseudonym"],
                request=request,
            )
        per_address.hit(address)
        request.session[SIGNUP_EMAIL_SESSION_KEY] = data["email"]
        request.session[SIGNUP_NEXT_SESSION_KEY] = target
        return data

    return form_page(
        request,
        SignUpForm(request.POST or None),
        "accounts/signup.html",
        {},
        save=save,
        done=lambda _data: redirect("accounts:check_inbox"),
    )


SIGNUP_EMAIL_SESSION_KEY = "parlons_signup_email"
SIGNUP_NEXT_SESSION_KEY = "parlons_signup_next"
# New links per address and per hour: enough for a lost e-mail, too few to flood a mailbox.
CONFIRMATION_RESEND_LIMIT = Limit("confirmation_resend", 3, 3600)


@require_http_methods(["GET", "POST"])
def check_inbox(request):
    """After sign-up, or for a signed-in person whose address is not confirmed: a new link."""
    if request.user.is_authenticated:
        email = request.user.email
        if request.user.email_confirmed_at is not None:
            return redirect("home")
    else:
        email = request.session.get(SIGNUP_EMAIL_SESSION_KEY, "")
    if not email:
        return redirect("accounts:signup")
    if request.method == "POST":
        # Same answer whether or not a link left: the page says nothing about the account.
        if CONFIRMATION_RESEND_LIMIT.retry_after(email) is None:
            CONFIRMATION_RESEND_LIMIT.hit(email)
            user = User.objects.filter(
                email=email, email_confirmed_at__isnull=True, is_active=True
            ).first()
            if user is not None:
                services.send_confirmation_email(user=user, request=request)
        else:
            messages.error(
                request,
                _(
                    "Plusieurs liens ont déjà été envoyés à cette adresse. Attendez une heure "
                    "avant d'en demander un autre, et vérifiez le dossier des indésirables."
                ),
            )
            return redirect("accounts:check_inbox")
        messages.success(request, _("Un nouveau lien vient de partir."))
        return redirect("accounts:check_inbox")
    return render(
        request,
        "accounts/check_inbox.html",
        {"email": email, "days": CONFIRMATION_LINK_DAYS},
    )


def confirm_email(request, token):
    """The link from the e-mail: the address is confirmed, then the person signs in."""
    user = services.confirm_email(token=token)
    if user is None:
        return render(
            request,
            "accounts/confirm_email_invalid.html",
            {"days": CONFIRMATION_LINK_DAYS},
            status=400,
        )
    messages.success(request, _("Votre adresse est confirmée. Vous pouvez contribuer."))
    target = request.session.pop(SIGNUP_NEXT_SESSION_KEY, "")
    if request.user.is_authenticated and request.user.pk == user.pk:
        return redirect(target or "home")
    login_url = reverse("accounts:login")
    return redirect(f"{login_url}?next={quote(target)}" if target else login_url)


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if settings.OIDC_ENABLED:
            context["identity_provider"] = settings.OIDC_PROVIDER_NAME
            context["identity_provider_failed"] = self.request.GET.get("echec") == "fournisseur"
        return context

    def form_invalid(self, form):
        response = super().form_invalid(form)
        limited = [e for e in form.non_field_errors().as_data() if e.code == "rate_limited"]
        if limited:  # too many failures: 429, with how long to wait (SignInForm.clean)
            response.status_code = 429
            response["Retry-After"] = str(getattr(limited[0], "retry_after", 60))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    @property
    def extra_email_context(self):
        # The link starts with the public address, not the host gunicorn was reached at.
        return {"public_url": public_url(self.request)}

    def form_valid(self, form):
        """Over a limit, the page answers as usual (never say whether an address exists) but no e-mail leaves."""
        email = form.cleaned_data["email"].strip().lower()
        over = False
        for name, value in (
            ("password_reset_email", email),
            ("password_reset_address", client_address(self.request)),
        ):
            limit = Limit.named(name)
            over = limit.hit(value) > limit.count or over
        if over:
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        # A new password from the e-mail link ends a lock that someone else's guesses caused.
        Limit.named("signin_account").reset(form.user.email)
        return super().form_valid(form)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    return form_page(
        request,
        ProfileForm(request.POST or None, instance=User.objects.get(pk=request.user.pk)),
        "accounts/profile.html",
        {},
        save=lambda data: services.update_profile(actor=request.user, user=request.user, **data),
        success=_("Vos préférences sont enregistrées."),
        done=lambda _user: redirect("accounts:profile"),
    )


@login_required
def staff_dashboard(request):
    """Each person's daily work, by the roles they hold in the territory."""
    territory = current_territory()
    roles = roles_of(request.user, territory)
    # The roles held, even before a second factor confirms the session (the middleware asks
    # for it on this page): the page never says "no role" to someone who has one.
    role_labels = [
        label for value, label in Role.choices if value in assigned_roles(request.user, territory)
    ]
    links = collect_staff_links(request.user, territory, roles)
    return render(
        request,
        "accounts/staff.html",
        {
            "territory": territory,
            "role_labels": role_labels,
            "links": links,
            "holds_staff_role": holds_staff_role(request.user, territory),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def manage_roles(request):
    territory = current_territory()
    can_manage_roles.require(request.user, territory)
    error = ""
    if request.method == "POST":
        user = User.objects.filter(email=request.POST.get("email", "").strip().lower()).first()
        role = request.POST.get("role", "")
        if user is None:
            error = _("Aucun compte n'a cette adresse électronique.")
        elif role not in Role.values:
            error = _("Choisissez un rôle dans la liste.")
        else:
            if request.POST.get("action") == "revoke":
                services.revoke_role(actor=request.user, user=user, territory=territory, role=role)
                messages.success(request, _("Rôle retiré."))
            else:
                services.grant_role(actor=request.user, user=user, territory=territory, role=role)
                messages.success(request, _("Rôle attribué."))
            return redirect("accounts:roles")
    assignments = (
        RoleAssignment.objects.filter(territory=territory)
        .select_related("user")
        .order_by("role", "user__pseudonym")
    )
    return render(
        request,
        "accounts/roles.html",
        {
            "assignments": assignments,
            "roles": Role.choices,
            "error": error,
            "posted": request.POST,
        },
        status=400 if error else 200,
    )


def optout(request, token):
    """One click from an e-mail stops that kind of e-mail; a button turns it back on."""
    found = read_optout_token(token)
    if found is None:
        return render(request, "accounts/optout.html", {"invalid": True}, status=400)
    user = get_object_or_404(User, pk=found[0], is_active=True)
    kind = found[1]
    enable = request.method == "POST" and request.POST.get("enable") == "1"
    services.set_notification(user=user, kind=kind, enabled=enable)
    return render(
        request, "accounts/optout.html", {"kind": kind, "enabled": enable, "token": token}
    )
