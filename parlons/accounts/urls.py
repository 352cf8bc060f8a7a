from django.contrib.auth import views as auth_views
from django.urls import path

from parlons.accounts import jobs_views, oidc, second_factor_views, views

app_name = "accounts"

urlpatterns = [
    path("inscription/", views.signup, name="signup"),
    path("inscription/verifiez/", views.check_inbox, name="check_inbox"),
    path("confirmer/<str:token>/", views.confirm_email, name="confirm_email"),
    path("connexion/", views.SignInView.as_view(), name="login"),
    path("deconnexion/", oidc.sign_out, name="logout"),
    path("mot-de-passe/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "mot-de-passe/envoye/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/termine/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("profil/", views.profile, name="profile"),
    path("equipe/", views.staff_dashboard, name="staff"),
    path("equipe/roles/", views.manage_roles, name="roles"),
    path("equipe/taches/", jobs_views.periodic_jobs_page, name="periodic_jobs"),
    path(
        "equipe/roles/<int:user_id>/second-facteur/",
        second_factor_views.reset,
        name="second_factor_reset",
    ),
    path("double-authentification/", second_factor_views.verify, name="second_factor"),
    path(
        "double-authentification/configurer/",
        second_factor_views.set_up,
        name="second_factor_setup",
    ),
    path(
        "double-authentification/codes/",
        second_factor_views.recovery_codes,
        name="recovery_codes",
    ),
    path(
        "double-authentification/codes.txt",
        second_factor_views.recovery_codes_text,
        name="recovery_codes_text",
    ),
    path(
        "double-authentification/codes/nouveaux/",
        second_factor_views.regenerate_codes,
        name="regenerate_recovery_codes",
    ),
    path(
        "double-authentification/retirer/",
        second_factor_views.remove,
        name="second_factor_remove",
    ),
    path("courriels/<str:token>/", views.optout, name="optout"),
    # sign-in with the territory's identity provider (404 unless PARLONS_OIDC_ENABLED)
    path("fournisseur/connexion/", oidc.SignInView.as_view(), name="oidc_login"),
    path("fournisseur/retour/", oidc.CallbackView.as_view(), name="oidc_callback"),
    path("fournisseur/deconnecte/", oidc.signed_out_at_provider, name="oidc_signed_out"),
]
