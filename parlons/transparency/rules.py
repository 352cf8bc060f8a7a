"""Who may write the territory's parts of the accessibility statement."""

from django.utils.translation import gettext_lazy as _

from parlons.accounts.rules import is_administrator
from parlons.core.models import Territory
from parlons.core.rules import rule


@rule(_("Seuls les administrateurs modifient la déclaration d'accessibilité."))
def can_edit_accessibility_statement(user, territory: Territory | None) -> bool:
    return is_administrator(user, territory)
