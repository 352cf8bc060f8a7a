from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from parlons.core.scheduler import DailyAt, Every, PeriodicJob
from parlons.opendata.tasks import rebuild_if_changed, rebuild_now


def _rebuilt(result: dict) -> str:
    if not result.get("rebuilt"):
        return gettext("Rien de nouveau à publier.")
    return ngettext(
        "Fichiers reconstruits : %(count)d ligne",
        "Fichiers reconstruits : %(count)d lignes",
        result["rows"],
    ) % {"count": result["rows"]}


PERIODIC_JOBS = [
    PeriodicJob(
        "opendata.rebuild_if_changed",
        _("Reconstruire les fichiers de données ouvertes après des modifications"),
        rebuild_if_changed,
        # Every five minutes: with the quiet time, files follow the data within minutes.
        Every(5 * 60),
        summary=_rebuilt,
    ),
    PeriodicJob(
        "opendata.rebuild_nightly",
        _("Reconstruire chaque nuit tous les fichiers de données ouvertes"),
        rebuild_now,
        DailyAt(4, 0),
        summary=_rebuilt,
    ),
]
