"""The audit log's words for the rights of the people and the purge."""

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parlons.core.audit_labels import AuditLabel, Target

LABELS = {
    "privacy.export": AuditLabel(
        _("Télécharger ses données"), _("%(actor)s a téléchargé ses données personnelles.")
    ),
    "privacy.erase_account": AuditLabel(
        _("Effacer un compte"),
        _(
            "%(actor)s a effacé le compte %(target)s (contributions gardées : %(keep_contributions)s)."
        ),
    ),
    "privacy.replay_erasures": AuditLabel(
        _("Rejouer les effacements après une restauration"),
        _("%(actor)s a rejoué les effacements : %(erased_again)s compte(s) effacé(s) de nouveau."),
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

LABELS |= {
    "privacy.request_file": AuditLabel(
        _("Enregistrer une demande d'exercice de droits"),
        _("%(actor)s a enregistré la demande d'exercice de droits %(target)s."),
    ),
    "privacy.request_identity": AuditLabel(
        _("Vérifier l'identité d'une personne qui exerce ses droits"),
        _("%(actor)s a noté la vérification d'identité de la demande %(target)s."),
    ),
    "privacy.request_actions": AuditLabel(
        _("Noter les actions menées pour une demande de droits"),
        _("%(actor)s a noté les actions menées pour la demande %(target)s."),
    ),
    "privacy.request_extend": AuditLabel(
        _("Prolonger le délai d'une demande de droits"),
        _("%(actor)s a prolongé le délai de la demande %(target)s jusqu'au %(until)s."),
    ),
    "privacy.request_close": AuditLabel(
        _("Clore une demande de droits avec sa réponse"),
        _("%(actor)s a clos la demande %(target)s et envoyé la réponse."),
    ),
}

# Receipts of what a mediator recorded for a person without an account (privacy/receipts.py).
LABELS |= {
    "privacy.receipt_issue": AuditLabel(
        _("Remettre un reçu"),
        _("%(actor)s a remis le reçu %(target)s (%(kind)s n° %(item)s)."),
    ),
    "privacy.receipt_read": AuditLabel(
        _("Lire un reçu avec son code"),
        _("%(actor)s a lu le reçu %(target)s avec son code."),
    ),
    "privacy.receipt_withdrawal_request": AuditLabel(
        _("Demander le retrait avec un reçu"),
        _("%(actor)s a demandé le retrait de l'élément du reçu %(target)s (demande %(request)s)."),
    ),
    "privacy.receipt_withdraw": AuditLabel(
        _("Retirer l'élément d'un reçu"),
        _("%(actor)s a retiré l'élément du reçu %(target)s (demande %(request)s)."),
    ),
}


def _receipts(ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    from parlons.privacy.models import Receipt

    return {
        str(r.pk): (
            _("n° %(number)s") % {"number": r.pk},
            reverse("privacy:request_detail", args=[r.rights_request_id])
            if r.rights_request_id
            else "",
        )
        for r in Receipt.objects.filter(pk__in=list(ids)).only("rights_request")
    }


def _rights_requests(ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    from parlons.privacy.models import RightsRequest

    return {
        str(r.pk): (r.reference, reverse("privacy:request_detail", args=[r.pk]))
        for r in RightsRequest.objects.filter(pk__in=list(ids)).only("reference")
    }


TARGETS = {
    "privacy.rightsrequest": Target(_("demande d'exercice de droits"), _rights_requests),
    "privacy.receipt": Target(_("reçu"), _receipts),
}

LABELS |= {
    "privacy.give_consent": AuditLabel(
        _("Donner un consentement"),
        _("%(actor)s a donné son consentement (%(purpose)s, texte version %(version)s)."),
    ),
    "privacy.withdraw_consent": AuditLabel(
        _("Retirer un consentement"),
        _("%(actor)s a retiré son consentement (%(purpose)s)."),
    ),
}

LABELS |= {
    "privacy.warn_inactive": AuditLabel(
        _("Prévenir d'un compte inutilisé"),
        _("%(actor)s a prévenu %(target)s que son compte inutilisé sera anonymisé."),
        automatic=True,
    ),
}

# The impact assessment the DPO completes and signs (privacy/dpia.py).
LABELS |= {
    "privacy.dpia_start": AuditLabel(
        _("Commencer une version de l'analyse d'impact"),
        _("%(actor)s a commencé l'analyse d'impact, %(target)s."),
    ),
    "privacy.dpia_edit": AuditLabel(
        _("Compléter l'analyse d'impact"),
        _("%(actor)s a complété l'analyse d'impact, %(target)s."),
    ),
    "privacy.dpia_sign": AuditLabel(
        _("Signer l'analyse d'impact"),
        _("%(actor)s a signé l'analyse d'impact, %(target)s."),
    ),
}


def _impact_assessments(ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    from parlons.privacy.models import ImpactAssessment

    return {
        str(a.pk): (
            _("version %(number)s") % {"number": a.number},
            reverse("privacy:dpia_version", args=[a.pk]),
        )
        for a in ImpactAssessment.objects.filter(pk__in=list(ids)).only("number")
    }


TARGETS["privacy.impactassessment"] = Target(_("analyse d'impact"), _impact_assessments)
