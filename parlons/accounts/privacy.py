from parlons.core.charter import Category, LegalBasis, PersonalData, Visibility

MODEL = "accounts.User"

PERSONAL_DATA = [
    PersonalData(
        MODEL,
        "email",
        Category.CONTACT,
        "se connecter, réinitialiser le mot de passe, recevoir les notifications choisies",
        LegalBasis.CONTRACT,
        "tant que le compte existe ; effacée à la suppression du compte",
        Visibility.SELF_AND_DPO,
    ),
    PersonalData(
        MODEL,
        "pseudonym",
        Category.IDENTITY,
        "signer les contributions sans révéler son identité",
        LegalBasis.CONTRACT,
        "tant que le compte existe ; remplacé par « compte supprimé » ensuite",
        Visibility.PUBLIC_PSEUDONYM,
    ),
    PersonalData(
        MODEL,
        "real_name",
        Category.IDENTITY,
        "afficher son nom réel si la personne le choisit",
        LegalBasis.CONSENT,
        "tant que le compte existe",
        Visibility.SELF_AND_STAFF,
    ),
    PersonalData(
        MODEL,
        "show_real_name",
        Category.CONSENT,
        "savoir si la personne accepte que son nom réel soit affiché",
        LegalBasis.CONSENT,
        "tant que le compte existe",
        Visibility.SELF_AND_STAFF,
    ),
    PersonalData(
        "accounts.RoleAssignment",
        "user",
        Category.ACCOUNT,
        "savoir qui a quel rôle dans l'équipe (modération, médiation, expertise)",
        LegalBasis.PUBLIC_TASK,
        "tant que la personne exerce ce rôle",
        Visibility.ADMINS,
    ),
    PersonalData(
        MODEL,
        "official_title",
        Category.IDENTITY,
        "signer les réponses officielles des élus et experts",
        LegalBasis.PUBLIC_TASK,
        "tant que la personne exerce la fonction",
        Visibility.PUBLIC,
    ),
    PersonalData(
        MODEL,
        "password",
        Category.ACCOUNT,
        "se connecter (seule une empreinte est conservée)",
        LegalBasis.CONTRACT,
        "tant que le compte existe",
        Visibility.ADMINS,
    ),
    PersonalData(
        MODEL,
        "last_login",
        Category.TECHNICAL,
        "sécurité du compte",
        LegalBasis.LEGITIMATE_INTEREST,
        "tant que le compte existe",
        Visibility.ADMINS,
    ),
    PersonalData(
        MODEL,
        "date_joined",
        Category.ACCOUNT,
        "savoir depuis quand le compte existe",
        LegalBasis.CONTRACT,
        "tant que le compte existe",
        Visibility.ADMINS,
    ),
]

NOT_PERSONAL = {
    "accounts.RoleAssignment.role": "a role held in the institution, declared through the user it belongs to",
}
