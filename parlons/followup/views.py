from datetime import date, datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from parlons.core.forms import form_page
from parlons.core.markdown import render_markdown
from parlons.core.pagination import paginate
from parlons.core.queries import current_territory
from parlons.followup import services
from parlons.followup.forms import ResultForm, SynchroniseForm, UpdateForm
from parlons.followup.models import Status, TrackedResult
from parlons.followup.queries import (
    public_updates,
    result_for,
    results_of,
    status_counts,
    territory_results,
    with_followup_counts,
)
from parlons.followup.rules import can_manage_followup, can_manage_followup_in
from parlons.processes.queries import process_for, processes_managed_by

STATUS_PARAMETER = "etat"


def _status_filter(request) -> str:
    """The status asked for in the address; anything unknown shows every result."""
    wanted = request.GET.get(STATUS_PARAMETER, "")
    return wanted if wanted in Status.values else ""


def _noon(day: date | None) -> datetime | None:
    """A day typed on a form, as a moment: noon there, so no time zone moves it to another day."""
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


# Public pages ----------------------------------------------------------------------------


@require_GET
def result_list(request, slug):
    process = process_for(request.user, slug)
    status = _status_filter(request)
    return render(
        request,
        "followup/list.html",
        {
            "process": process,
            **paginate(request, results_of(process, status)),
            "counts": status_counts(process),
            "statuses": Status.choices,
            "status": status,
            "status_label": Status(status).label if status else "",
            "can_manage": can_manage_followup(request.user, process),
        },
    )


@require_GET
def result_detail(request, slug, result_id):
    result = result_for(request.user, slug, result_id)
    updates = public_updates(result)
    for update in updates:
        update.html = render_markdown(update.public_text) if update.public_text else ""
    return render(
        request,
        "followup/detail.html",
        {
            "process": result.process,
            "result": result,
            "summary_html": render_markdown(result.summary) if result.summary else "",
            "updates": updates,
            "can_manage": can_manage_followup(request.user, result.process),
        },
    )


@require_GET
def territory_list(request):
    territory = current_territory()
    status = _status_filter(request)
    return render(
        request,
        "followup/territory.html",
        {
            "territory": territory,
            **paginate(request, territory_results(territory, status)),
            "statuses": Status.choices,
            "status": status,
        },
    )


# Staff pages -----------------------------------------------------------------------------


def _managed_process(request, slug):
    process = process_for(request.user, slug)
    can_manage_followup.require(request.user, process)
    return process


def _managed_result(request, slug, result_id) -> TrackedResult:
    result = result_for(request.user, slug, result_id)
    can_manage_followup.require(request.user, result.process)
    return result


@login_required
@require_GET
def staff_overview(request):
    territory = current_territory()
    can_manage_followup_in.require(request.user, territory)
    processes = processes_managed_by(request.user, territory).order_by("title")
    return render(
        request, "followup/staff_overview.html", {"processes": with_followup_counts(processes)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_results(request, slug):
    """The démarche's tracked results for its team, and the button that synchronises them."""
    process = _managed_process(request, slug)
    form = SynchroniseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        created = services.synchronise(actor=request.user, process=process)
        if created:
            messages.success(
                request,
                ngettext(
                    "%(count)s décision ajoutée au suivi.",
                    "%(count)s décisions ajoutées au suivi.",
                    len(created),
                )
                % {"count": len(created)},
            )
        else:
            messages.info(request, _("Le suivi était déjà à jour : aucune décision à ajouter."))
        return redirect(request.path)
    return render(
        request,
        "followup/staff_results.html",
        {"process": process, "results": results_of(process), "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def create_result(request, slug):
    process = _managed_process(request, slug)
    return form_page(
        request,
        ResultForm(request.POST or None, instance=TrackedResult(process=process)),
        "followup/result_form.html",
        {"process": process, "result": None},
        save=lambda data: services.create_result(
            actor=request.user, process=process, decided_at=_noon(data.pop("decided_on")), **data
        ),
        success=_("Décision ajoutée au suivi. Elle apparaît sur la page du suivi."),
        done=lambda result: redirect(result.get_absolute_url()),
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_result(request, slug, result_id):
    result = _managed_result(request, slug, result_id)
    return form_page(
        request,
        ResultForm(request.POST or None, instance=result),
        "followup/result_form.html",
        {"process": result.process, "result": result},
        save=lambda data: services.update_result(actor=request.user, result=result, **data),
        success=_("Modifications enregistrées."),
        done=lambda saved: redirect(saved.get_absolute_url()),
    )


@login_required
@require_http_methods(["GET", "POST"])
def post_update(request, slug, result_id):
    result = _managed_result(request, slug, result_id)
    return form_page(
        request,
        UpdateForm(request.POST or None, request.FILES or None, result=result),
        "followup/update_form.html",
        {"process": result.process, "result": result},
        save=lambda data: services.post_update(actor=request.user, result=result, **data),
        success=_("Actualité publiée sur la page du suivi."),
        done=lambda update: redirect(update.get_absolute_url()),
    )
