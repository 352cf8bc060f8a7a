from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from parlons.core.charter import Category, Expiry, LegalBasis, PersonalData, Visibility
from parlons.core.consents import ConsentPurpose

MODEL = "accounts.User"
SENT_NOTIFICATION_RETENTION_DAYS = 30
SENT_NOTIFICATION_EXPIRY = Expiry(SENT_NOTIFICATION_RETENTION_DAYS, after="sent_at")

PERSONAL_DATA = [
    PersonalData(
        MODEL,
        "email",
        Category.CONTACT,
        _("se connecter, réinitialiser le mot de passe, recevoir les notifications choisies"),
        LegalBasis.CONTRACT,
        _("tant que le compte existe ; effacée à la suppression du compte"),
        Visibility.SELF_AND_DPO,
    ),
    PersonalData(
        MODEL,
        "pseudonym",
        Category.IDENTITY,
        _("signer les contributions sans révéler son identité"),
        LegalBasis.CONTRACT,
        _("tant que le compte existe ; remplacé par « compte supprimé » ensuite"),
        Visibility.PUBLIC_PSEUDONYM,
    ),
    PersonalData(
        MODEL,
        "real_name",
        Category.IDENTITY,
        _("afficher son nom réel si la personne le choisit"),
        LegalBasis.CONSENT,
        _("tant que le compte existe"),
        Visibility.SELF_AND_STAFF,
    ),
    PersonalData(
        MODEL,
        "show_real_name",
        Category.CONSENT,
        _("savoir si la personne accepte que son nom réel soit affiché"),
        LegalBasis.CONSENT,
        _("tant que le compte existe"),
        Visibility.SELF_AND_STAFF,
    ),
    PersonalData(
        "accounts.RoleAssignment",
        "user",
        Category.ACCOUNT,
        _("savoir qui a quel rôle dans l'équipe (modération, médiation, expertise)"),
        LegalBasis.PUBLIC_TASK,
        _("tant que la personne exerce ce rôle"),
        Visibility.ADMINS,
    ),
    PersonalData(
        MODEL,
        "official_title",
        Category.IDENTITY,
        _("signer les réponses officielles des élus et experts"),
        LegalBasis.PUBLIC_TASK,
        _("tant que la personne exerce la fonction"),
        Visibility.PUBLIC,
    ),
    PersonalData(
        MODEL,
        "password",
        Category.ACCOUNT,
        _("se connecter (seule une empreinte est conservée)"),
        LegalBasis.CONTRACT,
        _("tant que le compte existe"),
        Visibility.ADMINS,
    ),
    PersonalData(
        MODEL,
        "last_login",
        Category.TECHNICAL,
        _("sécurité du compte"),
        LegalBasis.LEGITIMATE_INTEREST,
        _("tant que le compte existe"),
        Visibility.ADMINS,
    ),
    PersonalData(
        MODEL,
        "date_joined",
        Category.ACCOUNT,
        _("savoir depuis quand le compte existe"),
        LegalBasis.CONTRACT,
        _("tant que le compte existe"),
        Visibility.ADMINS,
    ),
    PersonalData(
        MODEL,
        "email_confirmed_at",
        Category.ACCOUNT,
        _("n'ouvrir les contributions qu'aux adresses confirmées par leur titulaire"),
        LegalBasis.CONTRACT,
        _("tant que le compte existe"),
        Visibility.ADMINS,
    ),
    PersonalData(
        "accounts.PendingNotification",
        "user",
        Category.CONTACT,
        _("regrouper les notifications dans un récapitulatif quotidien"),
        LegalBasis.CONSENT,
        _("jusqu'à l'envoi, puis 30 jours"),
        Visibility.ADMINS,
        expiry=SENT_NOTIFICATION_EXPIRY,
    ),
    PersonalData(
        "accounts.PendingNotification",
        "body",
        Category.PARTICIPATION,
        _("texte du récapitulatif quotidien"),
        LegalBasis.CONSENT,
        _("jusqu'à l'envoi, puis 30 jours"),
        Visibility.ADMINS,
        expiry=SENT_NOTIFICATION_EXPIRY,
    ),
    *(
        PersonalData(
            "accounts.OutgoingEmail",
            field,
            category,
            purpose,
            LegalBasis.CONSENT,
            _("jusqu'à l'envoi, puis 30 jours"),
            Visibility.ADMINS,
            expiry=SENT_NOTIFICATION_EXPIRY,
        )
        for field, category, purpose in (
            ("to", Category.CONTACT, _("envoyer une seule fois les courriels choisis")),
            ("subject", Category.PARTICIPATION, _("objet du courriel envoyé")),
            ("body", Category.PARTICIPATION, _("texte du courriel envoyé")),
            ("headers", Category.TECHNICAL, _("lien de désabonnement du courriel envoyé")),
        )
    ),
]

# The staff second factor (django-otp): an authenticator app's secret and the
# recovery codes are security data, never exported, deleted with the account.
_TOTP = "otp_totp.TOTPDevice"
_CODES = "otp_static.StaticDevice"
_APP_SECTION = _("applications d'authentification (second facteur de l'équipe)")
_CODES_SECTION = _("codes de secours (second facteur de l'équipe)")
_SECOND_FACTOR_PURPOSE = _(
    "confirmer la connexion des membres de l'équipe avant tout accès aux données des habitants"
)
_SECOND_FACTOR_RETENTION = _(
    "tant que la personne le garde ; supprimé quand elle le remplace ou le retire, quand un "
    "administrateur le réinitialise, et à la suppression du compte"
)


def _second_factor(model, field, label, section, category=Category.ACCOUNT, purpose=None):
    return PersonalData(
        model,
        field,
        category,
        purpose or _SECOND_FACTOR_PURPOSE,
        LegalBasis.LEGITIMATE_INTEREST,
        _SECOND_FACTOR_RETENTION,
        Visibility.ADMINS,
        label=label,
        section=section,
    )


PERSONAL_DATA += [
    _second_factor(_TOTP, "user", _("titulaire"), _APP_SECTION),
    _second_factor(_TOTP, "name", _("nom de l'appareil"), _APP_SECTION),
    _second_factor(
        _TOTP,
        "key",
        _("clé secrète (jamais affichée après la configuration, jamais exportée)"),
        _APP_SECTION,
    ),
    _second_factor(_TOTP, "created_at", _("date de configuration"), _APP_SECTION),
    _second_factor(
        _TOTP,
        "last_used_at",
        _("dernière utilisation"),
        _APP_SECTION,
        Category.TECHNICAL,
        _("sécurité du compte : voir quand le second facteur a servi"),
    ),
    _second_factor(
        _TOTP,
        "throttling_failure_timestamp",
        _("dernier code incorrect"),
        _APP_SECTION,
        Category.TECHNICAL,
        _("ralentir qui essaierait de deviner les codes"),
    ),
    _second_factor(_CODES, "user", _("titulaire"), _CODES_SECTION),
    _second_factor(_CODES, "name", _("nom de la liste de codes"), _CODES_SECTION),
    _second_factor(_CODES, "created_at", _("date de création"), _CODES_SECTION),
    _second_factor(
        "otp_static.StaticToken",
        "token",
        _("code de secours non encore utilisé (effacé dès qu'il sert)"),
        _CODES_SECTION,
    ),
]

# Models of django-otp whose fields Parlons declares above.
SECOND_FACTOR_MODELS = (_TOTP, _CODES, "otp_static.StaticToken")


def export_user_data(user) -> dict:
    """Which second factor the person has: names and dates, never a secret or a code."""
    return {
        "second_factor": {
            "authenticator_apps": [
                {
                    "name": device.name,
                    "set_up_at": device.created_at.isoformat() if device.created_at else None,
                    "last_used_at": device.last_used_at.isoformat()
                    if device.last_used_at
                    else None,
                }
                for device in TOTPDevice.objects.filter(user=user).order_by("pk")
            ],
            "recovery_codes": [
                {
                    "created_at": device.created_at.isoformat() if device.created_at else None,
                    "unused": device.token_set.count(),
                }
                for device in StaticDevice.objects.filter(user=user).order_by("pk")
            ],
        }
    }


# What a person agrees to on their account; each mirrors a boolean the pages read.
CONSENT_PURPOSES = [
    ConsentPurpose(
        "accounts.show_real_name",
        _(
            "Afficher mon nom réel à côté de mes contributions, à la place de mon pseudonyme, "
            "pour tout le monde."
        ),
        "1",
        user_field="show_real_name",
    ),
    ConsentPurpose(
        "accounts.notify_replies",
        _("Recevoir un courriel quand quelqu'un répond à une de mes contributions."),
        "1",
        user_field="notify_replies",
        on_by_default=True,
    ),
    ConsentPurpose(
        "accounts.notify_answers",
        _(
            "Recevoir un courriel quand l'équipe de la démarche répond officiellement "
            "à ce que j'ai proposé ou demandé."
        ),
        "1",
        user_field="notify_answers",
        on_by_default=True,
    ),
    ConsentPurpose(
        "accounts.notify_meetings",
        _("Recevoir un rappel par courriel avant les réunions où je suis inscrit·e."),
        "1",
        user_field="notify_meetings",
        on_by_default=True,
    ),
]

NOT_PERSONAL = {
    "accounts.OutgoingEmail.claimed_attempt": "which attempt of the task queue sends the e-mail",
    "accounts.RoleAssignment.role": "a role held in the institution, declared through the user it belongs to",
}


def anonymise_user(user, keep_contributions: bool = True) -> None:
    """Erasure: the person's second factor, and the e-mails waiting for them or kept, go."""
    from parlons.accounts.models import OutgoingEmail, PendingNotification

    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    OutgoingEmail.objects.filter(to__iexact=user.email).delete()
    PendingNotification.objects.filter(user=user).delete()
