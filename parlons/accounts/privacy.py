from django.utils.translation import gettext_lazy as _

from parlons.core.charter import Category, Expiry, LegalBasis, PersonalData, Visibility

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
        _("tant que le compte existe ; effacée à la suppression du compte"),
        Visibility.SELF_AND_DPO,
    ),
    PersonalData(
        MODEL,
        "pseudonym",
        Category.IDENTITY,
        _("signer les contributions sans révéler son identité"),
        LegalBasis.CONTRACT,
        _("tant que le compte existe ; remplacé par « compte supprimé » ensuite"),
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

NOT_PERSONAL = {
    "accounts.OutgoingEmail.claimed_attempt": "which attempt of the task queue sends the e-mail",
    "accounts.RoleAssignment.role": "a role held in the institution, declared through the user it belongs to",
}


def anonymise_user(user, keep_contributions: bool = True) -> None:
    """E-mails waiting for the person, or kept after sending, go with their address."""
    from parlons.accounts.models import OutgoingEmail, PendingNotification

    OutgoingEmail.objects.filter(to__iexact=user.email).delete()
    PendingNotification.objects.filter(user=user).delete()
