from django.urls import reverse
from django.utils.translation import gettext as _

from parlons.privacy.rules import (
    can_file_at_the_counter,
    can_handle_rights_requests,
    can_read_audit_log,
    can_write_impact_assessment,
)


def staff_links(user, territory, roles) -> list[dict]:
    links = []
    if can_file_at_the_counter(user, territory):
        links.append(
            {
                "title": _("Demande de droits au guichet"),
                "url": reverse("privacy:request_counter"),
                "text": _(
                    "Enregistrer la demande d'une personne sur ses données (accès, effacement…)."
                ),
            }
        )
    if can_file_at_the_counter(user, territory):
        links.append(
            {
                "title": _("Lire un reçu au guichet"),
                "url": reverse("privacy:receipt_counter"),
                "text": _(
                    "Avec le code du reçu d'une personne : ce qui a été enregistré pour elle, "
                    "et la demande de retrait."
                ),
            }
        )
    if can_handle_rights_requests(user, territory):
        links.append(
            {
                "title": _("Demandes d'exercice des droits"),
                "url": reverse("privacy:requests"),
                "text": _("Les demandes des personnes, leurs échéances et les réponses."),
            }
        )
    if can_write_impact_assessment(user, territory):
        links.append(
            {
                "title": _("Analyse d'impact (AIPD)"),
                "url": reverse("privacy:dpia"),
                "text": _(
                    "Le brouillon préparé à partir des déclarations, à compléter et à signer."
                ),
            }
        )
    if can_read_audit_log(user, territory):
        return links + [
            {
                "title": _("Journal des actions"),
                "url": reverse("privacy:audit_log"),
                "text": _("Qui a fait quoi, et les comptes rendus des purges quotidiennes."),
            },
            {
                "title": _("Purges des données personnelles"),
                "url": reverse("privacy:purges"),
                "text": _(
                    "Ce que chaque purge a effacé, par catégorie, et ce que fera la prochaine."
                ),
            },
            {
                "title": _("Registre des traitements"),
                "url": reverse("privacy:register"),
                "text": _("Les données personnelles gardées, pourquoi et combien de temps."),
            },
        ]
    return links
