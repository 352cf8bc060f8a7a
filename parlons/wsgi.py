import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parlons.settings")
application = get_wsgi_application()

# Import every view now, not on the first request: with gunicorn --preload the
# workers are forked warm, so the first visitors do not wait a second or more.
get_resolver().url_patterns  # noqa: B018

# Load now, before the workers are forked, what every worker would otherwise load
# on its first post, in several threads at once, while their transactions wait:
# the scrubber's name lists and the French lemmas of the search index (simplemma's
# dictionary), about 150 ms of CPU each. Measured: the first posts after a start
# took 8 to 10 s at 20 clients (docs/decisions/0019). No database here: the
# workers must not share a connection opened before the fork.


def _warm() -> None:
    from parlons.privacy.scrubber import scrub
    from parlons.synthesis.queries import search_terms

    scrub("Appelez Camille Martin au 06 12 34 56 78.")
    search_terms("Une piste cyclable jusqu'à la médiathèque.")


_warm()

# Everything loaded so far (Django, every app, their modules: about 250,000
# objects) lives as long as the process. Python's full garbage collection walks
# every tracked object, about 100 ms here, and runs every few dozen requests
# while holding the lock all the threads of a worker share: each time, every
# request in flight waits (the p99 of signed-in pages). Frozen, those objects
# are left out of every collection (0.7 ms instead); with gunicorn --preload
# the workers are forked after this, which also keeps the pages shared.
gc.collect()
gc.freeze()
