from django.conf import settings
from django.contrib import admin
from django.urls import include, path
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
    path("confidentialite/", include("parlons.privacy.urls")),
    path("transparence/", include("parlons.transparency.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}),
]
