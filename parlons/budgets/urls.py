from django.urls import path

from parlons.budgets import views

app_name = "budgets"

BUDGET = "<slug:slug>/budget/"

urlpatterns = [
    path("equipe/budgets/", views.staff_overview, name="staff_overview"),
    path(BUDGET, views.project_list, name="projects"),
    path(BUDGET + "deposer/", views.submit_project, name="submit"),
    path(BUDGET + "voter/", views.vote, name="vote"),
    path(BUDGET + "resultats/", views.results, name="results"),
    path(BUDGET + "vote.pb", views.export_pabulib, name="export"),
    path(BUDGET + "equipe/", views.staff_projects, name="staff_projects"),
    path(BUDGET + "equipe/reglages/", views.setup, name="setup"),
    path(BUDGET + "equipe/projets/nouveau/", views.add_project, name="add_project"),
    path(BUDGET + "equipe/projets/<int:project_id>/", views.review_project, name="review"),
    path(BUDGET + "equipe/propositions/", views.convert_proposals, name="convert_proposals"),
    path(BUDGET + "equipe/decompte/", views.request_count, name="count"),
    path(BUDGET + "equipe/publier/", views.publish_results, name="publish"),
    path(BUDGET + "equipe/import/", views.import_pabulib, name="import"),
    path(BUDGET + "equipe/bulletins-papier/", views.paper_ballot, name="paper"),
    path(BUDGET + "equipe/bulletins-papier/verification/", views.paper_checks, name="paper_checks"),
    path(
        BUDGET + "equipe/bulletins-papier/verification/<uuid:paper_id>/",
        views.paper_check,
        name="paper_check",
    ),
    path(BUDGET + "equipe/liste-des-residents/", views.census, name="census"),
]
