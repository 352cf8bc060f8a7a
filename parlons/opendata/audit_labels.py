"""The audit log's words for open data."""

from django.utils.translation import gettext_lazy as _

from parlons.core.audit_labels import AuditLabel

LABELS = {
    "opendata.update_settings": AuditLabel(
        _("Modifier les réglages des données ouvertes"),
        _("%(actor)s a modifié les réglages des données ouvertes (%(fields)s)."),
    ),
    "opendata.rebuild": AuditLabel(
        _("Reconstruire les fichiers de données ouvertes"),
        _("%(actor)s a demandé la reconstruction des fichiers de données ouvertes."),
    ),
}
