from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from parlons.core.scheduler import DailyAt, PeriodicJob
from parlons.privacy.tasks import inactive_accounts_task, purge_personal_data_task


def _purged(report: dict[str, int]) -> str:
    # Declarations purged together report the same rows: count the largest of each model.
    by_model: dict[str, int] = {}
    for key, count in report.items():
        model = key.rsplit(".", 1)[0]
        by_model[model] = max(by_model.get(model, 0), count)
    total = sum(by_model.values())
    if not total:
        return gettext("Rien à effacer.")
    return ngettext(
        "%(count)d élément effacé ou anonymisé", "%(count)d éléments effacés ou anonymisés", total
    ) % {"count": total}


def _inactive(result: dict[str, int]) -> str:
    return gettext("%(warned)d compte(s) prévenu(s), %(anonymised)d anonymisé(s).") % {
        "warned": result.get("warned", 0),
        "anonymised": result.get("anonymised", 0),
    }


PERIODIC_JOBS = [
    PeriodicJob(
        "privacy.purge_personal_data",
        _("Effacer ou anonymiser ce qui a dépassé sa durée de conservation"),
        purge_personal_data_task,
        DailyAt(3, 0),
        summary=_purged,
    ),
    PeriodicJob(
        "privacy.inactive_accounts",
        _("Prévenir puis anonymiser les comptes inutilisés"),
        inactive_accounts_task,
        DailyAt(3, 30),
        summary=_inactive,
    ),
]
