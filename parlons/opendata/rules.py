"""Who may choose the licence and rebuild the open-data files."""

from django.utils.translation import gettext_lazy as _

from parlons.accounts.rules import is_administrator
from parlons.core.models import Territory
from parlons.core.rules import rule


@rule(_("Seuls les administrateurs gèrent les données ouvertes du territoire."))
def can_manage_open_data(user, territory: Territory | None) -> bool:
    return is_administrator(user, territory)
