"""The audit log's words for proposals, their supports and official answers."""

from collections.abc import Iterable

from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from parlons.core.audit_labels import AuditLabel, Target, quoted
from parlons.proposals.models import Proposal, State


def _proposals(ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    found = Proposal.objects.filter(pk__in=list(ids)).select_related("process")
    # The published copy: personal data stays masked here as on the public page.
    return {str(p.pk): (_name(p), p.get_absolute_url()) for p in found}


def _name(proposal: Proposal) -> str:
    if proposal.is_withdrawn:
        # Its words are gone; its number and its trace's address stay.
        return str(_("n° %(number)s (retirée)") % {"number": proposal.pk})
    return quoted(Truncator(proposal.public_title).chars(80))


def _state(value) -> str:
    return str(State(value).label) if value in State.values else str(value)


LABELS = {
    "proposals.submit": AuditLabel(
        _("Déposer une proposition"), _("%(actor)s a déposé la proposition %(target)s.")
    ),
    "proposals.submit_on_behalf": AuditLabel(
        _("Saisir une proposition pour quelqu'un"),
        _("%(actor)s a saisi la proposition %(target)s pour une autre personne."),
    ),
    "proposals.support": AuditLabel(
        _("Soutenir une proposition"), _("%(actor)s a soutenu la proposition %(target)s.")
    ),
    "proposals.withdraw_support": AuditLabel(
        _("Retirer son soutien"),
        _("%(actor)s a retiré son soutien à la proposition %(target)s."),
    ),
    "proposals.edit": AuditLabel(
        _("Modifier sa proposition"),
        _("%(actor)s a modifié sa proposition %(target)s (version précédente conservée)."),
    ),
    "proposals.withdraw": AuditLabel(
        _("Retirer sa proposition"),
        _("%(actor)s a retiré sa proposition %(target)s (soutiens gelés : %(supports)s)."),
    ),
    "proposals.withdraw_on_request": AuditLabel(
        _("Retirer une proposition à la demande de la personne (reçu)"),
        _("%(actor)s a retiré le texte de la proposition %(target)s (demande %(request)s)."),
    ),
    "proposals.withdraw_support_on_request": AuditLabel(
        _("Retirer un soutien à la demande de la personne (reçu)"),
        _("%(actor)s a retiré un soutien à la proposition %(target)s (demande %(request)s)."),
    ),
    "proposals.support_on_behalf": AuditLabel(
        _("Saisir un soutien pour quelqu'un"),
        _("%(actor)s a saisi un soutien à la proposition %(target)s pour une autre personne."),
    ),
    "proposals.threshold_reached": AuditLabel(
        _("Proposition retenue pour étude (seuil atteint)"),
        _(
            "%(actor)s a retenu pour étude la proposition %(target)s, qui a atteint "
            "%(supports)s soutiens (seuil : %(threshold)s)."
        ),
        automatic=True,
    ),
    "proposals.set_threshold": AuditLabel(
        _("Régler le seuil de soutiens"),
        _("%(actor)s a fixé le seuil de soutiens des propositions de %(target)s à %(threshold)s."),
        values={"threshold": lambda value: value or _("aucun (pas de seuil)")},
    ),
    "proposals.answer": AuditLabel(
        _("Répondre officiellement à une proposition"),
        _(
            "%(actor)s a répondu à la proposition %(target)s au nom de %(answering_body)s : "
            "%(state)s."
        ),
        values={"state": _state},
    ),
    "proposals.import": AuditLabel(
        _("Importer des propositions d'une autre plateforme"),
        _("%(actor)s a importé %(rows)s proposition(s) de %(origin)s dans %(target)s."),
    ),
    "proposals.release": AuditLabel(
        _("Publier une proposition mise de côté"),
        _("%(actor)s a publié la proposition mise de côté %(target)s."),
    ),
}

TARGETS = {
    "proposals.proposal": Target(_("proposition"), _proposals),
}
