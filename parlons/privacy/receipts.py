"""Receipts: a short code given to a person whose words or vote a mediator recorded.

With the code, at a counter or online and without an account, the person reads
what was recorded and asks for it to be withdrawn; the request reaches the DPO's
desk, and the DPO withdraws the item through the app that owns it.

The code (`K7M-4QX-9TB`: nine characters from an alphabet without look-alikes,
about 44 bits) is printed once and never stored: the database keeps an
HMAC-SHA-256 of it keyed with the secret key, so a copy of the database alone
does not give the codes back, and a guess costs a lookup, which is limited per
address (`receipt_lookup_address`) and per mediator (`receipt_lookup_account`).
docs/decisions/0205-receipts.md says why.

Each app that records items for people declares, in its `receipts.py`:

    RECEIPT_KINDS = [ReceiptKind("debates.contribution", _("contribution"), withdraw=…)]

`withdraw(actor=…, item_id=…, reference=…)` withdraws the item in the caller's
transaction and audits it; `refusal(item_id)` says why it can no longer be
withdrawn (a count that closed), or None. The privacy floor finds them through
`parlons.core.registry.provided` and never imports the apps.
"""

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from parlons.core import audit
from parlons.core.limits import Limit
from parlons.core.queries import current_territory
from parlons.core.registry import provided
from parlons.privacy import rights
from parlons.privacy.models import RequestKind, RightsRequest
from parlons.privacy.receipts_models import Receipt
from parlons.privacy.rules import can_handle_rights_requests

# No 0/O, 1/I/L, U/V pairs that a hurried eye or hand confuses.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
CODE_LENGTH = 9
GROUP = 3
SUMMARY_MAX_LENGTH = 600

NOT_FOUND = _(
    "Aucun reçu ne correspond à ce code. Vérifiez les neuf caractères imprimés sur votre reçu "
    "(les tirets et les espaces ne comptent pas)."
)
TOO_MANY = _(
    "Trop de codes essayés en peu de temps. Pour protéger les reçus, attendez %(wait)s "
    "avant de réessayer."
)


@dataclass(frozen=True)
class ReceiptKind:
    """One kind of item an app records for people, and how the app withdraws it."""

    name: str  # "debates.contribution"
    label: str | Promise  # "contribution", in the receipt's sentence
    withdraw: Callable[..., None]  # withdraw(*, actor, item_id, reference)
    refusal: Callable[[int], str | None] | None = None


@dataclass(frozen=True)
class IssuedReceipt:
    """A receipt just written, with its code in clear: shown once, on the printed receipt."""

    receipt: Receipt
    code: str


def receipt_kinds() -> dict[str, ReceiptKind]:
    return {kind.name: kind for kinds in provided("receipts", "RECEIPT_KINDS") for kind in kinds}


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + GROUP] for i in range(0, CODE_LENGTH, GROUP))


def normalise(code: str) -> str:
    """What a person typed, as the code's nine characters: case, spaces and dashes do not count."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def _digest(normalised: str, key: str) -> str:
    return hmac.new(
        key.encode(), f"parlons-receipt:{normalised}".encode(), hashlib.sha256
    ).hexdigest()


def _keys() -> list[str]:
    # A rotated secret key stays in SECRET_KEY_FALLBACKS: receipts printed before still work.
    return [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]


def summary_of(text: str) -> str:
    """The masked text, cut to the receipt's length."""
    return Truncator(" ".join((text or "").split())).chars(SUMMARY_MAX_LENGTH)


def issue_receipt(
    *,
    actor,
    kind: str,
    item_id: int,
    title: str,
    summary: str = "",
    recorded_at: datetime | None = None,
) -> IssuedReceipt:
    """Write the receipt of an item just recorded, in the recording's transaction.

    `summary` is the item's public (masked) text: the receipt holds nothing the
    public pages would not show, save the link between the code and the item.
    """
    if kind not in receipt_kinds():
        raise ValueError(f"no app declares the receipt kind {kind!r} in its receipts.py")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("issue_receipt runs in the transaction that records the item")
    for _attempt in range(5):
        code = new_code()
        try:
            with transaction.atomic():
                receipt = Receipt.objects.create(
                    code_digest=_digest(normalise(code), settings.SECRET_KEY),
                    item_kind=kind,
                    item_id=item_id,
                    title=title[:300],
                    summary=summary_of(summary),
                    recorded_at=recorded_at or timezone.now(),
                    recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
                )
        except IntegrityError:  # the same code twice: about one chance in 10^13
            continue
        audit.record(actor, "privacy.receipt_issue", receipt, kind=kind, item=item_id)
        return IssuedReceipt(receipt, code)
    raise RuntimeError("could not draw a free receipt code")


def find_receipt(code: str) -> Receipt | None:
    """The receipt of this code, or None; no limit here: callers use `look_up`."""
    normalised = normalise(code)
    if len(normalised) != CODE_LENGTH:
        return None
    digests = [_digest(normalised, key) for key in _keys()]
    return Receipt.objects.select_related("rights_request").filter(code_digest__in=digests).first()


@transaction.atomic
def look_up(*, actor, code: str, counted_as: tuple[str, str]) -> Receipt:
    """Find a receipt by its code, counting the attempt against `counted_as` (limit, value).

    Every attempt counts, found or not, so that guessing costs the same as
    reading; a wrong code says only that nothing was found.
    """
    limit_name, value = counted_as
    limit = Limit.named(limit_name)
    limit.check(value, TOO_MANY)
    limit.hit(value)
    receipt = find_receipt(code)
    if receipt is None:
        raise ValidationError(NOT_FOUND, code="not_found")
    audit.record(actor, "privacy.receipt_read", receipt)
    return receipt


def withdrawal_refusal(receipt: Receipt) -> str | None:
    """Why this item can no longer be withdrawn on request, or None."""
    if receipt.is_withdrawn:
        return _("Cet élément est déjà retiré.")
    kind = receipt_kinds().get(receipt.item_kind)
    if kind is None:
        return _("Cet élément ne peut plus être retiré en ligne : adressez-vous au guichet.")
    return kind.refusal(receipt.item_id) if kind.refusal else None


def _when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "j F Y à H:i")


@transaction.atomic
def request_withdrawal(
    *, actor, receipt: Receipt, channel: str, email: str = "", name: str = ""
) -> RightsRequest:
    """File an erasure request for the item of this receipt, on the DPO's desk.

    No contact is required: the answer is read with the code. An e-mail address,
    when given, receives it too.
    """
    receipt = Receipt.objects.select_for_update().get(pk=receipt.pk)
    refusal = withdrawal_refusal(receipt)
    if refusal:
        raise ValidationError(refusal)
    if receipt.rights_request_id and not receipt.rights_request.is_closed:
        raise ValidationError(
            _(
                "Le retrait est déjà demandé (demande %(reference)s) : il est en cours de traitement."
            )
            % {"reference": receipt.rights_request.reference}
        )
    filed = rights.file_request(
        actor=actor,
        kind=RequestKind.ERASURE,
        text=_("Retrait demandé avec le reçu n° %(number)s : %(title)s, enregistré le %(when)s.")
        % {"number": receipt.pk, "title": receipt.title, "when": _when(receipt.recorded_at)},
        name=name.strip() or _("Titulaire du reçu n° %(number)s") % {"number": receipt.pk},
        email=email,
        channel=channel,
        answer_online=True,
    )
    receipt.rights_request = filed
    receipt.save(update_fields=["rights_request"])
    audit.record(actor, "privacy.receipt_withdrawal_request", receipt, request=filed.reference)
    return filed


@transaction.atomic
def withdraw_item(*, actor, receipt: Receipt) -> Receipt:
    """The DPO withdraws the item through its app; the receipt keeps the date, not the text."""
    can_handle_rights_requests.require(actor, current_territory())
    receipt = (
        Receipt.objects.select_for_update(of=("self",))
        .select_related("rights_request")
        .get(pk=receipt.pk)
    )
    if receipt.rights_request is None:
        raise PermissionDenied(_("Aucun retrait n'a été demandé avec ce reçu."))
    refusal = withdrawal_refusal(receipt)
    if refusal:
        raise ValidationError(refusal)
    request = receipt.rights_request
    receipt_kinds()[receipt.item_kind].withdraw(
        actor=actor, item_id=receipt.item_id, reference=request.reference
    )
    receipt.withdrawn_at = timezone.now()
    receipt.summary = ""
    receipt.save(update_fields=["withdrawn_at", "summary"])
    note = _("%(title)s : retiré le %(when)s.") % {
        "title": receipt.title,
        "when": _when(receipt.withdrawn_at),
    }
    request.actions_taken = "\n".join(filter(None, [request.actions_taken, note]))
    request.save(update_fields=["actions_taken"])
    audit.record(actor, "privacy.receipt_withdraw", receipt, request=request.reference)
    return receipt


# The code stays in the mediator's session until the receipt is handed over.
SESSION_KEY = "privacy_receipt_codes"
KEPT_IN_SESSION = 5


def show_once(request, issued: IssuedReceipt, back: str) -> None:
    """Keep the code for the printed receipt page of this mediator's session only."""
    codes = dict(request.session.get(SESSION_KEY, {}))
    codes[str(issued.receipt.pk)] = {"code": issued.code, "back": back}
    request.session[SESSION_KEY] = dict(list(codes.items())[-KEPT_IN_SESSION:])


def receipt_url(issued: IssuedReceipt) -> str:
    """The printed receipt's page: where a mediator's form leads, also when sent twice."""
    return reverse("privacy:receipt_print", args=[issued.receipt.pk])


def shown_code(request, receipt: Receipt) -> dict | None:
    return request.session.get(SESSION_KEY, {}).get(str(receipt.pk))


def forget_code(request, receipt: Receipt) -> str:
    """Forget the code once the receipt is handed over; returns where the mediator goes back."""
    codes = dict(request.session.get(SESSION_KEY, {}))
    kept = codes.pop(str(receipt.pk), None) or {}
    request.session[SESSION_KEY] = codes
    return kept.get("back", "")
