"""The audit log's words for backups and restores."""

from django.utils.translation import gettext_lazy as _

from parlons.core.audit_labels import AuditLabel

LABELS = {
    "operations.backup": AuditLabel(
        _("Sauvegarder"),
        _("%(actor)s a fait la sauvegarde « %(file)s »."),
        automatic=True,
    ),
    "operations.restore": AuditLabel(
        _("Restaurer une sauvegarde"),
        _("%(actor)s a restauré la sauvegarde « %(file)s » du %(created_at)s."),
        automatic=True,
    ),
}
