from django.urls import path

from parlons.proposals import views

app_name = "proposals"

urlpatterns = [
    path("<slug:slug>/propositions/", views.proposal_list, name="list"),
    path("<slug:slug>/propositions/nouvelle/", views.propose, name="propose"),
    path(
        "<slug:slug>/propositions/ressemblantes/",
        views.look_alike_fragment,
        name="look_alikes",
    ),
    path("<slug:slug>/propositions/guichet/", views.counter, name="counter"),
    path("<slug:slug>/propositions/equipe/", views.staff, name="staff"),
    path("<slug:slug>/propositions/equipe/reglages/", views.settings_page, name="settings"),
    path("<slug:slug>/propositions/<int:pk>/", views.proposal_detail, name="detail"),
    path("<slug:slug>/propositions/<int:pk>/modifier/", views.edit, name="edit"),
    path("<slug:slug>/propositions/<int:pk>/retirer/", views.withdraw, name="withdraw"),
    path("<slug:slug>/propositions/<int:pk>/soutenir/", views.support, name="support"),
    path(
        "<slug:slug>/propositions/<int:pk>/retirer-mon-soutien/",
        views.withdraw_support,
        name="withdraw_support",
    ),
    path(
        "<slug:slug>/propositions/<int:pk>/soutien-guichet/",
        views.support_on_behalf,
        name="support_on_behalf",
    ),
    path("<slug:slug>/propositions/<int:pk>/reponse/", views.answer, name="answer"),
    path("<slug:slug>/propositions/<int:pk>/publier/", views.release, name="release"),
]
