import re

from django.conf import settings
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language
from django.views.static import serve

from parlons.processes.views import home

handler400 = "parlons.core.views.bad_request"
handler403 = "parlons.core.views.permission_denied"
handler404 = "parlons.core.views.page_not_found"
handler500 = "parlons.core.views.server_error"

urlpatterns = [
    path("", home, name="home"),
    path("", include("parlons.core.urls")),
    path("compte/", include("parlons.accounts.urls")),
    path("demarches/", include("parlons.processes.urls")),
    path("demarches/", include("parlons.debates.urls")),
    path("demarches/", include("parlons.meetings.urls")),
    # The follow-up of decisions: /demarches/<slug>/suivi/ and the territory's /suivi/.
    path("", include("parlons.followup.urls")),
    path("demarches/", include("parlons.proposals.urls")),
    path("demarches/", include("parlons.budgets.urls")),
    path("demarches/", include("parlons.synthesis.urls")),
    path("demarches/", include("parlons.questionnaires.urls")),
    path("initiatives/", include("parlons.initiatives.urls")),
    path("confidentialite/", include("parlons.privacy.urls")),
    path("transparence/", include("parlons.transparency.urls")),
    path("donnees/", include("parlons.opendata.urls")),
    path("api/", include("parlons.opendata.api_urls")),
    # Choosing a language needs no CSRF token (the worst a forged request can do is
    # change the visitor's language), so public pages carry none and can be cached.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
]

# Django's admin is not mounted: every task has its page in the staff space,
# checked by the same predicates as the rest (docs/decisions/0005).
# Uploaded images are served by Django only in debug mode and for the demo
# (`make run`: the logo and banners it draws), PARLONS_SERVE_MEDIA; in production
# the web server serves PARLONS_MEDIA_ROOT at /media/ (docs/deployment.md).
if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]
