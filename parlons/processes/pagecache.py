"""Public pages for anonymous visitors, kept in the cache and thrown away on every write.

On a launch day most visitors are anonymous and read the same few pages. A
page that an anonymous visitor gets (GET, 200, no message waiting, no CSRF
token on it) is kept in Django's cache per path, query string and language.
Every audited write (parlons.core.audit) bumps a generation number: the
démarche's own when the write belongs to a démarche, the whole site's
otherwise; keys carry both numbers, so the next visitor gets a fresh page.
Writes that are not audited (masking the texts again, loading the demo)
call `forget_pages()` themselves.

Signed-in people are never served from this cache: their pages show their
own reactions, forms and messages. What their pages share with everyone's
(a démarche with its phases and themes, its counts, its latest contributions)
is kept by `kept()` under the same generation numbers: computed once per write,
not once per request (docs/decisions/0014-signed-in-pages-read-once-per-write.md).
"""

import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from parlons.processes.models import Phase, Theme

SITE = "pages:generation:site"
# The home page shows every open démarche's next meetings and latest answers: a write in
# any démarche forgets it too.
HOME = "pages:generation:home"
HOME_PATH = "/"
# Pages under /demarches/<slug>/ depend on that démarche's generation too.
PREFIX = "/demarches/"
KEPT_HEADERS = ("Content-Type", "Content-Language", "Content-Disposition")


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def _process_key(slug: str) -> str:
    return f"pages:generation:process:{slug}"


def _slug_of(path: str) -> str | None:
    if not path.startswith(PREFIX):
        return None
    slug = path[len(PREFIX) :].split("/", 1)[0]
    return slug or None


def _bump(key: str) -> None:
    cache = _cache()
    # A number lost (evicted, culled) starts again from the clock, not from 1: it
    # never meets again a number under which pages or values are still kept.
    if cache.add(key, time.time_ns() // 1000, timeout=None):
        return
    try:
        cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, time.time_ns() // 1000, timeout=None)


def forget_pages(process_slug: str | None = None, *, structure: bool = True) -> None:
    """Throw away the cached pages of one démarche, or of the whole site, once saved.

    With a démarche, `structure=False` keeps what only its own rows (the
    démarche, its phases and themes) decide: `written` knows which writes
    leave them alone.
    """
    keys = [SITE]
    if process_slug:
        keys = [_process_key(process_slug)] + ([_structure_key(process_slug)] if structure else [])
    if process_slug:
        keys.append(HOME)
    for key in keys:
        transaction.on_commit(lambda key=key: _bump(key))


def _slug_of_target(target) -> str | None:
    """The slug of the démarche a written object belongs to, when it belongs to one."""
    for path in (("process",), ("meeting", "process"), ("contribution", "process")):
        value = target
        for name in path:
            value = getattr(value, name, None)
            if value is None:
                break
        if value is not None and getattr(value, "slug", None):
            return value.slug
    # Nothing, or a démarche itself (the lists and the home page show it): the whole site.
    return None


def _structure_key(slug: str) -> str:
    return f"pages:generation:structure:{slug}"


def written(sender, *, target=None, **kwargs) -> None:
    """Receiver of parlons.core.audit.recorded: every audited write forgets pages."""
    slug = _slug_of_target(target)
    # None: the whole site. A phase or a theme changes the démarche's own rows too.
    forget_pages(slug, structure=isinstance(target, (Phase, Theme)))


T = TypeVar("T")


def kept(process_slug: str, name: str, compute: Callable[[], T], *, structure: bool = False) -> T:
    """What `compute()` reads about one démarche, computed once per write of that démarche.

    For what every reader of the démarche's pages sees alike (counts, the
    démarche with its phases, the latest contributions), never for what
    depends on the person. Keyed by the site's and the démarche's generation
    numbers, which every audited write bumps once committed (`written`): a
    value computed before a write is never read after it, even when the write
    commits while the value is being computed (it was keyed with the older
    number). Inside a transaction nothing is kept: what it read may be rolled
    back. With PAGE_CACHE_SECONDS = 0 (the test suite's default) nothing is
    kept either.

    `structure=True` keys the value by the démarche's structure instead (its
    row, phases and themes, and the site's): a contribution or a reaction does
    not change it, the démarche, a phase or a theme does.
    """
    key = kept_key(process_slug, name, structure=structure)
    if key is None:
        return compute()
    cache = kept_cache()
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, settings.PAGE_CACHE_SECONDS)
    return value


def kept_key(process_slug: str, name: str, *, structure: bool = False) -> str | None:
    """The key `kept()` uses for `name` now; None when nothing may be kept (see `kept`)."""
    if settings.PAGE_CACHE_SECONDS <= 0 or connection.in_atomic_block:
        return None
    names = [SITE, (_structure_key if structure else _process_key)(process_slug)]
    generations = _cache().get_many(names)
    parts = ".".join(str(generations.get(key, 0)) for key in names)
    # Labels in the value (a count's noun) are in the reader's language.
    return f"data:{'s' if structure else 'p'}{parts}:{get_language()}:{process_slug}:{name}"


def kept_cache():
    """Where `kept()` keeps its values: each process's memory (settings.CACHES["kept"]).

    Only the generation numbers need sharing between processes; a value kept
    in one process's memory is read there until the numbers move.
    """
    return caches["kept"]


_MISSING = object()


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and "messages" not in request.COOKIES
        and not request.path.startswith(("/static/", "/media/", "/compte/", "/i18n/"))
    )


def _key(request: HttpRequest) -> str:
    cache = _cache()
    slug = _slug_of(request.path)
    names = [SITE] + ([_process_key(slug)] if slug else [])
    if request.path == HOME_PATH:
        names.append(HOME)
    generations = cache.get_many(names)
    parts = [str(generations.get(name, 0)) for name in names]
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    return f"pages:{language}:{'.'.join(parts)}:{request.get_full_path()}"


class AnonymousPageCacheMiddleware:
    """Innermost middleware: serves and keeps anonymous visitors' public pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _cacheable_request(request):
            return self.get_response(request)
        key = _key(request)
        kept = _cache().get(key)
        if kept is not None:
            status, headers, content = kept
            response = HttpResponse(content, status=status)
            for name, value in headers.items():
                response[name] = value
            response["X-Parlons-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not response.has_header("Cache-Control")
        ):
            headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            _cache().set(key, (200, headers, response.content), settings.PAGE_CACHE_SECONDS)
            response["X-Parlons-Cache"] = "miss"
        return response
