"""The receipt pages: printed for the person, read with the code, withdrawn on request."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from parlons.core.limits import LimitExceeded, client_address
from parlons.core.public_url import absolute_url
from parlons.core.queries import current_territory
from parlons.core.redirects import is_safe_target
from parlons.privacy import receipts
from parlons.privacy.models import Receipt, RequestChannel
from parlons.privacy.receipts_forms import ReceiptCodeForm, WithdrawalForm
from parlons.privacy.rules import can_file_at_the_counter

# The receipt found with a code, for this browser only: the code never travels in a URL.
SEEN_KEY = "privacy_receipt_seen"


@login_required
@require_http_methods(["GET", "POST"])
def print_receipt(request, pk: int):
    """The receipt the mediator prints for the person, right after recording; code shown once."""
    receipt = get_object_or_404(Receipt, pk=pk)
    if receipt.recorded_by_id != request.user.pk:
        raise PermissionDenied(_("Seule la personne qui a fait la saisie imprime ce reçu."))
    if request.method == "POST":  # handed over: the code is forgotten
        back = receipts.forget_code(request, receipt)
        messages.success(request, _("Reçu remis. Le code n'est plus affiché."))
        return redirect(back if is_safe_target(request, back) else "accounts:staff")
    shown = receipts.shown_code(request, receipt)
    return render(
        request,
        "privacy/receipt_print.html",
        {
            "receipt": receipt,
            "code": shown["code"] if shown else "",
            "territory": current_territory(),
            "lookup_url": absolute_url(reverse("privacy:receipt_lookup"), request),
        },
    )


def _look_up(request, *, counter: bool):
    form = ReceiptCodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        counted_as = (
            ("receipt_lookup_account", str(request.user.pk))
            if counter
            else ("receipt_lookup_address", client_address(request))
        )
        try:
            receipt = receipts.look_up(
                actor=request.user, code=form.cleaned_data["code"], counted_as=counted_as
            )
        except LimitExceeded as error:
            form.add_error(None, error)
            response = render(
                request,
                "privacy/receipt_lookup.html",
                {"form": form, "counter": counter},
                status=429,
            )
            response["Retry-After"] = str(error.retry_after)
            return response
        except ValidationError as error:
            form.add_error("code", error)
            status = 404
        else:
            request.session[SEEN_KEY] = {"pk": receipt.pk, "counter": counter}
            return redirect("privacy:receipt_show")
    elif form.is_bound:
        status = 400
    return render(
        request, "privacy/receipt_lookup.html", {"form": form, "counter": counter}, status=status
    )


@require_http_methods(["GET", "POST"])
def look_up_receipt(request):
    """Anyone with a receipt types its code: no account, no other question."""
    return _look_up(request, counter=False)


@login_required
@require_http_methods(["GET", "POST"])
def look_up_at_the_counter(request):
    """A mediator types the code for the person in front of them."""
    can_file_at_the_counter.require(request.user, current_territory())
    return _look_up(request, counter=True)


@require_http_methods(["GET", "POST"])
def show_receipt(request):
    """What was recorded, the withdrawal asked and its answer; a withdrawal may be asked here."""
    seen = request.session.get(SEEN_KEY) or {}
    receipt = Receipt.objects.select_related("rights_request").filter(pk=seen.get("pk")).first()
    if receipt is None:
        return redirect("privacy:receipt_lookup")
    counter = bool(seen.get("counter"))
    if counter:
        can_file_at_the_counter.require(request.user, current_territory())
    form = WithdrawalForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                receipts.request_withdrawal(
                    actor=request.user,
                    receipt=receipt,
                    channel=RequestChannel.COUNTER if counter else RequestChannel.WITHOUT_ACCOUNT,
                    email=form.cleaned_data["email"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _(
                        "Votre demande de retrait est enregistrée. Le délégué à la protection des "
                        "données y répond dans un délai d'un mois ; revenez ici avec votre code "
                        "pour lire la réponse."
                    ),
                )
                return redirect("privacy:receipt_show")
        status = 400
    return render(
        request,
        "privacy/receipt_show.html",
        {
            "receipt": receipt,
            "form": form,
            "counter": counter,
            "refusal": receipts.withdrawal_refusal(receipt),
            "asked": receipt.rights_request,
        },
        status=status,
    )


@require_POST
def forget_receipt(request):
    """Leave the receipt page: this browser forgets which receipt it read (a shared computer)."""
    request.session.pop(SEEN_KEY, None)
    messages.success(request, _("Ce navigateur a oublié votre reçu."))
    return redirect("privacy:receipt_lookup")


@login_required
@require_POST
def withdraw_receipt_item(request, pk: int):
    """The DPO withdraws the item of a receipt through its app, from the request's page."""
    receipt = get_object_or_404(Receipt, pk=pk)
    try:
        receipts.withdraw_item(actor=request.user, receipt=receipt)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("L'élément est retiré des pages publiques."))
    if receipt.rights_request_id:
        return redirect("privacy:request_detail", request_id=receipt.rights_request_id)
    return redirect("privacy:requests")
