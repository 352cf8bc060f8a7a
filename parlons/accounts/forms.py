from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.template import loader
from django.utils.translation import gettext_lazy as _

from parlons.accounts.models import User
from parlons.accounts.tasks import queue_email
from parlons.core.limits import Limit, client_address
from parlons.core.why_asked import explain


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Adresse électronique"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": _(
            "Adresse électronique ou mot de passe incorrect. Vérifiez les deux et réessayez."
        ),
        "inactive": _("Ce compte est désactivé."),
    }

    def clean(self):
        """Failed sign-ins are limited per account and per address, checked before the password.

        A locked account is refused without testing the password, so trying
        passwords on it teaches nothing; a success forgets the account's failures.
        """
        email = (self.cleaned_data.get("username") or "").strip().lower()
        address = client_address(self.request) if self.request is not None else ""
        limits = [(Limit.named("signin_account"), email)] if email else []
        if address:
            limits.append((Limit.named("signin_address"), address))
        for limit, value in limits:
            limit.check(
                value,
                _(
                    "Trop de tentatives de connexion ont échoué. Par sécurité, attendez "
                    "%(wait)s avant de réessayer, ou choisissez un nouveau mot de passe "
                    "avec « Mot de passe oublié ? »."
                ),
            )
        try:
            data = super().clean()
        except forms.ValidationError:
            for limit, value in limits:
                limit.hit(value)
            raise
        if email:
            Limit.named("signin_account").reset(email)
        return data


class SignUpForm(forms.Form):
    email = forms.EmailField(
        label=_("Adresse électronique"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_(
            "Elle ne sera jamais affichée. Elle sert à vous connecter et à vous prévenir si vous le souhaitez."
        ),
    )
    pseudonym = forms.CharField(
        label=_("Pseudonyme"),
        max_length=40,
        help_text=_(
            "Le nom affiché à côté de vos contributions. Votre vrai nom n'est jamais montré, sauf si vous le choisissez."
        ),
    )
    password = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Au moins 8 caractères, pas uniquement des chiffres, pas trop courant."),
    )
    password_confirm = forms.CharField(
        label=_("Confirmez le mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    accept_terms = forms.BooleanField(
        label=_("J'ai lu comment mes données sont utilisées."),
        error_messages={"required": _("Cochez cette case pour créer votre compte.")},
    )

    def clean_email(self):
        # A known address is not an error here: the sign-up page must not reveal it (views.signup).
        return self.cleaned_data["email"].strip().lower()

    def clean_pseudonym(self):
        pseudonym = self.cleaned_data["pseudonym"].strip()
        if User.objects.filter(pseudonym__iexact=pseudonym).exists():
            raise forms.ValidationError(_("Ce pseudonyme est déjà pris. Choisissez-en un autre."))
        return pseudonym

    def clean(self):
        data = super().clean()
        password, confirm = data.get("password"), data.get("password_confirm")
        if password and confirm and password != confirm:
            self.add_error("password_confirm", _("Les deux mots de passe ne sont pas identiques."))
        elif password:
            candidate = User(email=data.get("email", ""), pseudonym=data.get("pseudonym", ""))
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = User.PROFILE_FIELDS

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("real_name", "official_title"):
            explain(self.fields[name], "accounts.User", name)

    def clean_pseudonym(self):
        pseudonym = self.cleaned_data["pseudonym"].strip()
        if User.objects.filter(pseudonym__iexact=pseudonym).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Ce pseudonyme est déjà pris. Choisissez-en un autre."))
        return pseudonym


class SecondFactorSetupForm(forms.Form):
    name = forms.CharField(
        label=_("Nom de l'appareil"),
        max_length=64,
        initial=_("Application d'authentification"),
        help_text=_("Pour le reconnaître sur votre profil, par exemple « Téléphone pro »."),
    )
    code = forms.CharField(
        label=_("Code à 6 chiffres affiché par l'application"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label=_("Code à 6 chiffres ou code de secours"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, whose e-mail leaves through the task queue like every other.

    Sent from the request, a mail server that does not answer would hold a web
    process for up to PARLONS_EMAIL_TIMEOUT seconds; queued, the page answers at
    once and a worker sends it, once (accounts.tasks.send_email).
    """

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        queue_email(to=to_email, subject=subject, body=body)
