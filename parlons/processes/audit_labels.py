"""The audit log's words for démarches, their phases and themes, and the territory's settings."""

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parlons.core.audit_labels import AuditLabel, Target, quoted
from parlons.processes.models import Phase, Process, Theme


def _status(value) -> str:
    return str(Process.Status(value).label) if value in Process.Status.values else str(value)


def _processes(ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    return {
        str(p.pk): (quoted(p.title), p.get_absolute_url())
        for p in Process.objects.filter(pk__in=list(ids))
    }


def _phases(ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    return {
        str(p.pk): (
            quoted(p.title),
            reverse("processes:edit_phase", kwargs={"slug": p.process.slug, "phase_id": p.pk}),
        )
        for p in Phase.objects.filter(pk__in=list(ids)).select_related("process")
    }


def _themes(ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    return {
        str(t.pk): (quoted(t.name), reverse("processes:manage", kwargs={"slug": t.process.slug}))
        for t in Theme.objects.filter(pk__in=list(ids)).select_related("process")
    }


STATUS = {"status": _status, "previous": _status}

LABELS = {
    "processes.create": AuditLabel(
        _("Créer une démarche"), _("%(actor)s a créé la démarche %(target)s.")
    ),
    "processes.update": AuditLabel(
        _("Modifier une démarche"), _("%(actor)s a modifié la démarche %(target)s (%(fields)s).")
    ),
    "processes.set_status": AuditLabel(
        _("Changer l'état d'une démarche"),
        _("%(actor)s a passé la démarche %(target)s de « %(previous)s » à « %(status)s »."),
        STATUS,
    ),
    "processes.add_phase": AuditLabel(
        _("Ajouter une phase"), _("%(actor)s a ajouté la phase %(target)s.")
    ),
    "processes.update_phase": AuditLabel(
        _("Modifier une phase"), _("%(actor)s a modifié la phase %(target)s (%(fields)s).")
    ),
    "processes.delete_phase": AuditLabel(
        _("Supprimer une phase"), _("%(actor)s a supprimé la phase « %(title)s ».")
    ),
    "processes.add_theme": AuditLabel(
        _("Ajouter un thème"), _("%(actor)s a ajouté le thème %(target)s.")
    ),
    "processes.rename_theme": AuditLabel(
        _("Renommer un thème"), _("%(actor)s a renommé le thème %(target)s (%(fields)s).")
    ),
    "processes.delete_theme": AuditLabel(
        _("Supprimer un thème"), _("%(actor)s a supprimé le thème « %(name)s ».")
    ),
}

TARGETS = {
    "processes.process": Target(_("démarche"), _processes),
    "processes.phase": Target(_("phase"), _phases),
    "processes.theme": Target(_("thème"), _themes),
}
