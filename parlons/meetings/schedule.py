from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from parlons.core.scheduler import Every, PeriodicJob
from parlons.meetings.tasks import send_meeting_reminders_task


def _reminded(count: int) -> str:
    if not count:
        return gettext("Aucun rappel à envoyer.")
    return ngettext("%(count)d rappel envoyé", "%(count)d rappels envoyés", count) % {
        "count": count
    }


PERIODIC_JOBS = [
    PeriodicJob(
        "meetings.send_reminders",
        _("Rappeler aux personnes inscrites les réunions des prochaines 24 heures"),
        send_meeting_reminders_task,
        Every(60 * 60),
        summary=_reminded,
    ),
]
