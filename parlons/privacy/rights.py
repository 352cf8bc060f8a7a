"""Rights requests (GDPR art. 12 to 21): filed by a person, handled and answered by the DPO.

Every step is one transaction with its audit entry; what the person must know
(receipt, extension and its reason, the answer) leaves through the e-mail queue
when they gave an e-mail address.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from parlons.accounts.tasks import queue_email
from parlons.core import audit
from parlons.privacy.models import RequestChannel, RequestKind, RequestStatus, RightsRequest

EXTENSION_MONTHS = 2


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later, or that month's last day when it has none.

    31 January + 1 month = 28 (or 29) February: a period counted in months ends on
    the last day of the month when that month has no such day.
    """
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_date(received_on: date) -> date:
    """The legal deadline of a request received on `received_on`: one calendar month."""
    return add_months(received_on, 1)


def long_date(day: date) -> str:
    """ "1er décembre 2026" in French (the first of the month is an ordinal), else "j F Y"."""
    text = formats.date_format(day, "j F Y")
    if day.day == 1 and get_language().startswith("fr"):
        text = "1er" + text[1:]
    return text


def _address_of(request: RightsRequest) -> str:
    return request.user.email if request.user_id and request.user else request.email


def _tell(request: RightsRequest, subject: str, body: str) -> bool:
    """E-mail the person when they gave an address; False when the answer must go by post."""
    to = _address_of(request)
    if not to:
        return False
    queue_email(to=to, subject=subject, body=body)
    return True


@transaction.atomic
def file_request(
    *,
    actor,
    kind: str,
    text: str,
    user=None,
    name: str = "",
    email: str = "",
    postal_address: str = "",
    channel: str = RequestChannel.ONLINE,
    received_on: date | None = None,
    answer_online: bool = False,
) -> RightsRequest:
    """Record a request; `actor` is the person, or the mediator who files it at the counter.

    `answer_online`: the person reads the answer with their receipt's code
    (parlons.privacy.receipts), so no address is required.
    """
    if kind not in RequestKind.values:
        raise ValidationError(_("Choisissez le droit que vous voulez exercer."))
    if not text.strip():
        raise ValidationError(_("Décrivez votre demande."))
    if user is None and not answer_online and not (email.strip() or postal_address.strip()):
        raise ValidationError(
            _("Donnez une adresse e-mail ou une adresse postale pour recevoir la réponse.")
        )
    received_on = received_on or timezone.localdate()
    request = RightsRequest.objects.create(
        kind=kind,
        user=user,
        name=name.strip() or (user.real_name or user.pseudonym if user else ""),
        email=email.strip(),
        postal_address=postal_address.strip(),
        channel=channel,
        filed_by=actor if getattr(actor, "is_authenticated", False) else None,
        text=text.strip(),
        received_on=received_on,
        due_on=due_date(received_on),
    )
    request.reference = f"DR-{received_on.year}-{request.pk:05d}"
    request.save(update_fields=["reference"])
    audit.record(actor, "privacy.request_file", request, kind=kind, channel=channel)
    _tell(
        request,
        _("Votre demande %(reference)s est bien reçue") % {"reference": request.reference},
        _(
            "Bonjour,\n\nVotre demande (droit : %(kind)s) est enregistrée sous la référence "
            "%(reference)s. Le délégué à la protection des données vous répondra au plus tard "
            "le %(due)s.\n"
        )
        % {
            "kind": request.get_kind_display(),
            "reference": request.reference,
            "due": long_date(request.due_on),
        },
    )
    return request


def _open(request: RightsRequest) -> None:
    if request.is_closed:
        raise ValidationError(_("Cette demande est close : elle ne peut plus être modifiée."))


@transaction.atomic
def record_identity_check(*, actor, request: RightsRequest, check: str) -> RightsRequest:
    """Say what was checked of the person's identity; the checker is recorded with it."""
    _open(request)
    if not check.strip():
        raise ValidationError(
            _("Dites ce qui a été vérifié (par exemple : pièce d'identité vue au guichet).")
        )
    request.identity_check = check.strip()
    request.identity_checked_by = actor
    request.save(update_fields=["identity_check", "identity_checked_by"])
    audit.record(actor, "privacy.request_identity", request)
    return request


@transaction.atomic
def record_actions(*, actor, request: RightsRequest, actions: str) -> RightsRequest:
    _open(request)
    request.actions_taken = actions.strip()
    request.save(update_fields=["actions_taken"])
    audit.record(actor, "privacy.request_actions", request)
    return request


@transaction.atomic
def extend(
    *, actor, request: RightsRequest, reason: str, today: date | None = None
) -> RightsRequest:
    """Extend the deadline by two months, once, before the first month ends (art. 12-3)."""
    _open(request)
    today = today or timezone.localdate()
    if request.extended_until:
        raise ValidationError(_("Le délai de cette demande a déjà été prolongé une fois."))
    if today > request.due_on:
        raise ValidationError(
            _("Le délai ne peut être prolongé qu'avant la fin du premier mois (le %(due)s).")
            % {"due": long_date(request.due_on)}
        )
    if not reason.strip():
        raise ValidationError(
            _("Donnez le motif de la prolongation : il est envoyé à la personne.")
        )
    request.extended_until = add_months(request.due_on, EXTENSION_MONTHS)
    request.extension_reason = reason.strip()
    request.status = RequestStatus.EXTENDED
    request.save(update_fields=["extended_until", "extension_reason", "status"])
    audit.record(actor, "privacy.request_extend", request, until=request.extended_until.isoformat())
    _tell(
        request,
        _("Votre demande %(reference)s : délai prolongé") % {"reference": request.reference},
        _(
            "Bonjour,\n\nLe délai de réponse à votre demande %(reference)s est prolongé "
            "jusqu'au %(until)s, pour le motif suivant :\n\n%(reason)s\n"
        )
        % {
            "reference": request.reference,
            "until": long_date(request.extended_until),
            "reason": request.extension_reason,
        },
    )
    return request


@transaction.atomic
def close(*, actor, request: RightsRequest, answer: str) -> RightsRequest:
    """Close the request with the answer given to the person; never without an answer."""
    _open(request)
    if not answer.strip():
        raise ValidationError(_("Une demande ne peut pas être close sans réponse à la personne."))
    request.answer = answer.strip()
    request.closed_at = timezone.now()
    request.status = RequestStatus.CLOSED
    request.save(update_fields=["answer", "closed_at", "status"])
    emailed = _tell(
        request,
        _("Réponse à votre demande %(reference)s") % {"reference": request.reference},
        _("Bonjour,\n\nVoici la réponse à votre demande %(reference)s :\n\n%(answer)s\n")
        % {"reference": request.reference, "answer": request.answer},
    )
    audit.record(
        actor, "privacy.request_close", request, days_late=request.days_late(), emailed=emailed
    )
    return request


@dataclass
class YearCount:
    """Requests received in one year, by kind and by delay."""

    year: int
    total: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    in_month: int = 0  # closed within the first month
    extended: int = 0  # closed within the extended deadline
    late: int = 0  # closed after the deadline, or open and past it
    open: int = 0  # open and not yet late


def yearly_counts(today: date | None = None) -> list[YearCount]:
    """One count per year of receipt, newest first."""
    today = today or timezone.localdate()
    years: dict[int, YearCount] = {}
    for request in RightsRequest.objects.only(
        "kind", "received_on", "due_on", "extended_until", "closed_at", "status"
    ):
        count = years.setdefault(request.received_on.year, YearCount(request.received_on.year))
        count.total += 1
        label = request.get_kind_display()
        count.by_kind[label] = count.by_kind.get(label, 0) + 1
        if request.days_late(today):
            count.late += 1
        elif not request.is_closed:
            count.open += 1
        elif request.extended_until:
            count.extended += 1
        else:
            count.in_month += 1
    for count in years.values():
        count.by_kind = {
            str(label): count.by_kind.get(str(label), 0) for label in RequestKind.labels
        }
    return sorted(years.values(), key=lambda c: -c.year)
