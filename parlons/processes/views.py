from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from parlons.core.forms import form_page
from parlons.core.markdown import render_markdown
from parlons.core.queries import current_territory
from parlons.processes import services
from parlons.processes.components import actions_of
from parlons.processes.forms import PhaseForm, ProcessForm, TerritoryForm, ThemeForm
from parlons.processes.models import Phase, Process, Theme
from parlons.processes.pagecache import kept
from parlons.processes.queries import (
    process_for,
    processes_managed_by,
    public_processes,
    published_processes,
)
from parlons.processes.rules import can_create_process, can_edit_territory, can_manage_process
from parlons.processes.sections import collect_figures, collect_home_sections, collect_sections


def home(request):
    """The territory, its open démarches, then what other apps add (next meetings, answers)."""
    territory = current_territory()
    if territory is None:
        return render(request, "processes/home.html", {"territory": None, "processes": []})
    processes = published_processes().filter(territory=territory).order_by("-created_at")[:6]
    return render(
        request,
        "processes/home.html",
        {
            "territory": territory,
            "processes": processes,
            "sections": collect_home_sections(request, territory),
            "now": timezone.now(),
        },
    )


def process_list(request):
    page = Paginator(public_processes().order_by("status", "-created_at"), 20).get_page(
        request.GET.get("page")
    )
    return render(request, "processes/list.html", {"page": page, "now": timezone.now()})


def _timeline(process: Process, now) -> list[dict]:
    """Each phase with where it stands: past, current or to come."""
    steps = []
    for phase in process.phases.all():
        if phase.ends_at <= now:
            state = "past"
        elif phase.starts_at <= now:
            state = "current"
        else:
            state = "future"
        steps.append({"phase": phase, "state": state})
    return steps


def _calls_to_action(request, process: Process, phase: Phase | None) -> list[dict]:
    """What one can do now, as the running phase opens it; through sign-in when it needs one."""
    if phase is None or process.status == Process.Status.ARCHIVED:
        return []
    calls = []
    for component in actions_of(phase.components):
        url = reverse(component.action_url, kwargs={"slug": process.slug})
        if component.action_needs_account and not request.user.is_authenticated:
            url = f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': url})}"
        calls.append({"label": component.action, "url": url})
    return calls


def process_detail(request, slug):
    process = process_for(request.user, slug)
    now = timezone.now()
    timeline = _timeline(process, now)
    current_phase = next((s["phase"] for s in timeline if s["state"] == "current"), None)
    next_phase = next((s["phase"] for s in timeline if s["state"] == "future"), None)
    return render(
        request,
        "processes/detail.html",
        {
            "process": process,
            "description_html": kept(
                process.slug,
                "description",
                lambda: render_markdown(process.description),
                structure=True,
            ),
            "current_phase": current_phase,
            "next_phase": next_phase,
            "timeline": timeline,
            "figures": collect_figures(process),
            "calls_to_action": _calls_to_action(request, process, current_phase),
            "now": now,
            "sections": collect_sections(request, process),
            "can_manage": can_manage_process(request.user, process),
        },
    )


@login_required
def staff_processes(request):
    territory = current_territory()
    can_create_process.require(request.user, territory)
    processes = processes_managed_by(request.user, territory)
    return render(request, "processes/staff_list.html", {"processes": processes})


@login_required
@require_http_methods(["GET", "POST"])
def create_process(request):
    territory = current_territory()
    can_create_process.require(request.user, territory)
    return form_page(
        request,
        ProcessForm(request.POST or None, request.FILES or None),
        "processes/process_form.html",
        {"process": None},
        save=lambda data: services.create_process(actor=request.user, territory=territory, **data),
        success=_("Démarche créée en brouillon. Ajoutez ses phases puis publiez-la."),
        done=lambda process: redirect("processes:manage", slug=process.slug),
    )


def _managed(request, slug) -> Process:
    process = process_for(request.user, slug)
    can_manage_process.require(request.user, process)
    return process


@login_required
@require_http_methods(["GET", "POST"])
def manage_process(request, slug):
    process = _managed(request, slug)
    return form_page(
        request,
        ProcessForm(request.POST or None, request.FILES or None, instance=process),
        "processes/manage.html",
        {"process": process, "theme_form": ThemeForm(), "statuses": Process.Status.choices},
        save=lambda data: services.update_process(actor=request.user, process=process, **data),
        success=_("Modifications enregistrées."),
        done=lambda _process: redirect("processes:manage", slug=process.slug),
    )


@login_required
@require_POST
def change_status(request, slug):
    process = _managed(request, slug)
    status = request.POST.get("status", "")
    if status not in Process.Status.values:
        messages.error(request, _("État inconnu."))
    else:
        try:
            services.set_process_status(actor=request.user, process=process, status=status)
            messages.success(
                request,
                _("État de la démarche : %(status)s.") % {"status": process.get_status_display()},
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("processes:manage", slug=process.slug)


@login_required
@require_http_methods(["GET", "POST"])
def edit_phase(request, slug, phase_id=None):
    process = _managed(request, slug)
    phase = get_object_or_404(Phase, pk=phase_id, process=process) if phase_id else None

    def save(data):
        if phase is None:
            return services.add_phase(actor=request.user, process=process, **data)
        return services.update_phase(actor=request.user, phase=phase, **data)

    return form_page(
        request,
        # The model's rules (dates, no overlap) need the démarche even for a new phase.
        PhaseForm(request.POST or None, instance=phase or Phase(process=process)),
        "processes/phase_form.html",
        {"process": process, "phase": phase},
        save=save,
        success=_("Phase enregistrée."),
        done=lambda _phase: redirect("processes:manage", slug=process.slug),
    )


def _confirm_deletion(request, process, thing, effects, delete, success):
    """Deletes at once what nothing uses; otherwise says what will happen and asks first.

    The "Supprimer" button posts here; when something uses the thing, the
    answer is the confirmation page, whose button posts again with `confirm`.
    """
    if not effects or request.POST.get("confirm"):
        delete(confirmed=True)
        messages.success(request, success)
        return redirect("processes:manage", slug=process.slug)
    return render(
        request,
        "processes/confirm_delete.html",
        {"process": process, "thing": thing, "effects": effects},
    )


@login_required
@require_POST
def delete_phase(request, slug, phase_id):
    process = _managed(request, slug)
    phase = get_object_or_404(Phase, pk=phase_id, process=process)
    return _confirm_deletion(
        request,
        process,
        _("la phase « %(title)s »") % {"title": phase.title},
        services.phase_deletion_effects(phase),
        lambda confirmed: services.delete_phase(
            actor=request.user, phase=phase, confirmed=confirmed
        ),
        _("Phase supprimée."),
    )


@login_required
@require_POST
def add_theme(request, slug):
    process = _managed(request, slug)
    form = ThemeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Donnez un nom au thème (100 caractères au plus)."))
        return redirect("processes:manage", slug=process.slug)
    try:
        services.add_theme(actor=request.user, process=process, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thème ajouté."))
    return redirect("processes:manage", slug=process.slug)


@login_required
@require_http_methods(["GET", "POST"])
def edit_theme(request, slug, theme_id):
    process = _managed(request, slug)
    theme = get_object_or_404(Theme, pk=theme_id, process=process)
    return form_page(
        request,
        ThemeForm(
            request.POST or None, initial={"name": theme.name, "description": theme.description}
        ),
        "processes/theme_form.html",
        {"process": process, "theme": theme},
        save=lambda data: services.rename_theme(actor=request.user, theme=theme, **data),
        success=_("Thème enregistré."),
        done=lambda _theme: redirect("processes:manage", slug=process.slug),
    )


@login_required
@require_POST
def delete_theme(request, slug, theme_id):
    process = _managed(request, slug)
    theme = get_object_or_404(Theme, pk=theme_id, process=process)
    return _confirm_deletion(
        request,
        process,
        _("le thème « %(name)s »") % {"name": theme.name},
        services.theme_deletion_effects(theme),
        lambda confirmed: services.delete_theme(
            actor=request.user, theme=theme, confirmed=confirmed
        ),
        _("Thème supprimé."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def territory_settings(request):
    territory = current_territory()
    can_edit_territory.require(request.user, territory)
    return form_page(
        request,
        TerritoryForm(request.POST or None, request.FILES or None, instance=territory),
        "processes/territory_form.html",
        {},
        save=lambda data: services.update_territory(
            actor=request.user, territory=territory, **data
        ),
        success=_("Réglages du territoire enregistrés."),
        done=lambda _territory: redirect("processes:territory"),
    )
