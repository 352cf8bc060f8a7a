"""The audit log's words for what happens to accounts and roles."""

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from parlons.accounts.models import Role, User
from parlons.core.audit_labels import AuditLabel, Target


def _role(value) -> str:
    return str(Role(value).label) if value in Role.values else str(value)


def _users(ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    return {str(u.pk): (u.pseudonym, "") for u in User.objects.filter(pk__in=list(ids))}


ROLE = {"role": _role}

LABELS = {
    "accounts.register": AuditLabel(_("Créer un compte"), _("%(actor)s a créé son compte.")),
    "accounts.register_from_identity_provider": AuditLabel(
        _("Créer un compte par le fournisseur d'identité"),
        _("%(actor)s a créé son compte en se connectant par « %(provider)s »."),
    ),
    "accounts.import_accounts": AuditLabel(
        _("Créer les comptes des auteurs d'un historique importé"),
        _("%(actor)s a créé %(rows)s compte(s) sans adresse pour les auteurs de %(origin)s."),
    ),
    "accounts.confirm_email": AuditLabel(
        _("Confirmer son adresse électronique"),
        _("%(actor)s a confirmé son adresse électronique."),
    ),
    "accounts.update_profile": AuditLabel(
        _("Modifier son profil"), _("%(actor)s a modifié son profil (%(fields)s).")
    ),
    "accounts.set_notification": AuditLabel(
        _("Choisir ses notifications"),
        _("%(actor)s a changé ses notifications « %(kind)s » (activées : %(enabled)s)."),
    ),
    "accounts.grant_role": AuditLabel(
        _("Donner un rôle"),
        _("%(actor)s a donné le rôle « %(role)s » à %(target)s."),
        ROLE,
    ),
    "accounts.revoke_role": AuditLabel(
        _("Retirer un rôle"),
        _("%(actor)s a retiré le rôle « %(role)s » à %(target)s."),
        ROLE,
    ),
    "accounts.set_up_second_factor": AuditLabel(
        _("Activer la double authentification"),
        _("%(actor)s a activé la double authentification (remplacement : %(replaced)s)."),
    ),
    "accounts.regenerate_recovery_codes": AuditLabel(
        _("Renouveler ses codes de secours"),
        _("%(actor)s a renouvelé ses codes de secours."),
    ),
    "accounts.remove_second_factor": AuditLabel(
        _("Retirer sa double authentification"),
        _("%(actor)s a retiré sa double authentification."),
    ),
    "accounts.reset_second_factor": AuditLabel(
        _("Réinitialiser la double authentification d'une personne"),
        _("%(actor)s a réinitialisé la double authentification de %(target)s."),
    ),
    "accounts.create_administrator": AuditLabel(
        _("Créer un compte d'administration"),
        _("%(actor)s a créé le compte d'administration %(target)s (commande « %(command)s »)."),
    ),
}

TARGETS = {
    "accounts.user": Target(_("compte"), _users, personal=True, missing=_("un compte effacé"))
}
