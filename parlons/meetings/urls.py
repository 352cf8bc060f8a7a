from django.urls import path

from parlons.meetings import views

app_name = "meetings"

MEETING = "<slug:slug>/reunions/<int:meeting_id>/"

urlpatterns = [
    path("equipe/reunions/", views.staff_overview, name="staff_overview"),
    path("equipe/lieux/", views.place_list, name="places"),
    path("equipe/lieux/nouveau/", views.edit_place, name="create_place"),
    path("equipe/lieux/<int:place_id>/", views.edit_place, name="edit_place"),
    path("equipe/lieux/<int:place_id>/supprimer/", views.delete_place, name="delete_place"),
    path("<slug:slug>/reunions/", views.meeting_list, name="list"),
    path("<slug:slug>/reunions.ics", views.calendar_feed, name="calendar"),
    path("<slug:slug>/reunions/equipe/nouvelle/", views.create_meeting, name="create"),
    path(MEETING, views.meeting_detail, name="detail"),
    path("<slug:slug>/reunions/<int:meeting_id>.ics", views.meeting_ics, name="ics"),
    path(MEETING + "inscription/", views.register, name="register"),
    path(MEETING + "desinscription/", views.cancel_registration, name="unregister"),
    path(MEETING + "equipe/", views.edit_meeting, name="edit"),
    path(MEETING + "equipe/annuler/", views.cancel_meeting, name="cancel"),
    path(MEETING + "equipe/supprimer/", views.delete_meeting, name="delete"),
    path(MEETING + "equipe/compte-rendu/", views.edit_minutes, name="minutes"),
    path(MEETING + "equipe/inscriptions/", views.meeting_registrations, name="registrations"),
]
