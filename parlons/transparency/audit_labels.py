"""The audit log's words for the transparency pages."""

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parlons.core.audit_labels import AuditLabel, Target
from parlons.transparency.models import AccessibilityStatement


def _statements(ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    url = reverse("transparency:accessibility")
    text = str(_("déclaration d'accessibilité"))
    return {
        str(pk): (text, url)
        for pk in AccessibilityStatement.objects.filter(pk__in=list(ids)).values_list(
            "pk", flat=True
        )
    }


LABELS = {
    "transparency.update_accessibility_statement": AuditLabel(
        _("Modifier la déclaration d'accessibilité"),
        _("%(actor)s a modifié la %(target)s (%(fields)s)."),
    ),
}

TARGETS = {
    "transparency.accessibilitystatement": Target(_("déclaration d'accessibilité"), _statements)
}
