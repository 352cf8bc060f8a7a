import json
from collections import defaultdict
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from parlons.core.charter import declarations
from parlons.core.limits import Limit
from parlons.core.models import AuditEntry
from parlons.core.queries import current_territory
from parlons.privacy import audit_log as audit_log_words
from parlons.privacy import services
from parlons.privacy.forms import AuditFilterForm
from parlons.privacy.rules import can_read_audit_log


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
    return render(
        request,
        "privacy/register.html",
        {
            "sections": sections,
            "territory": current_territory(),
            # The setting that `parlons backup` applies to the archives it keeps.
            "backup_retention_days": settings.BACKUP_RETENTION_DAYS,
        },
    )


@login_required
def my_data(request):
    return render(request, "privacy/my_data.html")


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
                        "Mot de passe incorrect : votre compte n'est pas supprimé. "
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
