from django.urls import path

from parlons.followup import feeds, views

app_name = "followup"

FOLLOWUP = "demarches/<slug:slug>/suivi/"
RESULT = FOLLOWUP + "<int:result_id>/"

urlpatterns = [
    path("suivi/", views.territory_list, name="territory"),
    path("demarches/equipe/suivi/", views.staff_overview, name="staff_overview"),
    path(FOLLOWUP, views.result_list, name="list"),
    path(FOLLOWUP + "flux.atom", feeds.followup_feed, name="feed"),
    path(FOLLOWUP + "equipe/", views.staff_results, name="staff"),
    path(FOLLOWUP + "equipe/nouvelle/", views.create_result, name="create"),
    path(RESULT, views.result_detail, name="detail"),
    # Staff pages of one result (organisers only, checked by the predicate).
    path(RESULT + "modifier/", views.edit_result, name="edit"),
    path(RESULT + "actualite/", views.post_update, name="post_update"),
]
