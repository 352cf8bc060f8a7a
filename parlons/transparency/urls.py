from django.urls import path

from parlons.transparency import views

app_name = "transparency"

urlpatterns = [
    path("charte/", views.charter, name="charter"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("accessibilite/modifier/", views.accessibility_edit, name="accessibility_edit"),
    path("algorithmes/", views.algorithms, name="algorithms"),
    path("algorithmes/<slug:slug>/", views.algorithm, name="algorithm"),
]
