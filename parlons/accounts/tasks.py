"""Background work for people: e-mails leave through the task queue, never in a request."""

from django.conf import settings
from django.core.mail import EmailMessage
from django_tasks import task


@task()
def send_email(*, to: str, subject: str, body: str, headers: dict | None = None) -> None:
    EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers or {},
    ).send()
