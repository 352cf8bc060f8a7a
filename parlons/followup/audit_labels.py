"""The audit log's words for the follow-up of decisions."""

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from parlons.core.audit_labels import AuditLabel, Target, quoted
from parlons.followup.models import ResultUpdate, Status, TrackedResult


def _status(value) -> str:
    return str(Status(value).label) if value in Status.values else str(value)


KINDS = {
    "proposal": _("proposition acceptée"),
    "budget_project": _("projet lauréat du budget participatif"),
    "manual": _("saisie par l'équipe"),
}


def _kind(value) -> str:
    return str(KINDS.get(value, value))


def _results(ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    found = TrackedResult.objects.filter(pk__in=list(ids)).select_related("process")
    return {str(r.pk): (quoted(r.title), r.get_absolute_url()) for r in found}


def _updates(ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    found = ResultUpdate.objects.filter(pk__in=list(ids)).select_related("result__process")
    return {str(u.pk): (quoted(u.result.title), u.get_absolute_url()) for u in found}


LABELS = {
    "followup.track_decision": AuditLabel(
        _("Suivre une décision annoncée"),
        _("%(actor)s a mis à jour le suivi de la décision %(target)s (origine : %(kind)s)."),
        {"kind": _kind},
        automatic=True,
    ),
    "followup.synchronise": AuditLabel(
        _("Synchroniser le suivi des décisions"),
        _(
            "%(actor)s a synchronisé le suivi de la démarche %(target)s : "
            "%(created)s décision(s) ajoutée(s) sur %(found)s trouvée(s)."
        ),
    ),
    "followup.create": AuditLabel(
        _("Ajouter une décision au suivi"),
        _("%(actor)s a ajouté la décision %(target)s au suivi."),
    ),
    "followup.update": AuditLabel(
        _("Modifier une décision suivie"),
        _("%(actor)s a modifié la décision suivie %(target)s (%(fields)s)."),
    ),
    "followup.post_update": AuditLabel(
        _("Publier une actualité du suivi"),
        _(
            "%(actor)s a publié une actualité de la décision %(target)s (%(status)s, %(progress)s %%)."
        ),
        {"status": _status},
    ),
}

TARGETS = {
    "followup.trackedresult": Target(_("décision suivie"), _results),
    "followup.resultupdate": Target(_("actualité du suivi"), _updates),
}
