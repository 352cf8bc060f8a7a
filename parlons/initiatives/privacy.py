"""Personal data in the library of initiatives (parlons.core.charter)."""

from django.utils.translation import gettext_lazy as _

from parlons.core.charter import Category, LegalBasis, PersonalData, Visibility

PERSONAL_DATA = [
    PersonalData(
        "initiatives.Initiative",
        "contact_name",
        Category.IDENTITY,
        _(
            "dire à qui s'adresser pour une initiative ; publié seulement avec l'accord de la "
            "personne, enregistré avec sa date"
        ),
        LegalBasis.CONSENT,
        _("tant que l'initiative est dans la bibliothèque, ou jusqu'au retrait de l'accord"),
        Visibility.PUBLIC,
    ),
    PersonalData(
        "initiatives.Initiative",
        "contact_consent_at",
        Category.CONSENT,
        _("prouver que la personne à contacter a accepté la publication de son nom"),
        LegalBasis.CONSENT,
        _("tant que son nom est publié"),
        Visibility.STAFF,
    ),
    PersonalData(
        "initiatives.Initiative",
        "contact_email",
        Category.CONTACT,
        _(
            "joindre la structure qui porte l'initiative (une adresse de la structure, pas "
            "celle d'une personne)"
        ),
        LegalBasis.PUBLIC_TASK,
        _("tant que l'initiative est dans la bibliothèque"),
        Visibility.PUBLIC,
    ),
    PersonalData(
        "initiatives.Initiative",
        "contact_phone",
        Category.CONTACT,
        _("joindre la structure qui porte l'initiative (son numéro, pas celui d'une personne)"),
        LegalBasis.PUBLIC_TASK,
        _("tant que l'initiative est dans la bibliothèque"),
        Visibility.PUBLIC,
    ),
    PersonalData(
        "initiatives.Initiative",
        "created_by",
        Category.TECHNICAL,
        _("savoir qui, dans l'équipe, a saisi l'initiative"),
        LegalBasis.PUBLIC_TASK,
        _("tant que l'initiative existe ; le lien est coupé si le compte est supprimé"),
        Visibility.STAFF,
    ),
    PersonalData(
        "initiatives.MediationPlace",
        "columns",
        Category.CONTACT,
        _(
            "les colonnes du standard national des lieux de médiation numérique (adresse, "
            "téléphone et courriels du lieu, horaires), publiées comme le fichier du territoire"
        ),
        LegalBasis.PUBLIC_TASK,
        _("tant que le lieu est dans la bibliothèque"),
        Visibility.PUBLIC,
    ),
]

NOT_PERSONAL = {
    "initiatives.Category.name": "a category's name",
    "initiatives.Initiative.title": "an initiative's name",
    "initiatives.Initiative.summary": "written by the organisation about its project",
    "initiatives.Initiative.description": "written by the organisation about its project",
    "initiatives.Initiative.organisation": "the name of a commune, association or company",
    "initiatives.Initiative.links": "the organisation's public web pages",
    "initiatives.Initiative.latitude": "where a public place or project is, never a home",
    "initiatives.Initiative.longitude": "where a public place or project is, never a home",
    "initiatives.Initiative.source_key": "which answer a draft came from (a number)",
    "initiatives.Initiative.search_text": "a lower-case copy of the public texts above",
    "initiatives.MediationPlace.standard_id": "a place's identifier in the national standard",
    "initiatives.InventoryMapping.source": "a questionnaire's number",
    "initiatives.InventoryMapping.source_label": "a questionnaire's title",
    "initiatives.InventoryMapping.fields": "which question fills which field",
}
