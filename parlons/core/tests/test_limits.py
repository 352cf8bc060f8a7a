"""The limiter: counts per window in the cache, under a keyed hash, shared by every process."""

import subprocess
import sys
import time

import pytest
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.management import call_command
from django.test import RequestFactory, override_settings

from parlons.core.limits import (
    Limit,
    LimitExceeded,
    check_posting,
    client_address,
    count_posting,
    lifted,
    posting_allowed,
    wait_in_words,
)

THREE_PER_MINUTE = {"test_limit": (3, 60)}


@override_settings(PARLONS_LIMITS=THREE_PER_MINUTE)
def test_a_limit_refuses_past_its_count_and_says_how_long_to_wait():
    limit = Limit.named("test_limit")
    assert [limit.hit("camille@exemple.test") for _ in range(3)] == [1, 2, 3]
    with pytest.raises(LimitExceeded) as refused:
        limit.check("camille@exemple.test")
    assert 1 <= refused.value.retry_after <= 60
    assert refused.value.code == "rate_limited"
    assert "attendez 1 minute avant de réessayer" in refused.value.messages[0]
    limit.check("dominique@exemple.test")  # another value has its own counter


@override_settings(PARLONS_LIMITS={"test_post_account": (2, 60), "test_post_address": (3, 60)})
def test_posting_allowed_says_what_check_posting_would_do_and_counts_nothing():
    class Person:
        pk = 7

    person = Person()
    for _ in range(2):
        assert posting_allowed("test_post", person, "192.0.2.1")
        count_posting(check_posting("test_post", person, "192.0.2.1"))
    assert not posting_allowed("test_post", person, "192.0.2.1")  # the account's limit
    with pytest.raises(LimitExceeded):
        check_posting("test_post", person, "192.0.2.1")
    other = Person()
    other.pk = 8
    assert posting_allowed("test_post", other, "192.0.2.1")  # 2 of 3 on the address
    count_posting(check_posting("test_post", other, "192.0.2.1"))
    assert not posting_allowed("test_post", other, "192.0.2.1")  # the address's limit
    assert posting_allowed("test_post", other, None)  # no address given: the account only
    with lifted():
        assert posting_allowed("test_post", person, "192.0.2.1")


@override_settings(PARLONS_LIMITS=THREE_PER_MINUTE)
def test_reset_forgets_a_value_and_lifted_suspends_every_limit():
    limit = Limit.named("test_limit")
    for _ in range(3):
        limit.hit("192.0.2.1")
    with lifted():
        limit.check("192.0.2.1")
    with pytest.raises(LimitExceeded):
        limit.check("192.0.2.1")
    limit.reset("192.0.2.1")
    assert limit.attempts("192.0.2.1") == 0
    limit.check("192.0.2.1")


@override_settings(PARLONS_LIMITS={"test_limit": (1, 1)})
def test_a_window_ends_and_its_counter_with_it():
    limit = Limit.named("test_limit")
    limit.hit("192.0.2.1")
    with pytest.raises(LimitExceeded):
        limit.check("192.0.2.1")
    time.sleep(1.05)
    limit.check("192.0.2.1")


@override_settings(PARLONS_LIMITS=THREE_PER_MINUTE)
def test_the_cache_never_holds_the_raw_email_or_address():
    limit = Limit.named("test_limit")
    limit.hit("camille@exemple.test")
    limit.hit("2001:db8::1")
    keys = list(caches["default"]._cache.keys())  # LocMemCache's own store
    assert len(keys) == 2
    assert not any("camille" in key or "2001" in key or "exemple" in key for key in keys)


def test_waits_are_said_in_plain_french_and_rounded_up():
    assert [wait_in_words(s) for s in (1, 60, 61, 899, 3600, 3601)] == [
        "1 minute",
        "1 minute",
        "2 minutes",
        "15 minutes",
        "1 heure",
        "2 heures",
    ]


def test_the_client_address_counts_ipv6_by_network_and_reads_a_proxy_header_only_when_told():
    factory = RequestFactory()
    assert client_address(factory.get("/", REMOTE_ADDR="192.0.2.7")) == "192.0.2.7"
    assert client_address(factory.get("/", REMOTE_ADDR="2001:db8:1:2:3:4:5:6")) == (
        "2001:db8:1:2::/64"
    )
    spoofed = factory.get("/", REMOTE_ADDR="192.0.2.7", HTTP_X_REAL_IP="198.51.100.1")
    assert client_address(spoofed) == "192.0.2.7"
    with override_settings(PARLONS_CLIENT_ADDRESS_HEADER="X-Real-IP"):
        assert client_address(spoofed) == "198.51.100.1"


@pytest.mark.django_db
@override_settings(
    PARLONS_LIMITS=THREE_PER_MINUTE,
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "parlons_test_cache",
        }
    },
)
def test_with_the_database_cache_every_process_counts_the_same():
    call_command("createcachetable", verbosity=0)
    limit = Limit.named("test_limit")
    limit.hit("192.0.2.1")
    limit.hit("192.0.2.1")
    # Another web process has its own cache object on the same table.
    other_process = DatabaseCache("parlons_test_cache", {})
    key = limit._key("192.0.2.1", time.time())[0]
    assert other_process.incr(key) == 3
    assert other_process.touch(key, 30)  # the counter is still there, with its expiry
    with pytest.raises(LimitExceeded):
        limit.check("192.0.2.1")


def _settings_with(cache_url: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "from parlons import settings; print(settings.CACHES)"],
        env={"PARLONS_CACHE_URL": cache_url, "PARLONS_TESTING": "1", "PATH": "/usr/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_cache_url_is_read_or_refused_loudly():
    shared = _settings_with("db://parlons_cache")
    assert "'LOCATION': 'parlons_cache'" in shared.stdout, shared.stderr
    redis = _settings_with("redis://127.0.0.1:6379/0")
    assert "RedisCache" in redis.stdout, redis.stderr
    refused = _settings_with("memcached://127.0.0.1:11211")
    assert refused.returncode == 1
    assert "PARLONS_CACHE_URL must be locmem://, db://<table> or redis://" in refused.stderr
