"""Background work for people: e-mails leave through the task queue, never in a request."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskContext, task

from parlons.accounts.models import OutgoingEmail


def queue_email(*, to: str, subject: str, body: str, headers: dict | None = None) -> OutgoingEmail:
    """Keep the e-mail with the write it belongs to; it leaves once the transaction is saved."""
    email = OutgoingEmail.objects.create(to=to, subject=subject, body=body, headers=headers or {})
    transaction.on_commit(lambda: send_email.enqueue(email_id=email.pk))
    return email


@task(takes_context=True)
def send_email(context: TaskContext, *, email_id: int) -> str:
    """Send one queued e-mail, once: a later attempt (the worker died) sends it only if unsent.

    The row is claimed for this attempt before sending. An earlier attempt's
    claim does not block: the queue only takes a task up again when the
    worker that ran it is gone.
    """
    attempt = context.attempt
    claimed = (
        OutgoingEmail.objects.filter(pk=email_id, sent_at__isnull=True)
        .filter(Q(claimed_attempt__isnull=True) | Q(claimed_attempt__lt=attempt))
        .update(claimed_attempt=attempt)
    )
    if not claimed:
        return "already sent"
    email = OutgoingEmail.objects.get(pk=email_id)
    EmailMessage(
        subject=email.subject,
        body=email.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers=email.headers,
    ).send()
    OutgoingEmail.objects.filter(pk=email_id).update(sent_at=timezone.now())
    return "sent"


@task()
def send_digests_task() -> int:
    """The daily digests: one e-mail per person who chose them; returns how many."""
    # notifications queues its e-mails through this module: imported when the task runs.
    from parlons.accounts.notifications import send_digests

    return send_digests()
