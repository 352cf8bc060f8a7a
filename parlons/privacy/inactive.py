"""Unused accounts: a warning e-mail after the inactivity period, then anonymisation.

The periods are settings (INACTIVE_ACCOUNT_DAYS, INACTIVE_ACCOUNT_GRACE_DAYS),
shown in the register. Activity is the last sign-in, or the sign-up for a
person who never signed in. Anonymisation is the erasure of the account
(`services.erase_account`, contributions kept without a name), as if the
person had asked for it. Superusers, the installation's technical accounts,
are left alone.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from parlons.accounts.tasks import queue_email
from parlons.core import audit
from parlons.core.public_url import public_url
from parlons.privacy.models import InactivityWarning
from parlons.privacy.services import erase_account


def _people():
    User = get_user_model()
    return User.objects.filter(is_active=True, erased_at__isnull=True, is_superuser=False).annotate(
        last_seen=Coalesce("last_login", "date_joined")
    )


def handle_inactive_accounts(*, now: datetime | None = None) -> dict[str, int]:
    """Forget warnings of people who came back, warn the newly inactive, anonymise the rest."""
    now = now or timezone.now()
    came_back, _per_model = InactivityWarning.objects.filter(
        user__last_login__gt=F("warned_at")
    ).delete()
    warned = 0
    limit = now - timedelta(days=settings.INACTIVE_ACCOUNT_DAYS)
    for user in _people().filter(last_seen__lt=limit, inactivity_warning__isnull=True):
        warned += _warn(user, now)
    anonymised = 0
    grace_limit = now - timedelta(days=settings.INACTIVE_ACCOUNT_GRACE_DAYS)
    expired = _people().filter(
        Q(last_seen__lt=limit), inactivity_warning__warned_at__lt=grace_limit
    )
    for user in expired:
        with transaction.atomic():
            erase_account(actor=None, user=user, keep_contributions=True)
        anonymised += 1
    return {"warned": warned, "anonymised": anonymised, "came_back": came_back}


def _warn(user, now: datetime) -> int:
    """Claim the warning by inserting it, then queue the e-mail in the same transaction."""
    try:
        with transaction.atomic():
            InactivityWarning.objects.create(user=user, warned_at=now)
            with translation.override("fr"):
                body = render_to_string(
                    "privacy/email/inactive_warning.txt",
                    {
                        "platform": settings.PLATFORM_NAME,
                        "days": settings.INACTIVE_ACCOUNT_DAYS,
                        "grace": settings.INACTIVE_ACCOUNT_GRACE_DAYS,
                        "link": public_url(None) + reverse("accounts:login"),
                    },
                )
                subject = _("Votre compte inutilisé sera anonymisé")
            queue_email(to=user.email, subject=subject, body=body)
            audit.record(None, "privacy.warn_inactive", user)
    except IntegrityError:  # another worker warned them first
        return 0
    return 1
