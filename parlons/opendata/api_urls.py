from django.urls import path

from parlons.opendata.api import api

urlpatterns = [path("", api.urls)]
