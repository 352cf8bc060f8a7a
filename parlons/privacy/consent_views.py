"""Giving and withdrawing a consent: one button each, a plain POST then back to the page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parlons.privacy.consents import give_consent, withdraw_consent


@login_required
@require_POST
def change_consent(request):
    purpose, action = request.POST.get("purpose", ""), request.POST.get("action", "")
    if action not in ("give", "withdraw"):
        return HttpResponseBadRequest(_("Action inconnue."))
    service = give_consent if action == "give" else withdraw_consent
    try:
        service(actor=request.user, user=request.user, purpose=purpose)
    except ValidationError as error:
        return HttpResponseBadRequest(" ".join(error.messages))
    messages.success(
        request,
        _("Votre consentement est enregistré.")
        if action == "give"
        else _("Votre consentement est retiré."),
    )
    return redirect(reverse("privacy:my_data") + "#consentements")
