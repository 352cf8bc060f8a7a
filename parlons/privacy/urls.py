from django.urls import path

from parlons.privacy import (
    consent_views,
    dpia_views,
    purge_views,
    receipts_views,
    register_views,
    views,
)

app_name = "privacy"

urlpatterns = [
    path("", views.register, name="register"),
    path("registre.csv", register_views.register_csv, name="register_csv"),
    path("registre.ods", register_views.register_ods, name="register_ods"),
    path("registre.pdf", register_views.register_pdf, name="register_pdf"),
    path("mes-donnees/", views.my_data, name="my_data"),
    path("mes-donnees/consentements/", consent_views.change_consent, name="consent"),
    path("mes-donnees/telecharger/", views.download_my_data, name="download"),
    path("mes-donnees/supprimer-mon-compte/", views.erase_my_account, name="erase"),
    path("equipe/journal/", views.audit_log, name="audit_log"),
    path("equipe/aipd/", dpia_views.assessment, name="dpia"),
    path("equipe/aipd/signer/", dpia_views.sign, name="dpia_sign"),
    path("equipe/aipd/<int:version_id>/", dpia_views.version, name="dpia_version"),
    path("equipe/aipd/<int:version_id>/pdf/", dpia_views.version_pdf, name="dpia_pdf"),
    path("equipe/purges/", purge_views.purges, name="purges"),
    path("demande/", views.file_rights_request, name="request"),
    path("demande/au-guichet/", views.file_at_the_counter, name="request_counter"),
    path("demande/envoyee/", views.rights_request_sent, name="request_sent"),
    path("equipe/demandes/", views.rights_requests, name="requests"),
    path("equipe/demandes/<int:request_id>/", views.rights_request_detail, name="request_detail"),
    # Receipts of what a mediator recorded for a person without an account.
    path("recu/", receipts_views.look_up_receipt, name="receipt_lookup"),
    path("recu/au-guichet/", receipts_views.look_up_at_the_counter, name="receipt_counter"),
    path("recu/lu/", receipts_views.show_receipt, name="receipt_show"),
    path("recu/oublier/", receipts_views.forget_receipt, name="receipt_forget"),
    path("recu/<int:pk>/imprimer/", receipts_views.print_receipt, name="receipt_print"),
    path(
        "equipe/recus/<int:pk>/retirer/",
        receipts_views.withdraw_receipt_item,
        name="receipt_withdraw",
    ),
]
