import json
from collections import defaultdict
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from parlons.core.charter import declarations
from parlons.core.limits import Limit, LimitExceeded, client_address
from parlons.core.models import AuditEntry
from parlons.core.queries import current_territory
from parlons.privacy import audit_log as audit_log_words
from parlons.privacy import rights, services
from parlons.privacy.consents import consents_of
from parlons.privacy.forms import (
    ActionsForm,
    AuditFilterForm,
    CloseForm,
    ExtensionForm,
    IdentityCheckForm,
    RequestFilterForm,
    RightsRequestForm,
)
from parlons.privacy.models import RequestChannel, RequestStatus, RightsRequest
from parlons.privacy.rules import (
    can_file_at_the_counter,
    can_handle_rights_requests,
    can_read_audit_log,
    can_write_impact_assessment,
)


def register(request):
    """The processing register (GDPR art. 30), generated from every app's declarations."""
    grouped = defaultdict(list)
    for item in declarations():
        model = apps.get_model(item.model)
        grouped[item.section or model._meta.verbose_name_plural].append(
            {
                "field": item.label or model._meta.get_field(item.field).verbose_name,
                "item": item,
            }
        )
    sections = [
        {"title": title, "rows": rows}
        for title, rows in sorted(grouped.items(), key=lambda kv: str(kv[0]))
    ]
    territory = current_territory()
    return render(
        request,
        "privacy/register.html",
        {
            "sections": sections,
            "territory": territory,
            "can_write_dpia": can_write_impact_assessment(request.user, territory),
            # The setting that `parlons backup` applies to the archives it keeps.
            "backup_retention_days": settings.BACKUP_RETENTION_DAYS,
            "processors": settings.PROCESSORS,
            "inactive_days": settings.INACTIVE_ACCOUNT_DAYS,
            "inactive_grace_days": settings.INACTIVE_ACCOUNT_GRACE_DAYS,
        },
    )


@login_required
def my_data(request):
    mine = request.user.rights_requests.only(
        "reference", "kind", "status", "due_on", "extended_until", "received_on"
    ).order_by("-received_on", "-pk")
    return render(
        request,
        "privacy/my_data.html",
        {"rights_requests": mine, "consents": consents_of(request.user)},
    )


@login_required
@require_POST
def download_my_data(request):
    data = services.export_user_data(user=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="mes-donnees-parlons.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def erase_my_account(request):
    if request.method == "POST":
        if request.POST.get("confirm") != "1":
            messages.error(
                request, _("Cochez la case de confirmation pour supprimer votre compte.")
            )
            return render(request, "privacy/erase.html", status=400)
        user = request.user
        # Asked again so an unattended open session cannot erase the account. Wrong guesses
        # count against the sign-in limit; accounts from the identity provider have no password.
        if user.has_usable_password():
            attempts = Limit.named("signin_account")
            if attempts.retry_after(user.email) is not None or not user.check_password(
                request.POST.get("password", "")
            ):
                attempts.hit(user.email)
                messages.error(
                    request,
                    _(
                        "Mot de passe incorrect : votre compte n'est pas supprimé. "
                        "Tapez le mot de passe que vous utilisez pour vous connecter."
                    ),
                )
                return render(request, "privacy/erase.html", status=400)
        services.erase_account(
            actor=user,
            user=user,
            keep_contributions=request.POST.get("delete_contributions") != "1",
        )
        logout(request)
        messages.success(request, _("Votre compte est supprimé. Merci d'avoir participé."))
        return redirect("home")
    return render(request, "privacy/erase.html")


def purges_in_words(entries) -> list[dict]:
    """Each purge with what it removed, named as the register names it, not by its key."""
    names = {}
    for item in declarations():
        model = apps.get_model(item.model)
        section = item.section or model._meta.verbose_name_plural
        field = item.label or model._meta.get_field(item.field).verbose_name
        names[item.key] = f"{capfirst(section)}\u00a0: {field}"
    return [
        {
            "created_at": entry.created_at,
            "removed": [
                (names.get(key, key), count)
                for key, count in (entry.data.get("report") or {}).items()
                if count
            ],
        }
        for entry in entries
    ]


@login_required
def audit_log(request):
    """The audit log in French sentences, filtered by person, kind of action and dates."""
    territory = current_territory()
    can_read_audit_log.require(request.user, territory)
    form = AuditFilterForm(request.GET or None)
    entries = form.filter(AuditEntry.objects.select_related("actor").order_by("-created_at", "-id"))
    if form.is_bound and not form.is_valid():
        # Refused filters show nothing rather than everything: the page says why.
        entries = entries.none()
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    purges = purges_in_words(
        AuditEntry.objects.filter(action="privacy.purge").order_by("-created_at")[:10]
    )
    kept = {key: value for key, value in request.GET.items() if key != "page" and value}
    return render(
        request,
        "privacy/audit_log.html",
        {
            "form": form,
            "page": page,
            "entries": audit_log_words.told(list(page.object_list)),
            "purges": purges,
            "query": urlencode(kept),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


SENT_KEY = "privacy_rights_request_sent"


@require_http_methods(["GET", "POST"])
def file_rights_request(request):
    """The public form: signed-in people answer from their account, others give a contact."""
    signed_in = request.user.is_authenticated
    form = RightsRequestForm(request.POST or None, signed_in=signed_in)
    per_address, address = Limit.named("rights_request_address"), client_address(request)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            per_address.check(address)
            per_address.hit(address)
            filed = rights.file_request(
                actor=request.user,
                kind=data["kind"],
                text=data["text"],
                user=request.user if signed_in else None,
                name=data.get("name", ""),
                email=data.get("email", ""),
                postal_address=data.get("postal_address", ""),
                channel=RequestChannel.ONLINE if signed_in else RequestChannel.WITHOUT_ACCOUNT,
            )
        except LimitExceeded as error:
            form.add_error(None, error)
            status = 429
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # Only this browser may see the confirmation: nobody reads another's request.
            request.session[SENT_KEY] = filed.pk
            return redirect("privacy:request_sent")
    return render(
        request,
        "privacy/request_form.html",
        {"form": form, "signed_in": signed_in},
        status=429 if status == 429 else 400 if form.is_bound and not form.is_valid() else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def file_at_the_counter(request):
    """A mediator files a request for a person at the counter, with the person's contact."""
    can_file_at_the_counter.require(request.user, current_territory())
    form = RightsRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            filed = rights.file_request(
                actor=request.user,
                kind=data["kind"],
                text=data["text"],
                name=data["name"],
                email=data["email"],
                postal_address=data["postal_address"],
                channel=RequestChannel.COUNTER,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session[SENT_KEY] = filed.pk
            return redirect("privacy:request_sent")
    return render(
        request,
        "privacy/request_form.html",
        {"form": form, "counter": True},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def rights_request_sent(request):
    pk = request.session.get(SENT_KEY)
    filed = RightsRequest.objects.filter(pk=pk).first() if pk else None
    if filed is None:
        return redirect("privacy:request")
    return render(request, "privacy/request_sent.html", {"filed": filed})


@login_required
def rights_requests(request):
    """The DPO's desk: every request with its deadline; late ones say by how many days."""
    can_handle_rights_requests.require(request.user, current_territory())
    form = RequestFilterForm(request.GET or None)
    today = timezone.localdate()
    requests = RightsRequest.objects.defer(
        "text", "postal_address", "identity_check", "actions_taken", "answer", "extension_reason"
    ).order_by(F("closed_at").desc(nulls_first=True), "received_on", "id")
    state = form.cleaned_data["state"] if form.is_valid() else ""
    if state == "closed":
        requests = requests.filter(status=RequestStatus.CLOSED)
    elif state in ("open", "overdue"):
        requests = requests.exclude(status=RequestStatus.CLOSED)
    rows = [(item, item.days_late(today)) for item in requests]
    if state == "overdue":
        rows = [(item, late) for item, late in rows if late and not item.is_closed]
    return render(
        request,
        "privacy/rights_requests.html",
        {"form": form, "rows": rows, "counts": rights.yearly_counts(today), "state": state},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


STEPS = {
    "identity": (IdentityCheckForm, "identity_check", rights.record_identity_check, "check"),
    "actions": (ActionsForm, "actions_taken", rights.record_actions, "actions"),
    "extend": (ExtensionForm, "extension_reason", rights.extend, "reason"),
    "close": (CloseForm, "answer", rights.close, "answer"),
}


@login_required
@require_http_methods(["GET", "POST"])
def rights_request_detail(request, request_id: int):
    can_handle_rights_requests.require(request.user, current_territory())
    item = get_object_or_404(
        RightsRequest.objects.select_related("user", "filed_by"), pk=request_id
    )
    forms = {
        "identity": IdentityCheckForm(
            initial={"identity_check": item.identity_check}, prefix="identity"
        ),
        "actions": ActionsForm(initial={"actions_taken": item.actions_taken}, prefix="actions"),
        "extend": ExtensionForm(prefix="extend"),
        "close": CloseForm(prefix="close"),
    }
    status = 200
    if request.method == "POST":
        step = request.POST.get("step", "")
        if step not in STEPS:
            return HttpResponseBadRequest(_("Action inconnue."))
        form_class, field_name, service, argument = STEPS[step]
        form = form_class(request.POST, prefix=step)
        forms[step] = form
        if form.is_valid():
            try:
                service(
                    actor=request.user, request=item, **{argument: form.cleaned_data[field_name]}
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("C'est enregistré."))
                return redirect("privacy:request_detail", request_id=item.pk)
        status = 400
    return render(
        request,
        "privacy/rights_request.html",
        {
            "item": item,
            "forms": forms,
            "days_late": item.days_late(),
            "contact": item.user.email if item.user else item.email,
        },
        status=status,
    )
