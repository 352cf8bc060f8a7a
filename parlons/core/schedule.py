from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from parlons.core.scheduler import DailyAt, PeriodicJob
from parlons.core.tasks import clean_up_workers


def _cleaned(result: dict) -> str:
    return gettext("%(tasks)s, %(runs)s, %(workers)s") % {
        "tasks": ngettext(
            "%(count)d tâche terminée effacée",
            "%(count)d tâches terminées effacées",
            result["task_results"],
        )
        % {"count": result["task_results"]},
        "runs": ngettext(
            "%(count)d ancienne exécution effacée",
            "%(count)d anciennes exécutions effacées",
            result["job_runs"],
        )
        % {"count": result["job_runs"]},
        "workers": ngettext(
            "%(count)d exécuteur muet oublié",
            "%(count)d exécuteurs muets oubliés",
            result["workers"],
        )
        % {"count": result["workers"]},
    }


PERIODIC_JOBS = [
    PeriodicJob(
        "core.clean_up_workers",
        _("Ranger la file des tâches (tâches terminées, exécuteurs arrêtés)"),
        clean_up_workers,
        DailyAt(4, 30),
        summary=_cleaned,
    ),
]
