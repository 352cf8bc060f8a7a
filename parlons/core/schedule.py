from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from parlons.core.scheduler import DailyAt, PeriodicJob
from parlons.core.tasks import clean_up_workers


def _cleaned(result: dict) -> str:
    return ", ".join(
        [
            ngettext(
                "%(count)d tâche terminée effacée",
                "%(count)d tâches terminées effacées",
                result["task_results"],
            )
            % {"count": result["task_results"]},
            ngettext(
                "%(count)d ancienne exécution effacée",
                "%(count)d anciennes exécutions effacées",
                result["job_runs"],
            )
            % {"count": result["job_runs"]},
            ngettext(
                "%(count)d exécuteur muet oublié",
                "%(count)d exécuteurs muets oubliés",
                result["workers"],
            )
            % {"count": result["workers"]},
        ]
    )


PERIODIC_JOBS = [
    PeriodicJob(
        "core.clean_up_workers",
        _("Ranger la file des tâches (tâches terminées, exécuteurs arrêtés)"),
        clean_up_workers,
        DailyAt(4, 30),
        summary=_cleaned,
    ),
]
