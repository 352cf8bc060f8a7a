"""The open-data pages and files: /donnees/ and its data packages, files and catalogue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from parlons.core.datasets import all_datasets, dataset_named
from parlons.core.forms import form_page
from parlons.core.queries import current_territory
from parlons.opendata import catalog, exports, services
from parlons.opendata.forms import OpenDataSettingsForm
from parlons.opendata.models import LICENCE_URLS, OpenDataSettings
from parlons.opendata.package import (
    attachments_of,
    available,
    datapackage,
    licence_label,
    licence_of,
)
from parlons.opendata.rules import can_manage_open_data
from parlons.processes.models import Process
from parlons.processes.queries import public_processes

# Browsers and harvesters may keep an answer a minute; the ETag tells them when it changed.
CACHE_CONTROL = "public, max-age=60"
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def _public_process(slug: str) -> Process:
    process = public_processes().filter(slug=slug).first()
    if process is None:
        raise Http404(slug)
    return process


def _page_context(process: Process | None) -> dict:
    territory = current_territory()
    licence = licence_of(territory)
    attached = attachments_of(process) if process is not None else []
    datasets = [
        {
            "dataset": dataset,
            "rows": csv_entry["rows"],
            "csv_bytes": csv_entry["bytes"],
            "modified": csv_entry["modified"],
            "attachments": [found for owner, found, _entry in attached if owner is dataset],
        }
        for dataset, csv_entry, _json_entry in available(process)
    ]
    return {
        "territory": territory,
        "process": process,
        "datasets": datasets,
        "declared": all_datasets(),
        "licence": licence,
        "licence_label": licence_label(licence),
        "licence_url": LICENCE_URLS[licence],
        "processes": list(public_processes().order_by("-created_at", "-pk")) if not process else [],
    }


def _page(request, process: Process | None):
    response = render(request, "opendata/index.html", _page_context(process))
    # The page follows the files, rebuilt without an audited write: a minute at most,
    # rather than the page cache's generations (which only audited writes renew).
    response["Cache-Control"] = CACHE_CONTROL
    return response


@require_safe
def index(request):
    return _page(request, None)


@require_safe
def process_index(request, slug):
    return _page(request, _public_process(slug))


def _json(data, request) -> HttpResponse:
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Cache-Control"] = CACHE_CONTROL
    return response


@require_safe
def territory_package(request):
    return _json(datapackage(current_territory()), request)


@require_safe
def process_package(request, slug):
    return _json(datapackage(current_territory(), _public_process(slug)), request)


def _content_type(name: str, extension: str) -> str:
    """The file's media type: a table's CSV or JSON, or one of the dataset's attachments."""
    dataset = dataset_named(name)
    if dataset is None:
        raise Http404(name)
    if extension in CONTENT_TYPES:
        return CONTENT_TYPES[extension]
    for attachment in dataset.attachments:
        if attachment.extension == extension:
            return f"{attachment.media_type}; charset=utf-8"
    raise Http404(name)


def _serve(request, key: str, content_type: str, download_name: str):
    """A published file, streamed, with its ETag and Last-Modified (304 when unchanged)."""
    published = exports.published_file(key)
    if published is None:
        raise Http404(key)
    last_modified = http_date(published.modified.timestamp())
    if _not_modified(request, published.etag, published.modified.timestamp()):
        response = HttpResponse(status=304)
    else:
        response = FileResponse(published.path.open("rb"), content_type=content_type)
        response["Content-Length"] = str(published.bytes)
        response["Content-Disposition"] = f'inline; filename="{download_name}"'
    response["ETag"] = published.etag
    response["Last-Modified"] = last_modified
    response["Cache-Control"] = CACHE_CONTROL
    return response


def _not_modified(request, etag: str, modified: float) -> bool:
    """RFC 9110: If-None-Match wins over If-Modified-Since."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
        return "*" in tags or etag in tags
    since = request.headers.get("If-Modified-Since")
    if since:
        parsed = parse_http_date_safe(since)
        return parsed is not None and int(modified) <= parsed
    return False


@require_safe
def territory_file(request, name, extension):
    content_type = _content_type(name, extension)
    key = exports.file_key(name, extension)
    return _serve(request, key, content_type, f"{name}.{extension}")


@require_safe
def process_file(request, slug, name, extension):
    content_type = _content_type(name, extension)
    process = _public_process(slug)
    key = exports.file_key(name, extension, process.slug)
    return _serve(request, key, content_type, f"{process.slug}-{name}.{extension}")


@require_safe
def catalog_jsonld(request):
    graph = catalog.catalog_graph(current_territory())
    response = HttpResponse(
        graph.serialize(format="json-ld", context=catalog.CONTEXT, indent=2),
        content_type="application/ld+json",
    )
    response["Cache-Control"] = CACHE_CONTROL
    return response


@require_safe
def catalog_turtle(request):
    graph = catalog.catalog_graph(current_territory())
    response = HttpResponse(graph.serialize(format="turtle"), content_type="text/turtle")
    response["Cache-Control"] = CACHE_CONTROL
    return response


@login_required
@require_http_methods(["GET", "POST"])
def staff(request):
    territory = current_territory()
    can_manage_open_data.require(request.user, territory)
    if request.method == "POST" and request.POST.get("action") == "rebuild":
        services.request_rebuild(actor=request.user, territory=territory)
        messages.success(
            request,
            _("Reconstruction demandée : les fichiers seront à jour dans quelques minutes."),
        )
        return redirect("opendata:staff")
    instance = OpenDataSettings.objects.filter(territory=territory).first() or OpenDataSettings(
        territory=territory
    )
    runs = exports.last_runs()
    return form_page(
        request,
        OpenDataSettingsForm(request.POST or None, instance=instance),
        "opendata/staff.html",
        {
            "runs": runs,
            "last": runs[0] if runs else None,
            "pending": exports.pending_changes(),
            "manifest_files": len(exports.manifest()["files"]),
        },
        save=lambda data: services.update_open_data_settings(
            actor=request.user, territory=territory, **data
        ),
        success=_("Réglages des données ouvertes enregistrés."),
        done=lambda _chosen: redirect("opendata:staff"),
    )
