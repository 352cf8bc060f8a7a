"""Receipts: a code printed once, stored as a keyed digest, read and withdrawn without an account."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from parlons.conftest import login_staff
from parlons.core.limits import LimitExceeded
from parlons.core.models import AuditEntry
from parlons.debates import services as debates
from parlons.debates.models import Contribution
from parlons.privacy import receipts
from parlons.privacy.models import Receipt, RequestChannel, RequestKind, RightsRequest
from parlons.privacy.services import purge_expired

pytestmark = pytest.mark.django_db

CODE = re.compile(
    r"^[23456789ABCDEFGHJKMNPQRSTWXYZ]{3}-[23456789ABCDEFGHJKMNPQRSTWXYZ]{3}-[23456789ABCDEFGHJKMNPQRSTWXYZ]{3}$"
)
PUBLIC = ("receipt_lookup_address", "203.0.113.9")


@pytest.fixture
def process(make_process):
    return make_process()


@pytest.fixture
def mediated(process, mediator):
    return debates.submit_on_behalf(
        actor=mediator,
        process=process,
        body="Il faudrait un banc devant la mairie, appelez-moi au 06 12 34 56 78.",
        consent=True,
        display_label="Une habitante du bourg",
    )


def test_a_code_has_nine_characters_without_look_alikes():
    codes = {receipts.new_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(CODE.match(code) for code in codes)
    assert not set("01ILOUV") & set(receipts.ALPHABET)
    assert receipts.normalise(" k7m 4qx-9tb ") == "K7M4QX9TB"


def test_a_mediated_contribution_gets_a_receipt_whose_code_is_not_stored(mediated, mediator):
    issued = mediated.issued_receipt
    receipt = Receipt.objects.get()
    assert issued.receipt == receipt and CODE.match(issued.code)
    assert (receipt.item_kind, receipt.item_id) == ("debates.contribution", mediated.pk)
    assert receipt.recorded_by == mediator
    assert receipt.title == "Contribution à la démarche « La transition numérique du territoire »"
    # The receipt holds the public, masked text: the phone number is not on it.
    assert "06 12 34 56 78" not in receipt.summary and "banc devant la mairie" in receipt.summary
    row = Receipt.objects.filter(pk=receipt.pk).values().get()
    assert not any(
        receipts.normalise(issued.code) in str(value) or issued.code in str(value)
        for value in row.values()
    )
    assert len(receipt.code_digest) == 64
    issue = AuditEntry.objects.get(action="privacy.receipt_issue")
    assert (issue.actor, issue.data) == (
        mediator,
        {"kind": "debates.contribution", "item": mediated.pk},
    )


def test_the_code_is_found_however_it_is_typed(mediated):
    code = mediated.issued_receipt.code
    typed = code.lower().replace("-", " ")
    assert (
        receipts.look_up(actor=None, code=typed, counted_as=PUBLIC)
        == mediated.issued_receipt.receipt
    )
    assert AuditEntry.objects.filter(action="privacy.receipt_read").count() == 1


def test_a_wrong_code_says_only_not_found(mediated):
    code = mediated.issued_receipt.code
    wrong = ("2" if code[0] != "2" else "3") + code[1:]
    for attempt in (wrong, "ABC", "", "K7M-4QX-9TB-XYZ"):
        with pytest.raises(ValidationError) as refused:
            receipts.look_up(actor=None, code=attempt, counted_as=PUBLIC)
        assert refused.value.messages == [str(receipts.NOT_FOUND)]


def test_guessing_is_limited_and_every_attempt_counts(mediated, settings):
    settings.PARLONS_LIMITS = {**settings.PARLONS_LIMITS, "receipt_lookup_address": (3, 3600)}
    code = mediated.issued_receipt.code
    receipts.look_up(actor=None, code=code, counted_as=PUBLIC)  # a found code counts too
    for _attempt in range(2):
        with pytest.raises(ValidationError):
            receipts.look_up(actor=None, code="AAA-AAA-AAA", counted_as=PUBLIC)
    with pytest.raises(LimitExceeded, match="Trop de codes essayés") as limited:
        receipts.look_up(actor=None, code=code, counted_as=PUBLIC)
    assert 0 < limited.value.retry_after <= 3600
    # Another address is not held back.
    assert receipts.look_up(actor=None, code=code, counted_as=(PUBLIC[0], "198.51.100.1"))


def test_a_rotated_secret_key_still_reads_old_receipts(mediated, settings):
    code, old_key = mediated.issued_receipt.code, settings.SECRET_KEY
    settings.SECRET_KEY = "une-nouvelle-cle-secreste-assez-longue-pour-django-0123456789"
    assert receipts.find_receipt(code) is None
    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert receipts.find_receipt(code) == mediated.issued_receipt.receipt


def test_a_withdrawal_is_filed_on_the_dpo_desk_without_contact(mediated):
    receipt = mediated.issued_receipt.receipt
    filed = receipts.request_withdrawal(
        actor=None, receipt=receipt, channel=RequestChannel.WITHOUT_ACCOUNT
    )
    receipt.refresh_from_db()
    assert receipt.rights_request == filed
    assert (filed.kind, filed.channel, filed.email, filed.postal_address) == (
        RequestKind.ERASURE,
        RequestChannel.WITHOUT_ACCOUNT,
        "",
        "",
    )
    assert filed.name == f"Titulaire du reçu n° {receipt.pk}"
    assert filed.text.startswith(f"Retrait demandé avec le reçu n° {receipt.pk} : Contribution")
    with pytest.raises(ValidationError, match="déjà demandé"):
        receipts.request_withdrawal(
            actor=None, receipt=receipt, channel=RequestChannel.WITHOUT_ACCOUNT
        )
    assert AuditEntry.objects.filter(action="privacy.receipt_withdrawal_request").count() == 1


def test_only_the_dpo_withdraws_and_the_app_does_it(mediated, mediator, dpo):
    receipt = mediated.issued_receipt.receipt
    receipts.request_withdrawal(actor=None, receipt=receipt, channel=RequestChannel.WITHOUT_ACCOUNT)
    with pytest.raises(PermissionDenied):
        receipts.withdraw_item(actor=mediator, receipt=receipt)
    receipts.withdraw_item(actor=dpo, receipt=receipt)
    mediated.refresh_from_db()
    receipt.refresh_from_db()
    assert mediated.is_withdrawn and mediated.public_body == ""
    assert receipt.is_withdrawn and receipt.summary == ""
    assert receipt.rights_request.actions_taken.startswith("Contribution à la démarche")
    entry = AuditEntry.objects.get(action="debates.withdraw_on_request")
    assert (entry.actor, entry.data["request"]) == (dpo, receipt.rights_request.reference)
    assert AuditEntry.objects.filter(action="privacy.receipt_withdraw", actor=dpo).count() == 1
    with pytest.raises(ValidationError, match="déjà retiré"):
        receipts.withdraw_item(actor=dpo, receipt=receipt)
    with pytest.raises(ValidationError, match="déjà retiré"):
        receipts.request_withdrawal(actor=None, receipt=receipt, channel=RequestChannel.COUNTER)


def test_no_withdrawal_without_a_request(mediated, dpo):
    with pytest.raises(PermissionDenied):
        receipts.withdraw_item(actor=dpo, receipt=mediated.issued_receipt.receipt)
    assert not Contribution.objects.get(pk=mediated.pk).is_withdrawn


def test_a_receipt_of_a_kind_no_app_declares_is_refused(mediator):
    with pytest.raises(ValueError, match="no app declares"), transaction.atomic():
        receipts.issue_receipt(actor=mediator, kind="nowhere.thing", item_id=1, title="x")


def test_the_purge_deletes_receipts_after_three_years(mediated):
    receipt = mediated.issued_receipt.receipt
    report = purge_expired(now=timezone.now() + timedelta(days=3 * 365))
    assert report["privacy.Receipt.summary"] == 0 and Receipt.objects.count() == 1
    report = purge_expired(now=timezone.now() + timedelta(days=3 * 365 + 2))
    assert report["privacy.Receipt.summary"] == 1
    assert not Receipt.objects.filter(pk=receipt.pk).exists()
    assert Contribution.objects.filter(pk=mediated.pk).exists()  # the item has its own rules


# Pages


def test_the_counter_leads_to_the_printed_receipt_with_its_code_once(client, mediator, process):
    login_staff(client, mediator)
    response = client.post(
        f"/demarches/{process.slug}/guichet/",
        {"body": "Plus de bus le samedi.", "consent": "on", "display_label": ""},
    )
    receipt = Receipt.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/confidentialite/recu/{receipt.pk}/imprimer/"
    page = client.get(response["Location"]).content.decode()
    code = re.search(r'id="receipt-code">([^<]+)<', page).group(1)
    assert receipts.find_receipt(code) == receipt
    assert "Plus de bus le samedi." in page
    handed = client.post(f"/confidentialite/recu/{receipt.pk}/imprimer/")
    assert handed["Location"] == f"/demarches/{process.slug}/guichet/"
    again = client.get(f"/confidentialite/recu/{receipt.pk}/imprimer/").content.decode()
    assert code not in again and "n'est plus affiché" in again


def test_only_the_mediator_who_recorded_prints_the_receipt(client, mediated, organiser):
    login_staff(client, organiser)
    receipt = mediated.issued_receipt.receipt
    assert client.get(f"/confidentialite/recu/{receipt.pk}/imprimer/").status_code == 403


def test_a_visitor_reads_the_receipt_and_asks_for_withdrawal(client, mediated):
    code = mediated.issued_receipt.code
    response = client.post("/confidentialite/recu/", {"code": code.lower()})
    assert response["Location"] == "/confidentialite/recu/lu/"
    page = client.get("/confidentialite/recu/lu/").content.decode()
    assert "banc devant la mairie" in page and code not in page
    response = client.post("/confidentialite/recu/lu/", {"email": ""})
    assert response.status_code == 302
    filed = RightsRequest.objects.get()
    page = client.get("/confidentialite/recu/lu/").content.decode()
    assert filed.reference in page and "Demander le retrait</button>" not in page
    client.post("/confidentialite/recu/oublier/")
    assert client.get("/confidentialite/recu/lu/")["Location"] == "/confidentialite/recu/"


def test_a_bad_code_is_refused_in_french_and_guessing_is_stopped(client, mediated, settings):
    settings.PARLONS_LIMITS = {**settings.PARLONS_LIMITS, "receipt_lookup_address": (2, 3600)}
    empty = client.post("/confidentialite/recu/", {"code": ""})
    assert empty.status_code == 400 and "Tapez le code imprimé" in empty.content.decode()
    wrong = client.post("/confidentialite/recu/", {"code": "AAA-AAA-AAA"})
    assert wrong.status_code == 404
    assert "Aucun reçu ne correspond à ce code" in wrong.content.decode()
    assert 'value="AAA-AAA-AAA"' in wrong.content.decode()  # what was typed stays
    client.post("/confidentialite/recu/", {"code": "AAA-AAA-AAB"})
    limited = client.post("/confidentialite/recu/", {"code": mediated.issued_receipt.code})
    assert limited.status_code == 429 and int(limited["Retry-After"]) > 0
    assert "Trop de codes essayés" in limited.content.decode()


def test_a_mediator_looks_up_a_code_at_the_counter(client, mediated, mediator, citizen):
    client.force_login(citizen)
    assert client.get("/confidentialite/recu/au-guichet/").status_code == 403
    login_staff(client, mediator)
    response = client.post(
        "/confidentialite/recu/au-guichet/", {"code": mediated.issued_receipt.code}
    )
    assert response["Location"] == "/confidentialite/recu/lu/"
    client.post("/confidentialite/recu/lu/", {"email": "jeanne@exemple.test"})
    filed = RightsRequest.objects.get()
    assert (filed.channel, filed.filed_by, filed.email) == (
        RequestChannel.COUNTER,
        mediator,
        "jeanne@exemple.test",
    )


def test_the_dpo_withdraws_from_the_request_page(client, mediated, dpo, process):
    receipt = mediated.issued_receipt.receipt
    filed = receipts.request_withdrawal(
        actor=None, receipt=receipt, channel=RequestChannel.WITHOUT_ACCOUNT
    )
    login_staff(client, dpo)
    page = client.get(f"/confidentialite/equipe/demandes/{filed.pk}/").content.decode()
    assert f"Demandée avec le reçu n° {receipt.pk}" in page
    assert f"/confidentialite/equipe/recus/{receipt.pk}/retirer/" in page
    response = client.post(f"/confidentialite/equipe/recus/{receipt.pk}/retirer/")
    assert response["Location"] == f"/confidentialite/equipe/demandes/{filed.pk}/"
    assert Contribution.objects.get(pk=mediated.pk).is_withdrawn
    thread = client.get(mediated.get_absolute_url()).content.decode()
    assert "banc devant la mairie" not in thread
