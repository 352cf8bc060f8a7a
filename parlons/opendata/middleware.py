"""Read access from any site to the public API and the open-data files (CORS)."""

from django.http import HttpRequest, HttpResponse

OPEN_PREFIXES = ("/api/", "/donnees/")
CLOSED_PREFIXES = ("/donnees/equipe/",)
READ_METHODS = ("GET", "HEAD", "OPTIONS")


def _open(request: HttpRequest) -> bool:
    return request.path.startswith(OPEN_PREFIXES) and not request.path.startswith(CLOSED_PREFIXES)


class OpenReadAccessMiddleware:
    """`Access-Control-Allow-Origin: *` on reads of /api/ and /donnees/: no cookie is sent
    with such requests, so another site's page reads only what anyone may read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _open(request) or request.method not in READ_METHODS:
            return self.get_response(request)
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
            response["Access-Control-Max-Age"] = "86400"
        else:
            response = self.get_response(request)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Retry-After"
        return response
