"""Who may read what the data charter keeps: the audit log is the DPO's."""

from django.utils.translation import gettext_lazy as _

from parlons.accounts.models import Role
from parlons.accounts.roles import has_role
from parlons.accounts.rules import is_signed_in
from parlons.core.models import Territory
from parlons.core.rules import rule


@rule(_("Le journal des actions est réservé au délégué à la protection des données."))
def can_read_audit_log(user, territory: Territory | None) -> bool:
    return is_signed_in(user) and territory is not None and has_role(user, territory, Role.DPO)  # type: ignore[arg-type]  # untyped TextChoices, no django-stubs


@rule(
    _(
        "Les demandes d'exercice des droits sont traitées par le délégué à la protection des données."
    )
)
def can_handle_rights_requests(user, territory: Territory | None) -> bool:
    return is_signed_in(user) and territory is not None and has_role(user, territory, Role.DPO)  # type: ignore[arg-type]  # untyped TextChoices, no django-stubs


@rule(_("Seule une personne médiatrice peut enregistrer une demande au guichet."))
def can_file_at_the_counter(user, territory: Territory | None) -> bool:
    return (
        is_signed_in(user) and territory is not None and has_role(user, territory, Role.MEDIATOR)  # type: ignore[arg-type]  # untyped TextChoices
    )


@rule(_("L'analyse d'impact est rédigée et signée par le délégué à la protection des données."))
def can_write_impact_assessment(user, territory: Territory | None) -> bool:
    return is_signed_in(user) and territory is not None and has_role(user, territory, Role.DPO)  # type: ignore[arg-type]  # untyped TextChoices, no django-stubs
