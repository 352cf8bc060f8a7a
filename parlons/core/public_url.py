"""The address people reach Parlons at, for every absolute link.

E-mails, calendar feeds, reset and opt-out links leave the site: they must
carry the public address (PARLONS_PUBLIC_URL, https behind a TLS proxy), never
the internal one gunicorn listens on.
"""

from django.conf import settings
from django.http import HttpRequest

# Outside a request and without PARLONS_PUBLIC_URL: the address `make run` serves.
LOCAL_URL = "http://127.0.0.1:8000"


def public_url(request: HttpRequest | None = None) -> str:
    """The public address without a trailing slash.

    The setting when there is one; otherwise the address this request came to
    (a calendar feed opened in a browser), or the local address.
    """
    if settings.PUBLIC_URL:
        return settings.PUBLIC_URL
    if request is not None:
        return f"{request.scheme}://{request.get_host()}"
    return LOCAL_URL


def absolute_url(path: str, request: HttpRequest | None = None) -> str:
    """An absolute link to a path of this site (`path` starts with a slash)."""
    return public_url(request) + path
