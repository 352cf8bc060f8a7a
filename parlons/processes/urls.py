from django.urls import path

from parlons.processes import views

app_name = "processes"

urlpatterns = [
    path("", views.process_list, name="list"),
    path("equipe/", views.staff_processes, name="staff_list"),
    path("equipe/nouvelle/", views.create_process, name="create"),
    path("equipe/territoire/", views.territory_settings, name="territory"),
    path("<slug:slug>/", views.process_detail, name="detail"),
    path("<slug:slug>/equipe/", views.manage_process, name="manage"),
    path("<slug:slug>/equipe/etat/", views.change_status, name="change_status"),
    path("<slug:slug>/equipe/phases/nouvelle/", views.edit_phase, name="add_phase"),
    path("<slug:slug>/equipe/phases/<int:phase_id>/", views.edit_phase, name="edit_phase"),
    path(
        "<slug:slug>/equipe/phases/<int:phase_id>/supprimer/",
        views.delete_phase,
        name="delete_phase",
    ),
    path("<slug:slug>/equipe/themes/", views.add_theme, name="add_theme"),
    path("<slug:slug>/equipe/themes/<int:theme_id>/", views.edit_theme, name="edit_theme"),
    path(
        "<slug:slug>/equipe/themes/<int:theme_id>/supprimer/",
        views.delete_theme,
        name="delete_theme",
    ),
]
