"""The processing register as files to download: PDF, ODS and CSV, public like its page."""

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from parlons.core.queries import current_territory
from parlons.privacy import register_export


def attachment(content, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _attachment(content, content_type: str, extension: str) -> HttpResponse:
    return attachment(content, content_type, f"registre-traitements.{extension}")


def register_csv(request):
    return _attachment(register_export.register_csv(), "text/csv; charset=utf-8", "csv")


def register_ods(request):
    return _attachment(
        register_export.register_ods(), "application/vnd.oasis.opendocument.spreadsheet", "ods"
    )


def _no_fetch(url, *args, **kwargs):
    """The PDF loads nothing: its style sheet is given to WeasyPrint directly."""
    raise ValueError(f"not fetched: {url}")


def render_pdf(request, template: str, context: dict, stylesheet: str) -> bytes:
    """A page rendered as PDF by WeasyPrint, with its static style sheet and nothing fetched."""
    from django.conf import settings
    from weasyprint import CSS, HTML

    context = {
        "territory": current_territory(),
        "platform": settings.PLATFORM_NAME,
        "today": timezone.localdate(),
        **context,
    }
    html = render_to_string(template, context, request=request)
    style = CSS(filename=finders.find(stylesheet))
    return HTML(string=html, url_fetcher=_no_fetch).write_pdf(stylesheets=[style])


def register_pdf(request):
    document = render_pdf(
        request,
        "privacy/register_pdf.html",
        {
            "rows": register_export.register_rows(),
            "header": register_export.header(),
            "processors": register_export.processors(),
            "processor_header": register_export.processor_header(),
            "facts": register_export.general_facts(),
        },
        "privacy/register-pdf.css",
    )
    return _attachment(document, "application/pdf", "pdf")
