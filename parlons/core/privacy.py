from django.utils.translation import gettext_lazy as _

from parlons.core.charter import ANONYMISE, Category, Expiry, LegalBasis, PersonalData, Visibility

AUDIT_RETENTION_DAYS = 365
# A double click or a replayed form comes within seconds; two days covers a page left open
# (said as "2 jours" in the register's words below).
FORM_TOKEN_RETENTION_DAYS = 2
# The periodic jobs' history shown to administrators; deleted (or, for each job's last
# run, its error wiped) by the daily job core.clean_up_workers, not by the purge.
JOB_RUNS_KEPT_DAYS = 90
REDACTED = {"redacted": True}

PERSONAL_DATA = [
    PersonalData(
        "core.AuditEntry",
        "actor",
        Category.TECHNICAL,
        _("garder la trace de qui a fait quoi (sécurité, contestation d'une modération)"),
        LegalBasis.LEGITIMATE_INTEREST,
        _("1 an, puis le lien vers la personne est coupé"),
        Visibility.ADMINS,
        expiry=Expiry(AUDIT_RETENTION_DAYS, after="created_at", action=ANONYMISE, value=None),
    ),
    PersonalData(
        "core.AuditEntry",
        "data",
        Category.TECHNICAL,
        _("détails de l'action enregistrée"),
        LegalBasis.LEGITIMATE_INTEREST,
        _("1 an, puis les détails personnels sont effacés"),
        Visibility.ADMINS,
        expiry=Expiry(AUDIT_RETENTION_DAYS, after="created_at", action=ANONYMISE, value=REDACTED),
    ),
    PersonalData(
        "core.UsedFormToken",
        "key",
        Category.TECHNICAL,
        _("ne pas enregistrer deux fois un formulaire envoyé deux fois (double clic)"),
        LegalBasis.LEGITIMATE_INTEREST,
        _("2 jours, puis supprimé"),
        Visibility.ADMINS,
        expiry=Expiry(FORM_TOKEN_RETENTION_DAYS, after="used_at"),
    ),
    PersonalData(
        "core.PeriodicJobRun",
        "error",
        Category.TECHNICAL,
        _(
            "comprendre pourquoi une tâche périodique a échoué (le message d'erreur peut citer "
            "une adresse électronique)"
        ),
        LegalBasis.LEGITIMATE_INTEREST,
        _("90 jours, puis effacé par le rangement quotidien de la file des tâches"),
        Visibility.ADMINS,
    ),
    PersonalData(
        "core.ExternalReference",
        "key",
        Category.TECHNICAL,
        _(
            "ne pas importer deux fois l'historique d'une autre plateforme (Decidim) : le "
            "numéro qu'y avaient un texte ou son auteur"
        ),
        LegalBasis.PUBLIC_TASK,
        _("tant que le texte importé est conservé ; supprimé quand le compte est effacé"),
        Visibility.ADMINS,
    ),
    PersonalData(
        "core.Territory",
        "public_names",
        Category.IDENTITY,
        _("laisser visibles, dans les textes publiés, les noms des élus et des organisations"),
        LegalBasis.PUBLIC_TASK,
        _("tant que la personne exerce sa fonction publique"),
        Visibility.PUBLIC,
    ),
]

NOT_PERSONAL = {
    "core.ExternalReference.source": "the name of the other platform and its address",
    "core.ExternalReference.kind": "what kind of object was imported",
    "core.ExternalReference.target_model": "the name of a model",
    "core.WorkerHeartbeat.worker_id": "a random name a task worker gives itself",
    "core.Territory.name": "the institution's name",
    "core.Territory.description": "written by the institution",
    "core.Territory.contact_email": "the institution's contact address, not a person's",
    "core.Territory.dpo_email": "the DPO's functional address, published by law",
    "core.Commune.name": "a commune's name",
    "core.Territory.logo": "the institution's logo",
    "core.Territory.logo_alt": "written by the institution",
    "core.Territory.primary_colour": "a colour",
    "core.Territory.header_colour": "a colour",
    "core.Territory.address": "the institution's postal address, not a person's",
    "core.Territory.footer_links": "the institution's public links",
    "core.TerritoryOutline.polygons": "the territory's borders, public geography",
    "core.TerritoryOutline.names": "names of communes or districts",
    "core.TerritoryOutline.min_latitude": "the territory's bounding box",
    "core.TerritoryOutline.max_latitude": "the territory's bounding box",
    "core.TerritoryOutline.min_longitude": "the territory's bounding box",
    "core.TerritoryOutline.max_longitude": "the territory's bounding box",
}


def anonymise_user(user, keep_contributions: bool = True) -> None:
    """Erasure: the link between the account and its author's number elsewhere goes."""
    from parlons.core.models import ExternalReference

    ExternalReference.objects.filter(
        target_model=user._meta.label_lower, target_id=user.pk
    ).delete()
