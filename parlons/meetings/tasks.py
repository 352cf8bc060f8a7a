"""Background work of public meetings."""

from django_tasks import task

from parlons.meetings.services import send_meeting_reminders


@task()
def send_meeting_reminders_task() -> int:
    """Remind, once, each confirmed person of a meeting starting within 24 hours."""
    return send_meeting_reminders()
