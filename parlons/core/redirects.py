"""Where a page may send a person back to: never to another site."""

from django.utils.http import url_has_allowed_host_and_scheme


def is_safe_target(request, target: str) -> bool:
    """A path or a URL on this very site (https only when the request is)."""
    return bool(target) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def safe_next(request, fallback: str, *, field: str = "next") -> str:
    """The `next` of the request (POST first, then the query string) when it stays here, else `fallback`.

    Every view that sends a person to a URL taken from the request goes through
    here: "https://evil.example", "//evil.example" and "/\\evil.example" (which
    browsers read as //evil.example) all fall back.
    """
    target = request.POST.get(field) or request.GET.get(field) or ""
    return target if is_safe_target(request, target) else fallback
