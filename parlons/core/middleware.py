"""Security headers (a strict Content-Security-Policy keeps every page on this host), and
control characters refused at the edge."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render

from parlons.core.validators import first_control_character

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
    "base-uri 'self'; object-src 'none'"
)


def content_security_policy() -> str:
    """The policy; with the territory's own tile server (PARLONS_MAP_TILES_URL), its images."""
    origin = settings.MAP_TILES_ORIGIN
    if not origin:
        return CSP
    return CSP.replace("img-src 'self' data:", f"img-src 'self' data: {origin}")


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", content_security_policy())
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Permissions-Policy", "geolocation=(), camera=(), microphone=()"
        )
        return response


JSON_PREFIXES = ("/api/",)
CONTROL_CHARACTER_ERROR = {
    "erreur": {
        "code": "control_character",
        "message": "La requête contient un caractère invisible (caractère de contrôle) : retirez-le.",
        "message_en": "The request holds an invisible (control) character: remove it.",
    }
}


class ControlCharactersMiddleware:
    """Refuses (400, in French) a request whose address, query or form holds a control character.

    One place for every form, Django's own (sign-in, password reset) included,
    and for every query parameter (filters, pages, `next`): nothing a person
    types holds one (tab and line breaks aside), SQLite would store it and
    PostgreSQL answers an error (500) on a NUL. Refused rather than stripped:
    what is saved is what was sent, and the page says what to fix.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _holds_control_character(request):
            if request.path.startswith(JSON_PREFIXES):
                # Programs reading the public API get its documented JSON error body.
                return JsonResponse(CONTROL_CHARACTER_ERROR, status=400)
            return render(request, "core/control_characters.html", status=400)
        return self.get_response(request)


def _holds_control_character(request) -> bool:
    texts = [request.path]
    forms = [request.GET, request.POST] if request.method == "POST" else [request.GET]
    for data in forms:
        for key, values in data.lists():
            texts.append(key)
            texts.extend(values)
    if request.method == "POST":
        texts.extend(upload.name or "" for upload in request.FILES.values())
    return any(first_control_character(text) is not None for text in texts)
