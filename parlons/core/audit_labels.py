"""How the audit log tells core's actions in French, and the shape every app's declarations take.

Each app's `audit_labels.py` declares `LABELS` (action code -> AuditLabel) for
the codes it records, and `TARGETS` (target type -> Target) for the objects it
owns; the audit log page (parlons.privacy) finds them through
`parlons.core.registry`, so no floor needs to know the apps above it.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parlons.core.models import PeriodicJobRun, Territory


@dataclass(frozen=True)
class AuditLabel:
    """One action code in words.

    `kind` names the action in the filter list ("Masquer une contribution");
    `sentence` tells one entry, with named fields: `actor`, `target` (the
    object, linked when it still exists) and any key of the entry's data.
    `values` turns a data value into words (a status code into its label).
    A field the entry lacks (its details redacted) reads as erased.
    """

    kind: Any
    sentence: Any
    values: Mapping[str, Callable[[Any], Any]] = field(default_factory=dict)
    # Recorded by a task, without a person: the log names Parlons, not an erased link.
    automatic: bool = False


@dataclass(frozen=True)
class Target:
    """How to name the objects of one type: `describe(ids)` -> {id: (text, url or "")}.

    Given every id of a page at once, so one query per type serves the page.
    `personal` marks a person (an account): once an entry's details are
    redacted, the log no longer names that person through it. Texts come
    ready to sit in a sentence ("« Plus de bancs »", "Camille").
    """

    name: Any
    describe: Callable[[Iterable[str]], dict[str, tuple[str, str]]]
    personal: bool = False
    # Said when the object no longer exists; "%(id)s" is its number.
    missing: Any = _("n° %(id)s (supprimé)")


def quoted(text: str) -> str:
    """A title as a sentence quotes it, in the page's language (« … » in French)."""
    return gettext("« %(text)s »") % {"text": text}


def _territories(ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    return {str(t.pk): (t.name, "") for t in Territory.objects.filter(pk__in=list(ids))}


def _job_runs(ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    return {str(r.pk): (r.job, "") for r in PeriodicJobRun.objects.filter(pk__in=list(ids))}


LABELS = {
    "core.create_territory": AuditLabel(
        _("Créer le territoire"), _("%(actor)s a créé le territoire %(target)s.")
    ),
    "core.update_territory": AuditLabel(
        _("Modifier le territoire"),
        _("%(actor)s a modifié le territoire %(target)s (%(fields)s)."),
    ),
    "core.add_communes": AuditLabel(
        _("Ajouter des communes"),
        _("%(actor)s a ajouté %(count)s commune(s) au territoire %(target)s."),
    ),
    "core.import_outline": AuditLabel(
        _("Importer le contour du territoire"),
        _("%(actor)s a importé le contour du territoire %(target)s (%(polygons)s zone(s))."),
    ),
    "core.run_periodic_job": AuditLabel(
        _("Lancer une tâche périodique"),
        _("%(actor)s a lancé à la main la tâche périodique « %(job)s »."),
    ),
}

TARGETS = {
    "core.territory": Target(_("territoire"), _territories),
    "core.periodicjobrun": Target(_("exécution de tâche"), _job_runs),
}
