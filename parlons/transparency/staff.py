from django.urls import reverse
from django.utils.translation import gettext as _

from parlons.transparency.rules import can_edit_accessibility_statement


def staff_links(user, territory, roles) -> list[dict]:
    if can_edit_accessibility_statement(user, territory):
        return [
            {
                "title": _("Déclaration d'accessibilité"),
                "url": reverse("transparency:accessibility_edit"),
                "text": _(
                    "L'état de conformité, les résultats de votre audit, les défauts connus "
                    "et le contact pour les signaler."
                ),
            }
        ]
    return []
