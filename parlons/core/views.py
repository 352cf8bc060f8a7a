"""Generic views: health check and the error pages, in the person's language."""

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import requires_csrf_token


def health(request):
    return JsonResponse({"status": "ok"})


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
