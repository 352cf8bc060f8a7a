"""Limits on guessing and flooding: so many attempts per account or per address, per window.

A limit is named in `settings.PARLONS_LIMITS` ("signin_account": (5, 900) means
five in fifteen minutes). Its counters live in Django's cache framework, so
every web process counts the same as soon as the cache is shared
(`PARLONS_CACHE_URL`, docs/deployment.md). Windows are fixed (they start at a
multiple of their length): simple to explain and to test; at worst a person
gets twice the limit across a window's edge, which is still far from a flood.

Cache keys never hold the raw value: an e-mail or an IP address is replaced
by a keyed hash (HMAC-SHA-256 with the secret key), so a dump of the cache
tells nothing about who tried what.

    limit = Limit.named("signin_account")
    limit.check(email)       # raises LimitExceeded, counts nothing
    limit.hit(email)         # counts one attempt
    limit.reset(email)       # forgets this value's attempts (a sign-in succeeded)
"""

import hashlib
import hmac
import ipaddress
import math
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

__all__ = ["Limit", "LimitExceeded", "client_address", "lifted", "wait_in_words"]

CACHE_ALIAS = "default"
_lifted: ContextVar[bool] = ContextVar("parlons_limits_lifted", default=False)


@contextmanager
def lifted() -> Iterator[None]:
    """No limit applies inside: for the demo, which writes weeks of a story in one second.

    Never used by a page or a command that acts for a person.
    """
    token = _lifted.set(True)
    try:
        yield
    finally:
        _lifted.reset(token)


def wait_in_words(seconds: int) -> str:
    """'12 minutes', '1 heure'... rounded up: a person told to wait is never early."""
    minutes = max(1, math.ceil(seconds / 60))
    if minutes < 60:
        return ngettext("%(count)s minute", "%(count)s minutes", minutes) % {"count": minutes}
    hours = math.ceil(minutes / 60)
    return ngettext("%(count)s heure", "%(count)s heures", hours) % {"count": hours}


class LimitExceeded(ValidationError):
    """Too many attempts: says in plain French how long to wait.

    A ValidationError, so a form page shows it above the form and keeps what
    was typed; views answer it with 429 and a Retry-After header.
    """

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message, code="rate_limited")
        self.retry_after = retry_after


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    window: int  # seconds

    @classmethod
    def named(cls, name: str) -> "Limit":
        count, window = settings.PARLONS_LIMITS[name]
        return cls(name, int(count), int(window))

    def _key(self, value, now: float) -> tuple[str, int]:
        digest = hmac.new(
            settings.SECRET_KEY.encode(), f"{self.name}:{value}".encode(), hashlib.sha256
        ).hexdigest()[:40]
        start = int(now // self.window) * self.window
        return f"parlons:limit:{self.name}:{start}:{digest}", start + self.window

    def attempts(self, value) -> int:
        key, _end = self._key(value, time.time())
        return int(caches[CACHE_ALIAS].get(key, 0))

    def retry_after(self, value) -> int | None:
        """Seconds to wait before the next attempt is allowed, or None when it is allowed."""
        if _lifted.get():
            return None
        now = time.time()
        key, end = self._key(value, now)
        if int(caches[CACHE_ALIAS].get(key, 0)) < self.count:
            return None
        return max(1, math.ceil(end - now))

    def check(self, value, message: str | None = None) -> None:
        """Refuse (LimitExceeded) when this value has used up its attempts; counts nothing."""
        wait = self.retry_after(value)
        if wait is not None:
            text = message or _(
                "Vous avez fait beaucoup d'envois en peu de temps. "
                "Pour protéger la plateforme, attendez %(wait)s avant de réessayer."
            )
            raise LimitExceeded(text % {"wait": wait_in_words(wait)}, retry_after=wait)

    def hit(self, value) -> int:
        """Count one attempt; returns how many this window holds now."""
        key, end = self._key(value, time.time())
        cache = caches[CACHE_ALIAS]
        # add() then incr(): the first attempt of a window creates the counter with
        # its expiry; the cache's own increment keeps concurrent processes in step.
        timeout = max(1, math.ceil(end - time.time())) + 1
        if cache.add(key, 1, timeout):
            return 1
        try:
            count = int(cache.incr(key))
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, timeout)
            return 1
        # The database cache's incr() is a get and a set that forgets the expiry: set it again.
        cache.touch(key, timeout)
        return count

    def reset(self, value) -> None:
        key, _end = self._key(value, time.time())
        caches[CACHE_ALIAS].delete(key)


def _posting_counters(kind: str, actor, address: str | None) -> list[tuple[Limit, str]]:
    counters = [(Limit.named(f"{kind}_account"), f"user:{actor.pk}")]
    if address and f"{kind}_address" in settings.PARLONS_LIMITS:
        counters.append((Limit.named(f"{kind}_address"), address))
    return counters


def posting_allowed(kind: str, actor, address: str | None) -> bool:
    """Whether `check_posting` would let this post through now; refuses and counts nothing.

    For work done before the post's transaction (masking, spam score): a person
    over their limit is refused by `check_posting` before that work is needed.
    """
    return all(
        limit.retry_after(value) is None for limit, value in _posting_counters(kind, actor, address)
    )


T = TypeVar("T")


@dataclass
class PreparedPost(Generic[T]):
    """A post (a contribution, a reply, a proposal…) made ready before its transaction opens.

    Checking the text, masking its public copies (the scrubber) and scoring it
    for spam (with its duplicate check) are Python work and a read: done inside
    the transaction, every post held its database connection "idle in
    transaction" while its thread waited for the interpreter lock behind other
    requests. An app's `prepare_…` service gives `build` (that work, raising
    ValidationError for the form) to `prepare_post`; its `save_…` service then
    checks what must be read with the write (the permission again,
    `check_posting`) and inserts `item()`.
    See docs/decisions/0019-posts-prepared-before-their-transaction.md.
    """

    kind: str  # the posting limit that counts it: "contribution", "reply", "counter"…
    actor: Any
    process: Any
    address: str | None
    build: Callable[[], T]
    built: T | None = None

    def item(self) -> T:
        """The unsaved object, checked, masked and scored (built on first use)."""
        if self.built is None:
            self.built = self.build()
        return self.built


def prepare_post(
    kind: str, actor, process, address: str | None, build: Callable[[], T]
) -> PreparedPost[T]:
    """A PreparedPost, built now unless the person is over their posting limit.

    Someone over their limit gets nothing masked: the save refuses them first,
    with the same message as before (`check_posting`).
    """
    post = PreparedPost(kind=kind, actor=actor, process=process, address=address, build=build)
    if posting_allowed(kind, actor, address):
        post.item()
    return post


def check_posting(kind: str, actor, address: str | None) -> list[tuple[Limit, str]]:
    """Refuse a person who posted too much lately (LimitExceeded); the counters to count on.

    Every app that takes posts (contributions, replies, proposals, reports…)
    limits them the same way: per account and, when the caller gives the
    request's address, per address too (settings.PARLONS_LIMITS:
    "contribution_account", "contribution_address"…). Count with
    `count_posting` once the post is saved.
    """
    counters = _posting_counters(kind, actor, address)
    for limit, value in counters:
        limit.check(
            value,
            _(
                "Vous avez envoyé beaucoup de messages en peu de temps. Pour éviter les abus, "
                "attendez %(wait)s avant d'en envoyer un autre."
            ),
        )
    return counters


def count_posting(counters: list[tuple[Limit, str]]) -> None:
    """Count a saved post on the counters `check_posting` gave."""
    for limit, value in counters:
        limit.hit(value)


def client_address(request) -> str:
    """The address a request comes from, as counted by the limits.

    Behind a reverse proxy, `PARLONS_CLIENT_ADDRESS_HEADER` names the header
    the proxy sets (X-Real-IP...); otherwise the connection's address. An IPv6
    address counts for its /64 network: one household gets a whole /64.
    """
    header = settings.PARLONS_CLIENT_ADDRESS_HEADER
    raw = ""
    if header:
        raw = request.headers.get(header, "").split(",")[0].strip()
    raw = raw or request.META.get("REMOTE_ADDR", "")
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw or "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)
