from django.urls import path, re_path

from parlons.opendata import feeds, views

app_name = "opendata"

NAME = r"(?P<name>[a-z0-9][a-z0-9-]*)\.(?P<extension>[a-z0-9]{1,8})"

urlpatterns = [
    path("", views.index, name="index"),
    path("equipe/", views.staff, name="staff"),
    path("datapackage.json", views.territory_package, name="territory_package"),
    path("flux.atom", feeds.TerritoryFeed(), name="territory_feed"),
    path("catalog.jsonld", views.catalog_jsonld, name="catalog_jsonld"),
    path("catalog.ttl", views.catalog_turtle, name="catalog_turtle"),
    re_path(rf"^{NAME}$", views.territory_file, name="territory_file"),
    path("<slug:slug>/", views.process_index, name="process_index"),
    path("<slug:slug>/flux.atom", feeds.ProcessFeed(), name="process_feed"),
    path("<slug:slug>/datapackage.json", views.process_package, name="process_package"),
    re_path(rf"^(?P<slug>[-a-zA-Z0-9_]+)/{NAME}$", views.process_file, name="process_file"),
]
