from django.urls import path

from . import printing_views, views

app_name = "questionnaires"

Q = "<slug:slug>/questionnaires/<int:pk>/"
STAFF = "<slug:slug>/equipe/questionnaires/"

urlpatterns = [
    path("<slug:slug>/questionnaire/", views.for_process, name="for_process"),
    path(Q, views.start, name="start"),
    path(Q + "partie/<int:number>/", views.section, name="section"),
    path(Q + "envoyer/", views.review, name="review"),
    path(Q + "merci/", views.thanks, name="thanks"),
    path(Q + "resultats/", views.public_results, name="results"),
    path(Q + "resultats.csv", views.public_results_csv, name="results_csv"),
    path(Q + "saisie-papier/", views.paper_entry, name="paper_entry"),
    path(Q + "import-papier/", views.paper_import, name="paper_import"),
    path(Q + "imprimer/", printing_views.print_form, name="print_form"),
    path(STAFF, views.staff_list, name="staff_list"),
    path(STAFF + "<int:pk>/", views.build, name="build"),
    path(STAFF + "<int:pk>/parties/", views.add_section, name="add_section"),
    path(STAFF + "<int:pk>/parties/<int:section_id>/", views.edit_section, name="edit_section"),
    path(
        STAFF + "<int:pk>/parties/<int:section_id>/questions/",
        views.edit_question,
        name="add_question",
    ),
    path(
        STAFF + "<int:pk>/parties/<int:section_id>/questions/<int:question_id>/",
        views.edit_question,
        name="edit_question",
    ),
    path(STAFF + "<int:pk>/apercu/", views.preview, name="preview"),
    path(STAFF + "<int:pk>/codes/", views.codes, name="codes"),
    path(STAFF + "<int:pk>/resultats/", views.staff_results, name="staff_results"),
    path(STAFF + "<int:pk>/textes/", views.free_texts, name="free_texts"),
    path(STAFF + "<int:pk>/export.csv", views.export_csv, name="export_csv"),
    path(STAFF + "<int:pk>/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path(STAFF + "<int:pk>/reponses/", views.staff_responses, name="staff_responses"),
    path(
        STAFF + "<int:pk>/reponses/<int:response_id>/",
        views.correct_response,
        name="correct_response",
    ),
    path(STAFF + "<int:pk>/fichiers/<int:file_id>/", views.download_file, name="download_file"),
]
