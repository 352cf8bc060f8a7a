from django.urls import path

from parlons.privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.register, name="register"),
    path("mes-donnees/", views.my_data, name="my_data"),
    path("mes-donnees/telecharger/", views.download_my_data, name="download"),
    path("mes-donnees/supprimer-mon-compte/", views.erase_my_account, name="erase"),
    path("equipe/journal/", views.audit_log, name="audit_log"),
]
