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
own reactions, forms and messages.
"""

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse

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
    if cache.add(key, 1, timeout=None):
        return
    try:
        cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=None)


def forget_pages(process_slug: str | None = None) -> None:
    """Throw away the cached pages of one démarche, or of the whole site, once saved."""
    key = _process_key(process_slug) if process_slug else SITE
    transaction.on_commit(lambda: _bump(key))
    if process_slug:
        transaction.on_commit(lambda: _bump(HOME))


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


def written(sender, *, target=None, **kwargs) -> None:
    """Receiver of parlons.core.audit.recorded: every audited write forgets pages."""
    slug = _slug_of_target(target)
    forget_pages(slug)  # None: the whole site


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
