import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parlons.settings")
application = get_wsgi_application()

# Import every view now, not on the first request: with gunicorn --preload the
# workers are forked warm, so the first visitors do not wait a second or more.
get_resolver().url_patterns  # noqa: B018
