"""The audit log's words for the rights of the people and the purge."""

from django.utils.translation import gettext_lazy as _

from parlons.core.audit_labels import AuditLabel

LABELS = {
    "privacy.export": AuditLabel(
        _("Télécharger ses données"), _("%(actor)s a téléchargé ses données personnelles.")
    ),
    "privacy.erase_account": AuditLabel(
        _("Effacer un compte"),
        _(
            "%(actor)s a effacé le compte %(target)s (contributions gardées : %(keep_contributions)s)."
        ),
    ),
    "privacy.replay_erasures": AuditLabel(
        _("Rejouer les effacements après une restauration"),
        _("%(actor)s a rejoué les effacements : %(erased_again)s compte(s) effacé(s) de nouveau."),
        automatic=True,
    ),
    "privacy.purge": AuditLabel(
        _("Purger les données anciennes"),
        _("%(actor)s a purgé les données dont la durée de conservation est passée."),
        automatic=True,
    ),
    "privacy.refresh_public_texts": AuditLabel(
        _("Recalculer les textes publiés"),
        _("%(actor)s a recalculé les textes publiés (données personnelles masquées)."),
        automatic=True,
    ),
}
