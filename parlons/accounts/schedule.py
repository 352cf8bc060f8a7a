from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from parlons.accounts.tasks import send_digests_task
from parlons.core.scheduler import DailyAt, PeriodicJob


def _sent(count: int) -> str:
    if not count:
        return gettext("Aucun récapitulatif à envoyer.")
    return ngettext("%(count)d récapitulatif envoyé", "%(count)d récapitulatifs envoyés", count) % {
        "count": count
    }


PERIODIC_JOBS = [
    PeriodicJob(
        "accounts.send_digests",
        _("Envoyer les récapitulatifs quotidiens"),
        send_digests_task,
        DailyAt(7, 0),
        summary=_sent,
    ),
]
