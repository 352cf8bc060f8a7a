from django.urls import path

from parlons.synthesis import views

app_name = "synthesis"

urlpatterns = [
    path("<slug:slug>/synthese/", views.public, name="public"),
    path("<slug:slug>/synthese/synthese.pdf", views.pdf, name="pdf"),
    path("<slug:slug>/synthese/atelier/", views.workbench, name="workbench"),
    path("<slug:slug>/synthese/atelier/recherche/", views.search_page, name="search"),
    path("<slug:slug>/synthese/atelier/redaction/", views.report_edit, name="report"),
    path(
        "<slug:slug>/synthese/atelier/redaction/partie/",
        views.section_form,
        name="add_section",
    ),
    path(
        "<slug:slug>/synthese/atelier/redaction/partie/<int:section_id>/",
        views.section_form,
        name="edit_section",
    ),
    path(
        "<slug:slug>/synthese/atelier/redaction/partie/<int:section_id>/supprimer/",
        views.section_delete,
        name="delete_section",
    ),
    path("<slug:slug>/synthese/atelier/publier/", views.report_publish, name="publish"),
    path("<slug:slug>/synthese/atelier/depublier/", views.report_unpublish, name="unpublish"),
    path("<slug:slug>/synthese/atelier/analyses/<int:pk>/", views.analysis_detail, name="analysis"),
    path(
        "<slug:slug>/synthese/atelier/analyses/<int:pk>/contributions/",
        views.analysis_texts,
        name="texts",
    ),
    path(
        "<slug:slug>/synthese/atelier/analyses/<int:pk>/contributions/<int:text_id>/deplacer/",
        views.move_text,
        name="move_text",
    ),
    path(
        "<slug:slug>/synthese/atelier/analyses/<int:pk>/themes/<int:number>/<str:action>/",
        views.theme_action,
        name="theme_action",
    ),
    path(
        "<slug:slug>/synthese/atelier/analyses/<int:pk>/doublons/<int:number>/",
        views.mark_campaign,
        name="mark_campaign",
    ),
]
