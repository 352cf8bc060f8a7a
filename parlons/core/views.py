"""Generic views: health check, the territory's look (stylesheet, icons), and the error pages,
in the person's language."""

from pathlib import Path

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET

from parlons.core.queries import current_territory

ICONS = Path(__file__).resolve().parent / "static" / "core" / "icons"
# A versioned address (?v=...) changes whenever the colours change: browsers may keep it.
A_YEAR = "public, max-age=31536000, immutable"
A_DAY = "public, max-age=86400"


def health(request):
    return JsonResponse({"status": "ok"})


@require_GET
def territory_css(request):
    """The territory's colours as CSS custom properties: a file, so that the strict
    Content-Security-Policy (style-src 'self', no inline style) holds."""
    territory = current_territory()
    text = territory.stylesheet() if territory is not None else ":root {}\n"
    response = HttpResponse(text, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = A_YEAR if request.GET.get("v") else "no-cache"
    return response


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: the icon shipped with Parlons."""
    response = HttpResponse((ICONS / "favicon.ico").read_bytes(), content_type="image/x-icon")
    response["Cache-Control"] = A_DAY
    return response


@require_GET
def web_manifest(request):
    """What a phone shows when a person adds the site to its home screen."""
    territory = current_territory()
    name = territory.name if territory is not None else settings.PLATFORM_NAME
    colour = (territory.header_colour or territory.primary_colour) if territory else ""
    manifest = {
        "name": name,
        "short_name": settings.PLATFORM_NAME,
        "lang": "fr",
        "start_url": "/",
        "display": "browser",
        "background_color": "#ffffff",
        "theme_color": colour or "#0b4f8a",
        "icons": [
            {
                "src": static(f"core/icons/icon-{size}.png"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
            }
            for size in (192, 512)
        ],
    }
    response = JsonResponse(manifest, content_type="application/manifest+json")
    response["Cache-Control"] = A_DAY
    return response


@requires_csrf_token
def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


@requires_csrf_token
def permission_denied(request, exception=None):
    message = str(exception) if exception and str(exception) else ""
    return render(request, "403.html", {"exception_message": message}, status=403)


@requires_csrf_token
def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    return render(request, "500.html", status=500)
