from django.urls import path

from parlons.core import views

app_name = "core"

urlpatterns = [
    path("sante/", views.health, name="health"),
]
