"""Pages of the library: the public catalogue, its map, an initiative; the team's pages."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from parlons.core.csv_import import ImportRejected
from parlons.core.forms import form_page, render_form
from parlons.core.queries import current_territory
from parlons.initiatives import services
from parlons.initiatives.forms import (
    CategoryForm,
    FilterForm,
    InitiativeForm,
    MappingForm,
    PlacesImportForm,
)
from parlons.initiatives.models import Category, Initiative, InventoryMapping, MediationPlace
from parlons.initiatives.places import places_csv
from parlons.initiatives.queries import (
    PAGE_SIZE,
    Filters,
    categories_of,
    filtered,
    managed_initiatives,
    map_points,
    published_initiatives,
    published_places,
)
from parlons.initiatives.rules import can_manage_initiatives, can_view_initiative
from parlons.processes import inventories


def _territory():
    territory = current_territory()
    if territory is None:
        raise Http404
    return territory


def _filters(request, territory) -> tuple[FilterForm, Filters]:
    form = FilterForm(request.GET or None, territory=territory)
    if request.GET and form.is_valid():
        data = form.cleaned_data
        return form, Filters(
            query=data["q"].strip(),
            category=data["categorie"],
            commune=data["commune"],
            status=data["etat"],
        )
    return form, Filters()


def _query_string(request, **changes) -> str:
    kept = {key: value for key, value in request.GET.items() if key != "page" and value}
    kept.update({key: value for key, value in changes.items() if value})
    return urlencode(kept)


def catalogue(request):
    territory = _territory()
    form, filters = _filters(request, territory)
    found = filtered(published_initiatives(territory), filters)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "initiatives/catalogue.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "filter_query": _query_string(request),
            "can_manage": can_manage_initiatives(request.user, territory),
        },
    )


def initiative_map(request):
    territory = _territory()
    form, filters = _filters(request, territory)
    found = list(filtered(published_initiatives(territory), filters))
    return render(
        request,
        "initiatives/map.html",
        {
            "form": form,
            "filters": filters,
            "points": map_points(found),
            "without_place": [item for item in found if not item.has_coordinates],
            "filter_query": _query_string(request),
        },
    )


def detail(request, initiative_id: int):
    territory = _territory()
    initiative = get_object_or_404(managed_initiatives(territory), pk=initiative_id)
    if not can_view_initiative(request.user, initiative):
        raise Http404
    place = MediationPlace.objects.filter(initiative=initiative).first()
    return render(
        request,
        "initiatives/detail.html",
        {
            "initiative": initiative,
            "points": map_points([initiative]),
            "can_manage": can_manage_initiatives(request.user, territory),
            "place": place,
            "place_services": place.columns.get("services", "").split("|") if place else [],
        },
    )


# The team's pages.


def _managed_territory(request):
    territory = _territory()
    can_manage_initiatives.require(request.user, territory)
    return territory


@login_required
def staff_list(request):
    territory = _managed_territory(request)
    form, filters = _filters(request, territory)
    found = filtered(managed_initiatives(territory), filters)
    drafts = request.GET.get("brouillons") == "1"
    if drafts:
        found = found.filter(published_at__isnull=True)
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "initiatives/staff_list.html",
        {"form": form, "page": page, "drafts": drafts, "filter_query": _query_string(request)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, initiative_id: int | None = None):
    territory = _managed_territory(request)
    initiative = (
        get_object_or_404(Initiative, pk=initiative_id, territory=territory)
        if initiative_id
        else None
    )

    def save(data):
        data = dict(data)
        categories = data.pop("categories")
        consent = data.pop("contact_consent")
        if initiative is None:
            return services.create_initiative(
                actor=request.user,
                territory=territory,
                categories=categories,
                contact_consent=consent,
                **data,
            )
        services.update_initiative(
            actor=request.user,
            initiative=initiative,
            categories=categories,
            contact_consent=consent,
            **data,
        )
        return initiative

    return form_page(
        request,
        InitiativeForm(
            request.POST or None,
            instance=initiative or Initiative(territory=territory),
            territory=territory,
        ),
        "initiatives/edit.html",
        {"initiative": initiative},
        save=save,
        success=_("Initiative enregistrée."),
        done=lambda saved: redirect("initiatives:edit", initiative_id=saved.pk),
        result_url=(lambda saved: f"/initiatives/equipe/{saved.pk}/")
        if initiative is None
        else None,
    )


@login_required
@require_POST
def publish(request, initiative_id: int):
    territory = _managed_territory(request)
    initiative = get_object_or_404(Initiative, pk=initiative_id, territory=territory)
    if request.POST.get("action") == "unpublish":
        services.unpublish_initiative(actor=request.user, initiative=initiative)
        messages_text = _("L'initiative n'est plus publiée : elle redevient un brouillon.")
    else:
        services.publish_initiative(actor=request.user, initiative=initiative)
        messages_text = _("Initiative publiée dans la bibliothèque.")
    from django.contrib import messages

    messages.success(request, messages_text)
    return redirect("initiatives:edit", initiative_id=initiative.pk)


@login_required
@require_http_methods(["GET", "POST"])
def category_list(request, category_id: int | None = None):
    territory = _managed_territory(request)
    category = (
        get_object_or_404(Category, pk=category_id, territory=territory) if category_id else None
    )

    def save(data):
        if category is None:
            return services.create_category(actor=request.user, territory=territory, **data)
        services.update_category(actor=request.user, category=category, **data)
        return category

    return form_page(
        request,
        CategoryForm(request.POST or None, instance=category or Category(territory=territory)),
        "initiatives/categories.html",
        {"categories": categories_of(territory), "category": category},
        save=save,
        success=_("Catégorie enregistrée."),
        done=lambda _saved: redirect("initiatives:categories"),
    )


@login_required
def inventory_list(request):
    territory = _managed_territory(request)
    return render(
        request,
        "initiatives/inventories.html",
        {
            "sources": inventories.sources_of(territory),
            "mappings": {m.source: m for m in InventoryMapping.objects.filter(territory=territory)},
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def inventory_mapping(request, source: str):
    territory = _managed_territory(request)
    found = inventories.source_named(territory, source)
    if found is None:
        raise Http404
    mapping = InventoryMapping.objects.filter(territory=territory, source=source).first()
    questions = inventories.questions_of(source)
    form = MappingForm(
        request.POST if request.method == "POST" else None,
        questions=questions,
        territory=territory,
        mapping=mapping,
    )
    if request.method == "POST" and request.POST.get("action") == "drafts":
        if mapping is None:
            raise PermissionDenied(_("Enregistrez d'abord la correspondance des questions."))
        created = services.drafts_from_inventory(actor=request.user, mapping=mapping)
        from django.contrib import messages

        messages.success(
            request,
            _("%(count)s brouillon(s) créé(s) à partir des réponses.") % {"count": created},
        )
        return redirect(f"{_staff_list_url()}?brouillons=1")
    return form_page(
        request,
        form,
        "initiatives/inventory_mapping.html",
        {"source": found, "mapping": mapping},
        save=lambda data: services.map_inventory(
            actor=request.user,
            territory=territory,
            source=found,
            fields=form.mapped_fields(),
            category=data.get("category"),
        ),
        success=_("Correspondance enregistrée."),
        done=lambda _saved: redirect("initiatives:inventory", source=source),
    )


def _staff_list_url() -> str:
    from django.urls import reverse

    return reverse("initiatives:staff_list")


# Places of digital mediation, in and out of the national standard ---------------------

PLACES_REPORT = "initiatives_places_report"


@login_required
@require_http_methods(["GET", "POST"])
def places_import(request):
    """The page of `parlons import_places`: the same service, choices and report."""
    territory = _managed_territory(request)
    form = PlacesImportForm(request.POST or None, request.FILES or None)
    rejected: list = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = services.import_places(
                actor=request.user,
                territory=territory,
                content=upload.read(),
                file_name=upload.name,
                valid_rows_only=form.cleaned_data["valid_rows_only"],
                draft=form.cleaned_data["draft"],
            )
        except ImportRejected as refused:
            rejected = refused.errors
        else:
            # POST, then GET: the report of left-out rows waits in the session for the next page.
            request.session[PLACES_REPORT] = {
                "file": upload.name,
                "created": report.created,
                "updated": report.updated,
                "draft": form.cleaned_data["draft"],
                "left_out": [
                    [error.line, error.column, str(error.reason)] for error in report.errors
                ],
            }
            return redirect("initiatives:places_import")
    done = request.session.pop(PLACES_REPORT, None) if request.method == "GET" else None
    return render_form(
        request,
        "initiatives/places_import.html",
        {
            "form": form,
            "rejected": rejected,
            "done": done,
            "left_out_lines": len({row[0] for row in done["left_out"]}) if done else 0,
            "place_count": published_places(territory).count(),
        },
        refused=bool(rejected),
    )


@login_required
def places_export(request):
    """The file of `parlons export_places`: the published places, in the national standard."""
    territory = _managed_territory(request)
    response = StreamingHttpResponse(
        places_csv(published_places(territory).iterator(chunk_size=500)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="lieux-mediation-numerique.csv"'
    return response
