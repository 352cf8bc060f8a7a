"""With PARLONS_CACHE_URL=redis://..., every process shares the limits and the page cache.

A real Redis server (Debian's redis-server, installed by `make test`) is
started on a free loopback port for these tests; a second Parlons process,
started apart, writes to it, and this one sees what it wrote.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.cache import caches
from django.test import override_settings

from parlons.core.limits import Limit, LimitExceeded
from parlons.processes import pagecache

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    server = shutil.which("redis-server")
    assert server, "redis-server is missing: apt-get install redis-server (make test does it)"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path_factory.mktemp("redis"),
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as connection:
                connection.sendall(b"PING\r\n")
                if connection.recv(16).startswith(b"+PONG"):
                    break
        except OSError:
            time.sleep(0.1)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def on_redis(redis_url):
    backend = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    with override_settings(CACHES={"default": backend, "pages": backend}):
        caches["default"].clear()
        yield redis_url
        caches["default"].clear()


def in_another_process(redis_url: str, code: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))}
    env |= {
        "PARLONS_CACHE_URL": redis_url,
        "PARLONS_SECRET_KEY": os.environ.get("PARLONS_SECRET_KEY", ""),
    }
    env.pop("PARLONS_TESTING", None)
    script = (
        "import django, os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'parlons.settings')\ndjango.setup()\n"
        + code
    )
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True, timeout=60)


@pytest.mark.once
def test_failed_sign_ins_counted_by_another_process_lock_here(on_redis):
    from django.conf import settings as live

    in_another_process(
        on_redis,
        f"from django.conf import settings\nsettings.SECRET_KEY = {live.SECRET_KEY!r}\n"
        "from parlons.core.limits import Limit\n"
        "for _ in range(5):\n    Limit.named('signin_account').hit('camille@exemple.test')\n",
    )
    with pytest.raises(LimitExceeded):
        Limit.named("signin_account").check("camille@exemple.test")


@pytest.mark.once
def test_a_write_in_another_process_renews_the_pages_served_here(on_redis):
    before = pagecache._cache().get(pagecache.SITE)
    in_another_process(
        on_redis, "from parlons.processes.pagecache import forget_pages\nforget_pages()\n"
    )
    after = pagecache._cache().get(pagecache.SITE)
    # A new generation number (it starts from the clock, see pagecache._bump).
    assert before is None and isinstance(after, int)
