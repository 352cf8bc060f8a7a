"""The audit log's words for meetings, places and registrations."""

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parlons.core.audit_labels import AuditLabel, Target, quoted
from parlons.meetings.models import Meeting, Place, Registration


def _status(value) -> str:
    known = Registration.Status.values
    return str(Registration.Status(value).label) if value in known else str(value)


def _meetings(ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    found = Meeting.objects.filter(pk__in=list(ids)).select_related("process")
    return {str(m.pk): (quoted(m.title), m.get_absolute_url()) for m in found}


def _registrations(ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    # Named by its meeting: who registered is the entry's actor, not repeated here.
    found = Registration.objects.filter(pk__in=list(ids)).select_related("meeting__process")
    return {str(r.pk): (quoted(r.meeting.title), r.meeting.get_absolute_url()) for r in found}


def _places(ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    return {
        str(p.pk): (quoted(p.name), reverse("meetings:edit_place", kwargs={"place_id": p.pk}))
        for p in Place.objects.filter(pk__in=list(ids))
    }


STATUS = {"status": _status}

LABELS = {
    "meetings.create_place": AuditLabel(
        _("Créer un lieu"), _("%(actor)s a créé le lieu %(target)s.")
    ),
    "meetings.update_place": AuditLabel(
        _("Modifier un lieu"), _("%(actor)s a modifié le lieu %(target)s (%(fields)s).")
    ),
    "meetings.create": AuditLabel(
        _("Créer une réunion"), _("%(actor)s a créé la réunion %(target)s.")
    ),
    "meetings.update": AuditLabel(
        _("Modifier une réunion"), _("%(actor)s a modifié la réunion %(target)s (%(fields)s).")
    ),
    "meetings.cancel": AuditLabel(
        _("Annuler une réunion"),
        _("%(actor)s a annulé la réunion %(target)s (motif : %(reason)s)."),
    ),
    "meetings.save_minutes": AuditLabel(
        _("Enregistrer un compte rendu"),
        _("%(actor)s a enregistré le compte rendu de la réunion %(target)s."),
    ),
    "meetings.publish_minutes": AuditLabel(
        _("Publier un compte rendu"),
        _("%(actor)s a publié le compte rendu de la réunion %(target)s."),
    ),
    "meetings.register": AuditLabel(
        _("S'inscrire à une réunion"),
        _("%(actor)s s'est inscrit·e à la réunion %(target)s (%(status)s)."),
        STATUS,
    ),
    "meetings.cancel_registration": AuditLabel(
        _("Annuler une inscription"),
        _("%(actor)s a annulé son inscription à la réunion %(target)s."),
    ),
    "meetings.promote_from_waiting_list": AuditLabel(
        _("Passer de la liste d'attente aux inscrits"),
        _("%(actor)s a fait passer une inscription de la liste d'attente à la réunion %(target)s."),
    ),
    "meetings.delete": AuditLabel(
        _("Supprimer une réunion"),
        _(
            "%(actor)s a supprimé la réunion « %(title)s » (%(registrations)s inscription(s) "
            "effacée(s))."
        ),
    ),
    "meetings.delete_place": AuditLabel(
        _("Supprimer un lieu"), _("%(actor)s a supprimé le lieu « %(name)s ».")
    ),
    "meetings.send_reminders": AuditLabel(
        _("Envoyer les rappels de réunion"),
        _("%(actor)s a envoyé %(sent)s rappel(s) de réunion."),
        automatic=True,
    ),
}

TARGETS = {
    "meetings.meeting": Target(_("réunion"), _meetings),
    "meetings.registration": Target(_("inscription"), _registrations),
    "meetings.place": Target(_("lieu"), _places),
}
