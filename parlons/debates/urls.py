from django.urls import path

from parlons.debates import views

app_name = "debates"

urlpatterns = [
    path("equipe/moderation/", views.moderation, name="moderation"),
    path("<slug:slug>/contributions/", views.contribution_list, name="list"),
    path("<slug:slug>/contributions/nouvelle/", views.contribute, name="contribute"),
    path("<slug:slug>/contributions/<int:pk>/", views.contribution_detail, name="detail"),
    path("<slug:slug>/contributions/<int:pk>/repondre/", views.reply, name="reply"),
    path("<slug:slug>/contributions/<int:pk>/reagir/", views.react, name="react"),
    path("<slug:slug>/contributions/<int:pk>/modifier/", views.edit, name="edit"),
    path("<slug:slug>/contributions/<int:pk>/retirer/", views.withdraw, name="withdraw"),
    path("<slug:slug>/contributions/<int:pk>/signaler/", views.report, name="report"),
    path("<slug:slug>/contributions/<int:pk>/reponse-officielle/", views.answer, name="answer"),
    path("<slug:slug>/contributions/<int:pk>/masquer/", views.hide, name="hide"),
    path("<slug:slug>/contributions/<int:pk>/retablir/", views.restore, name="restore"),
    path(
        "<slug:slug>/contributions/<int:pk>/classer/",
        views.dismiss_reports,
        name="dismiss_reports",
    ),
    path("<slug:slug>/contributions/<int:pk>/publier/", views.release, name="release"),
    path("<slug:slug>/guichet/", views.counter, name="counter"),
    path("<slug:slug>/import-papier/", views.paper_import, name="paper_import"),
]
