"""Answers typed from a paper form get a receipt; with it the person has them withdrawn."""

import re

import pytest

from parlons.conftest import login_staff
from parlons.core.models import AuditEntry
from parlons.privacy import receipts
from parlons.privacy.models import Receipt, RequestChannel
from parlons.questionnaires import services
from parlons.questionnaires.answering import FormData
from parlons.questionnaires.models import Answer, Response, Tally

from .conftest import answer_survey

pytestmark = pytest.mark.django_db


def _tallies(question):
    return {
        k: c for k, c in Tally.objects.filter(question=question).values_list("key", "count") if c
    }


def _paper(survey, mediator):
    data = FormData(
        {
            survey["equipment"].field_name: ["c1", "c2"],
            survey["need_help"].field_name: "yes",
            survey["which_help"].field_name: "c1",
        }
    )
    return services.enter_paper_answers(
        actor=mediator, questionnaire=survey["questionnaire"], data=data, consent=True
    )


def test_a_paper_form_gets_a_receipt_that_tells_no_answer(survey, mediator):
    response = _paper(survey, mediator)
    receipt = response.issued_receipt.receipt
    assert (receipt.item_kind, receipt.item_id) == ("questionnaires.response", response.pk)
    title = survey["questionnaire"].title
    assert receipt.title.startswith(f"Réponses au questionnaire « {title} »")
    assert receipt.summary == "3 questions répondues, sur un formulaire papier ou au guichet."


def test_the_dpo_withdraws_the_answers_and_the_counts_lose_them(survey, mediator, citizen, dpo):
    answer_survey(survey, actor=citizen, equipment=("c1",))
    response = _paper(survey, mediator)
    assert _tallies(survey["equipment"]) == {"": 2, "c1": 2, "c2": 1}
    receipt = response.issued_receipt.receipt
    receipts.request_withdrawal(actor=None, receipt=receipt, channel=RequestChannel.COUNTER)
    receipts.withdraw_item(actor=dpo, receipt=receipt)
    assert not Response.objects.filter(pk=response.pk).exists()
    assert not Answer.objects.filter(response_id=response.pk).exists()
    assert _tallies(survey["equipment"]) == {"": 1, "c1": 1}
    assert _tallies(survey["need_help"]) == {"": 1, "yes": 1}
    survey["questionnaire"].refresh_from_db()
    assert survey["questionnaire"].response_count == 1
    entry = AuditEntry.objects.get(action="questionnaires.withdraw_on_request")
    assert (entry.actor, entry.target_id) == (dpo, str(response.pk))


def test_the_paper_entry_page_leads_to_the_printed_receipt(client, survey, mediator):
    login_staff(client, mediator)
    questionnaire = survey["questionnaire"]
    url = (
        f"/demarches/{questionnaire.process.slug}/questionnaires/{questionnaire.pk}/saisie-papier/"
    )
    fields = {
        survey["equipment"].field_name: ["c1"],
        survey["need_help"].field_name: "yes",
        survey["which_help"].field_name: "c1",
        "consent": "on",
    }
    saved = client.post(url, fields)
    receipt = Receipt.objects.get()
    assert saved["Location"] == f"/confidentialite/recu/{receipt.pk}/imprimer/"
    printed = client.get(saved["Location"]).content.decode()
    code = re.search(r'id="receipt-code">([^<]+)<', printed).group(1)
    assert receipts.find_receipt(code) == receipt
    assert client.post(saved["Location"])["Location"] == url
