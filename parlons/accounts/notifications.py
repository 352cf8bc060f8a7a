"""Notifications by e-mail: sent at once, or kept for a daily digest if the person chose so.

Every e-mail carries a one-click opt-out link for its kind (replies, answers,
meetings). Call `notify` inside the service's transaction: nothing leaves
unless the write is saved.
"""

from django.db import transaction
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from parlons.accounts.models import PendingNotification, User
from parlons.accounts.optout import optout_url
from parlons.accounts.tasks import queue_email

KIND_FIELDS = {
    "replies": "notify_replies",
    "answers": "notify_answers",
    "meetings": "notify_meetings",
}


def render_text(template: str, context: dict) -> str:
    """A plain-text e-mail template, rendered without HTML escaping."""
    return get_template(template).template.render(Context(context, autoescape=False))


def wants(user: User, kind: str) -> bool:
    return bool(user.is_active and not user.erased_at and getattr(user, KIND_FIELDS[kind]))


def _with_footer(user: User, kind: str, body: str) -> str:
    footer = _("Pour ne plus recevoir ce type de courriel, un clic suffit : %(url)s") % {
        "url": optout_url(user, kind)
    }
    return f"{body.rstrip()}\n\n-- \n{footer}\n"


def notify(
    *, user: User, kind: str, subject: str, template: str, context: dict, digestible: bool = True
) -> bool:
    """Tell `user` about something; returns False when they opted out of this kind.

    `template` is a plain-text template rendered in French. Reminders (meetings)
    pass `digestible=False`: a reminder sent the next morning would be too late.
    """
    if kind not in KIND_FIELDS:
        raise ValueError(kind)
    if not wants(user, kind):
        return False
    with translation.override("fr"):
        body = render_text(template, {**context, "user": user})
        if digestible and user.daily_digest:
            PendingNotification.objects.create(user=user, kind=kind, subject=subject, body=body)
            return True
        full_body = _with_footer(user, kind, body)
    headers = {"List-Unsubscribe": f"<{optout_url(user, kind)}>"}
    queue_email(to=user.email, subject=subject, body=full_body, headers=headers)
    return True


def send_digests(now=None) -> int:
    """One e-mail per person with everything kept since their last digest; returns how many.

    Sent notifications stay until the daily purge deletes them (see accounts/privacy.py).
    """
    now = now or timezone.now()
    sent = 0
    user_ids = (
        PendingNotification.objects.filter(sent_at__isnull=True)
        .values_list("user_id", flat=True)
        .distinct()
    )
    for user in User.objects.filter(pk__in=list(user_ids)):
        with transaction.atomic():
            pending = list(
                PendingNotification.objects.select_for_update()
                .filter(user=user, sent_at__isnull=True)
                .order_by("created_at")
            )
            if not pending:
                continue
            with translation.override("fr"):
                parts = [
                    f"* {item.subject}\n\n{item.body.strip()}"
                    for item in pending
                    if wants(user, item.kind)
                ]
                kinds = sorted({item.kind for item in pending})
                if parts:
                    footer = "\n".join(
                        _("Ne plus recevoir ces courriels (%(kind)s) : %(url)s")
                        % {"kind": kind, "url": optout_url(user, kind)}
                        for kind in kinds
                    )
                    body = (
                        _(
                            "Bonjour,\n\nVoici ce qui s'est passé depuis votre dernier récapitulatif."
                        )
                        + "\n\n"
                        + "\n\n".join(parts)
                        + "\n\n-- \n"
                        + footer
                        + "\n"
                    )
                    subject = _("Votre récapitulatif du %(date)s") % {
                        "date": now.strftime("%d/%m/%Y")
                    }
                    queue_email(to=user.email, subject=subject, body=body)
                    sent += 1
            PendingNotification.objects.filter(pk__in=[item.pk for item in pending]).update(
                sent_at=now
            )
    return sent
