from django.urls import path

from parlons.core import views

app_name = "core"

urlpatterns = [
    path("sante/", views.health, name="health"),
    path("territoire.css", views.territory_css, name="territory_css"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("manifest.webmanifest", views.web_manifest, name="web_manifest"),
]
