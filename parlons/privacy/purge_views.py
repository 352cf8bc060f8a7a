"""The DPO's page of purges: what each removed, by category, and what the next one would."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from parlons.core.models import AuditEntry
from parlons.core.queries import current_territory
from parlons.privacy.purge_preview import by_category, dry_run
from parlons.privacy.rules import can_read_audit_log


@login_required
def purges(request):
    can_read_audit_log.require(request.user, current_territory())
    entries = AuditEntry.objects.filter(action="privacy.purge").order_by("-created_at", "-id")
    past = [
        {"created_at": entry.created_at, "removed": by_category(entry.data.get("report") or {})}
        for entry in entries[:30]
    ]
    preview = by_category(dry_run()) if request.GET.get("apercu") == "1" else None
    return render(request, "privacy/purges.html", {"past": past, "preview": preview})
