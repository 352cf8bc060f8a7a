from django.urls import path

from parlons.initiatives import views

app_name = "initiatives"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("carte/", views.initiative_map, name="map"),
    path("<int:initiative_id>/", views.detail, name="detail"),
    path("equipe/", views.staff_list, name="staff_list"),
    path("equipe/nouvelle/", views.edit, name="create"),
    path("equipe/<int:initiative_id>/", views.edit, name="edit"),
    path("equipe/<int:initiative_id>/publication/", views.publish, name="publish"),
    path("equipe/lieux/", views.places_import, name="places_import"),
    path("equipe/lieux/lieux-mediation-numerique.csv", views.places_export, name="places_export"),
    path("equipe/categories/", views.category_list, name="categories"),
    path("equipe/categories/<int:category_id>/", views.category_list, name="edit_category"),
    path("equipe/inventaires/", views.inventory_list, name="inventories"),
    path("equipe/inventaires/<str:source>/", views.inventory_mapping, name="inventory"),
]
