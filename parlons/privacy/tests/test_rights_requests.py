"""Rights requests: the legal deadline, the extension, closing only with an answer, the audit."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from parlons.accounts.models import OutgoingEmail
from parlons.conftest import login_staff
from parlons.core.models import AuditEntry
from parlons.privacy import rights
from parlons.privacy.models import RequestChannel, RequestStatus, RightsRequest


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2026, 3, 15), date(2026, 4, 15)),
        (date(2026, 1, 31), date(2026, 2, 28)),
        (date(2028, 1, 31), date(2028, 2, 29)),  # leap year
        (date(2026, 12, 10), date(2027, 1, 10)),  # over the new year
        (date(2026, 8, 31), date(2026, 9, 30)),
    ],
)
def test_the_legal_deadline_is_one_calendar_month(received, due):
    assert rights.due_date(received) == due


def test_two_more_months_from_the_end_of_the_first():
    assert rights.add_months(date(2026, 12, 31), 2) == date(2027, 2, 28)


def test_the_first_of_the_month_is_written_1er():
    assert rights.long_date(date(2026, 12, 1)) == "1er décembre 2026"
    assert rights.long_date(date(2026, 12, 2)) == "2 décembre 2026"


def anonymous_request(**fields):
    values = {
        "actor": None,
        "kind": "erasure",
        "text": "Effacez ma contribution de la réunion de mars.",
        "name": "Jeanne Martin",
        "email": "jeanne@exemple.test",
        "channel": RequestChannel.WITHOUT_ACCOUNT,
        "received_on": date(2026, 3, 15),
    }
    return rights.file_request(**(values | fields))


@pytest.mark.django_db
def test_filing_sets_the_deadline_a_reference_an_audit_entry_and_a_receipt():
    filed = anonymous_request()
    assert filed.due_on == date(2026, 4, 15)
    assert filed.reference == f"DR-2026-{filed.pk:05d}"
    assert AuditEntry.objects.filter(
        action="privacy.request_file", target_id=str(filed.pk)
    ).exists()
    receipt = OutgoingEmail.objects.get(to="jeanne@exemple.test")
    assert filed.reference in receipt.subject and "15 avril 2026" in receipt.body


@pytest.mark.django_db
def test_a_person_without_an_account_must_say_where_to_answer():
    with pytest.raises(ValidationError):
        anonymous_request(email="", postal_address="")
    assert not RightsRequest.objects.exists()


@pytest.mark.django_db
def test_a_request_cannot_be_closed_without_an_answer(dpo):
    filed = anonymous_request()
    with pytest.raises(ValidationError):
        rights.close(actor=dpo, request=filed, answer="   ")
    filed.refresh_from_db()
    assert filed.status == RequestStatus.OPEN and filed.closed_at is None
    assert not AuditEntry.objects.filter(action="privacy.request_close").exists()
    # and the database refuses it too
    with pytest.raises(IntegrityError), transaction.atomic():
        RightsRequest.objects.filter(pk=filed.pk).update(status=RequestStatus.CLOSED)


@pytest.mark.django_db
def test_closing_sends_the_answer_and_is_audited(dpo):
    filed = anonymous_request(received_on=timezone.localdate())
    rights.record_identity_check(actor=dpo, request=filed, check="Carte d'identité vue au guichet")
    rights.record_actions(actor=dpo, request=filed, actions="Contribution effacée.")
    rights.close(actor=dpo, request=filed, answer="Votre contribution est effacée.")
    filed.refresh_from_db()
    assert filed.status == RequestStatus.CLOSED and filed.identity_checked_by == dpo
    answer = OutgoingEmail.objects.get(subject__startswith="Réponse")
    assert answer.to == "jeanne@exemple.test" and "Votre contribution est effacée." in answer.body
    actions = list(
        AuditEntry.objects.filter(target_id=str(filed.pk), action__startswith="privacy.request")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "privacy.request_file",
        "privacy.request_identity",
        "privacy.request_actions",
        "privacy.request_close",
    ]
    with pytest.raises(ValidationError):
        rights.record_actions(actor=dpo, request=filed, actions="Encore")


@pytest.mark.django_db
def test_the_extension_adds_two_months_once_with_a_reason_sent_to_the_person(dpo):
    filed = anonymous_request()
    with pytest.raises(ValidationError):
        rights.extend(actor=dpo, request=filed, reason="", today=date(2026, 4, 1))
    rights.extend(
        actor=dpo, request=filed, reason="Archives papier à consulter.", today=date(2026, 4, 1)
    )
    filed.refresh_from_db()
    assert filed.extended_until == date(2026, 6, 15) and filed.deadline == date(2026, 6, 15)
    assert filed.status == RequestStatus.EXTENDED
    told = OutgoingEmail.objects.get(subject__contains="prolongé")
    assert "Archives papier à consulter." in told.body and "15 juin 2026" in told.body
    with pytest.raises(ValidationError):
        rights.extend(actor=dpo, request=filed, reason="Encore", today=date(2026, 4, 2))
    assert AuditEntry.objects.filter(action="privacy.request_extend").count() == 1


@pytest.mark.django_db
def test_no_extension_after_the_first_month(dpo):
    filed = anonymous_request()
    with pytest.raises(ValidationError):
        rights.extend(actor=dpo, request=filed, reason="Trop tard", today=date(2026, 4, 16))


@pytest.mark.django_db
def test_the_yearly_count_sorts_by_kind_and_delay(dpo):
    in_month = anonymous_request(kind="access")
    rights.close(actor=dpo, request=in_month, answer="Voici vos données.")
    RightsRequest.objects.filter(pk=in_month.pk).update(
        closed_at=timezone.make_aware(timezone.datetime(2026, 4, 10, 12))
    )
    extended = anonymous_request(kind="erasure")
    rights.extend(actor=dpo, request=extended, reason="Volume", today=date(2026, 4, 1))
    rights.close(actor=dpo, request=extended, answer="Fait.")
    RightsRequest.objects.filter(pk=extended.pk).update(
        closed_at=timezone.make_aware(timezone.datetime(2026, 5, 20, 12))
    )
    anonymous_request(kind="objection")  # open and past its deadline on 1 May
    anonymous_request(kind="objection", received_on=date(2026, 4, 20))  # open, in time
    [count] = rights.yearly_counts(today=date(2026, 5, 1))
    assert count.year == 2026 and count.total == 4
    assert count.by_kind["accès"] == 1 and count.by_kind["opposition"] == 2
    assert count.by_kind["rectification"] == 0
    assert (count.in_month, count.extended, count.late, count.open) == (1, 1, 1, 1)


# Pages


@pytest.mark.django_db
def test_a_person_without_an_account_files_and_sees_reference_and_due_date(client):
    response = client.post(
        "/confidentialite/demande/",
        {
            "kind": "access",
            "text": "Que gardez-vous sur moi ?",
            "name": "Jeanne Martin",
            "email": "jeanne@exemple.test",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    filed = RightsRequest.objects.get()
    assert filed.channel == RequestChannel.WITHOUT_ACCOUNT and filed.user is None
    assert filed.reference in page
    assert rights.long_date(filed.due_on) in page


@pytest.mark.django_db
def test_a_form_without_any_contact_says_so_and_keeps_the_text(client):
    response = client.post(
        "/confidentialite/demande/",
        {"kind": "access", "text": "Que gardez-vous sur moi ?", "name": "Jeanne Martin"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "adresse e-mail ou une adresse postale" in page
    assert "Que gardez-vous sur moi ?" in page
    assert not RightsRequest.objects.exists()


@pytest.mark.django_db
def test_a_signed_in_person_files_with_their_account(client, citizen):
    client.force_login(citizen)
    assert (
        "/confidentialite/demande/" in client.get("/confidentialite/mes-donnees/").content.decode()
    )
    page = client.get("/confidentialite/demande/").content.decode()
    assert citizen.email in page and 'name="email"' not in page
    response = client.post(
        "/confidentialite/demande/", {"kind": "rectification", "text": "Mon nom est mal écrit."}
    )
    assert response.status_code == 302
    filed = RightsRequest.objects.get()
    assert filed.user == citizen and filed.channel == RequestChannel.ONLINE
    assert OutgoingEmail.objects.filter(to=citizen.email).exists()


@pytest.mark.django_db
def test_the_confirmation_page_shows_only_ones_own_request(client, other_citizen):
    anonymous_request()
    client.force_login(other_citizen)
    response = client.get("/confidentialite/demande/envoyee/")
    assert response.status_code == 302 and response["Location"] == "/confidentialite/demande/"


@pytest.mark.django_db
def test_a_mediator_files_for_a_person_at_the_counter(client, mediator):
    login_staff(client, mediator)
    response = client.post(
        "/confidentialite/demande/au-guichet/",
        {
            "kind": "erasure",
            "text": "Effacer ma réponse papier.",
            "name": "Paul Durand",
            "postal_address": "3 rue des Lilas, 71000 Mâcon",
        },
    )
    assert response.status_code == 302
    filed = RightsRequest.objects.get()
    assert (filed.channel, filed.filed_by, filed.user) == (RequestChannel.COUNTER, mediator, None)


@pytest.mark.django_db
def test_people_who_are_not_mediators_cannot_file_at_the_counter(client, citizen):
    client.force_login(citizen)
    assert client.get("/confidentialite/demande/au-guichet/").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["citizen", "mediator", "moderator", "organiser"])
def test_the_desk_is_closed_to_others(client, personas, role):
    filed = anonymous_request()
    login_staff(client, personas[role])
    assert client.get("/confidentialite/equipe/demandes/").status_code == 403
    assert client.get(f"/confidentialite/equipe/demandes/{filed.pk}/").status_code == 403
    response = client.post(
        f"/confidentialite/equipe/demandes/{filed.pk}/",
        {"step": "close", "close-answer": "Non"},
    )
    assert response.status_code == 403
    filed.refresh_from_db()
    assert filed.status == RequestStatus.OPEN


@pytest.mark.django_db
def test_the_desk_lists_late_requests_in_words_and_filters_them(client, dpo):
    late = anonymous_request(received_on=timezone.localdate() - timedelta(days=120))
    late_by = (timezone.localdate() - late.due_on).days
    recent = anonymous_request(received_on=timezone.localdate())
    login_staff(client, dpo)
    page = client.get("/confidentialite/equipe/demandes/").content.decode()
    assert f"en retard de {late_by} jours" in page and recent.reference in page
    assert "Bilan par année" in page
    overdue = client.get("/confidentialite/equipe/demandes/?state=overdue").content.decode()
    assert late.reference in overdue and recent.reference not in overdue
    closed = client.get("/confidentialite/equipe/demandes/?state=closed").content.decode()
    assert late.reference not in closed
    assert client.get("/confidentialite/equipe/demandes/?state=nimporte").status_code == 400


@pytest.mark.django_db
def test_the_dpo_handles_a_request_on_its_page(client, dpo):
    filed = anonymous_request(received_on=timezone.localdate())
    login_staff(client, dpo)
    url = f"/confidentialite/equipe/demandes/{filed.pk}/"
    assert (
        client.post(url, {"step": "identity", "identity-identity_check": "Pièce vue"}).status_code
        == 302
    )
    refused = client.post(url, {"step": "close", "close-answer": ""})
    assert refused.status_code == 400
    assert "sans réponse" in refused.content.decode()
    assert (
        client.post(url, {"step": "extend", "extend-extension_reason": "Dossiers"}).status_code
        == 302
    )
    assert client.post(url, {"step": "close", "close-answer": "C'est fait."}).status_code == 302
    filed.refresh_from_db()
    assert filed.status == RequestStatus.CLOSED and filed.identity_check == "Pièce vue"
    assert filed.extended_until is not None
    assert OutgoingEmail.objects.filter(
        to="jeanne@exemple.test", body__contains="C'est fait."
    ).exists()
    assert client.post(url, {"step": "bogus"}).status_code == 400


@pytest.mark.django_db
def test_help_texts_are_tied_to_their_fields(client):
    page = client.get("/confidentialite/demande/").content.decode()
    assert 'aria-describedby="id_text_helptext"' in page and 'id="id_text_helptext"' in page


@pytest.mark.django_db
def test_a_persons_download_includes_their_rights_requests(client, citizen):
    rights.file_request(actor=citizen, user=citizen, kind="access", text="Mes données ?")
    client.force_login(citizen)
    data = client.post("/confidentialite/mes-donnees/telecharger/").json()
    [mine] = data["privacy"]["rights_requests"]
    assert mine["kind"] == "access" and mine["text"] == "Mes données ?"


@pytest.mark.django_db
def test_the_public_form_is_limited_per_address_and_keeps_what_was_typed(client, settings):
    settings.PARLONS_LIMITS = settings.PARLONS_LIMITS | {"rights_request_address": (2, 3600)}
    data = {"kind": "access", "text": "Mes données ?", "name": "Jeanne", "email": "j@exemple.test"}
    assert [client.post("/confidentialite/demande/", data).status_code for _ in range(2)] == [
        302,
        302,
    ]
    refused = client.post("/confidentialite/demande/", data)
    assert refused.status_code == 429 and "attendez" in refused.content.decode()
    assert "Mes données ?" in refused.content.decode()
    assert RightsRequest.objects.count() == 2


@pytest.mark.django_db
def test_my_data_lists_my_requests_and_nobody_elses(client, citizen, other_citizen):
    mine = rights.file_request(actor=citizen, user=citizen, kind="access", text="Mes données ?")
    theirs = rights.file_request(
        actor=other_citizen, user=other_citizen, kind="erasure", text="Effacez tout."
    )
    client.force_login(citizen)
    page = client.get("/confidentialite/mes-donnees/").content.decode()
    assert mine.reference in page and "réponse au plus tard le" in page
    assert theirs.reference not in page


@pytest.mark.django_db
def test_open_requests_come_before_closed_ones_on_the_desk(client, dpo):
    closed = anonymous_request(received_on=date(2026, 1, 5))
    rights.close(actor=dpo, request=closed, answer="Fait.")
    still_open = anonymous_request(received_on=date(2026, 3, 5))
    login_staff(client, dpo)
    page = client.get("/confidentialite/equipe/demandes/").content.decode()
    assert page.index(still_open.reference) < page.index(closed.reference)
