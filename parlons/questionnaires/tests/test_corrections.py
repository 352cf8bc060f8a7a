"""The team corrects a sent response: history in the audit log, marked, tallies kept exact."""

import random

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from parlons.conftest import login_staff
from parlons.core.models import AuditEntry
from parlons.questionnaires import services
from parlons.questionnaires.answering import FormData, tally_keys
from parlons.questionnaires.models import Answer, Questionnaire, Response, Tally

from .conftest import answer_survey

pytestmark = pytest.mark.django_db


def _paper(survey, mediator, *, equipment=("c1",), need_help="yes", which="c1", age="70"):
    return services.enter_paper_answers(
        actor=mediator,
        questionnaire=survey["questionnaire"],
        data=FormData(
            {
                survey["equipment"].field_name: list(equipment),
                survey["need_help"].field_name: need_help,
                survey["which_help"].field_name: which,
                survey["age"].field_name: age,
            }
        ),
        consent=True,
    )


def _form(survey, *, equipment=("c1",), need_help="yes", which="c1", age="70"):
    return FormData(
        {
            survey["equipment"].field_name: list(equipment),
            survey["need_help"].field_name: need_help,
            survey["which_help"].field_name: which,
            survey["age"].field_name: age,
        }
    )


def _recount() -> dict:
    counts: dict = {}
    for answer in Answer.objects.filter(response__submitted_at__isnull=False).select_related(
        "question"
    ):
        value = answer.text if answer.value is None else answer.value
        for key in tally_keys(answer.question, value):
            counts[(answer.question_id, key)] = counts.get((answer.question_id, key), 0) + 1
    return counts


def _tallies() -> dict:
    return {(t.question_id, t.key): t.count for t in Tally.objects.all() if t.count}


def test_a_typo_is_corrected_with_its_history_and_mark(survey, mediator):
    response = _paper(survey, mediator, age="17")  # the form said 71
    changed = services.correct_response(
        actor=mediator,
        response=response,
        data=_form(survey, age="71"),
        reason="faute de frappe, formulaire n° 12",
    )
    assert changed == [survey["age"]]
    age = Answer.objects.get(response=response, question=survey["age"])
    assert age.value == 71 and age.corrected_by == mediator and age.corrected_at is not None
    untouched = Answer.objects.get(response=response, question=survey["need_help"])
    assert untouched.corrected_at is None
    entry = AuditEntry.objects.get(action="questionnaires.correct_answer")
    assert entry.actor == mediator and entry.target_id == str(response.pk)
    assert entry.data == {
        "question": survey["age"].pk,
        "number": 4,
        "before": "17",
        "after": "71",
        "new_file": False,
        "reason": "faute de frappe, formulaire n° 12",
    }


def test_a_correction_is_checked_like_an_answer_and_keeps_nothing_when_refused(survey, mediator):
    response = _paper(survey, mediator)
    with pytest.raises(services.SectionErrors) as refused:
        services.correct_response(
            actor=mediator, response=response, data=_form(survey, age="300", which="c9")
        )
    assert refused.value.message_dict == {
        survey["which_help"].field_name: [
            "Ce choix n'existe pas dans la liste : choisissez parmi les options."
        ],
        survey["age"].field_name: ["Écrivez un nombre entre 15 et 110."],
    }
    assert Answer.objects.get(response=response, question=survey["age"]).value == 70
    assert not AuditEntry.objects.filter(action="questionnaires.correct_answer").exists()


def test_who_may_correct_which_response(survey, personas, mediator, citizen):
    online = answer_survey(survey, actor=citizen)
    paper = _paper(survey, mediator)
    draft = services.start_response(actor=AnonymousUser(), questionnaire=survey["questionnaire"])
    from parlons.questionnaires.rules import can_correct_response

    allowed = {
        role: (can_correct_response(user, online), can_correct_response(user, paper))
        for role, user in personas.items()
        if user is not None
    }
    assert allowed == {
        "citizen": (False, False),
        "mediator": (False, True),
        "moderator": (False, False),
        "expert": (False, False),
        "organiser": (True, True),
        "dpo": (False, False),
        "administrator": (True, True),
    }
    assert can_correct_response(personas["organiser"], draft) is False  # not sent yet
    with pytest.raises(PermissionDenied):
        services.correct_response(actor=mediator, response=online, data=_form(survey))


def test_tallies_equal_a_recount_after_corrections(survey, mediator, organiser, citizen):
    chance = random.Random(16)
    responses = []
    for _ in range(12):
        responses.append(
            answer_survey(
                survey,
                equipment=chance.sample(["c1", "c2", "c3"], chance.randint(1, 3)),
                need_help=chance.choice(["yes", "no"]),
                which=chance.choice(["c1", "c2"]),
            )
        )
    responses += [_paper(survey, mediator, age=str(20 + n)) for n in range(5)]
    for response in chance.sample(responses, 10):
        services.correct_response(
            actor=organiser,
            response=response,
            data=_form(
                survey,
                equipment=chance.sample(["c1", "c2", "c3"], chance.randint(1, 3)),
                # "non" hides the conditional question: its answer and count go.
                need_help=chance.choice(["yes", "no"]),
                which=chance.choice(["c1", "c2"]),
                age=chance.choice(["", "33"]),
            ),
        )
    assert _tallies() == _recount()
    questionnaire = Questionnaire.objects.get(pk=survey["questionnaire"].pk)
    assert (
        questionnaire.response_count == Response.objects.filter(submitted_at__isnull=False).count()
    )
    hidden = [
        response
        for response in responses
        if Answer.objects.filter(response=response, question=survey["need_help"], value="no")
    ]
    assert (
        hidden
        and not Answer.objects.filter(response__in=hidden, question=survey["which_help"]).exists()
    )


def test_the_person_sees_which_answers_the_team_corrected(client, survey, organiser, citizen):
    response = answer_survey(survey, actor=citizen, age="40")
    services.correct_response(actor=organiser, response=response, data=_form(survey, age="41"))
    client.force_login(citizen)
    questionnaire = survey["questionnaire"]
    page = client.get(
        f"/demarches/{questionnaire.process.slug}/questionnaires/{questionnaire.pk}/envoyer/"
    ).content.decode()
    assert '41 <span class="badge">corrigée par l\'équipe</span>' in page
    # The person changes it again: the answer is theirs again, no longer marked.
    services.save_section(
        actor=citizen,
        response=response,
        section=survey["sections"][1],
        data=FormData({survey["which_help"].field_name: "c1", survey["age"].field_name: "42"}),
    )
    assert Answer.objects.get(question=survey["age"], response=response).corrected_at is None


def test_the_correction_page_without_javascript(client, survey, mediator):
    response = _paper(survey, mediator, age="17")
    login_staff(client, mediator)
    questionnaire = survey["questionnaire"]
    staff = f"/demarches/{questionnaire.process.slug}/equipe/questionnaires/{questionnaire.pk}/"
    listing = client.get(staff + "reponses/").content.decode()
    assert f"reponses/{response.pk}/" in listing
    url = f"{staff}reponses/{response.pk}/"
    page = client.get(url).content.decode()
    assert 'value="17"' in page and "Aucune correction" in page
    fields = {
        survey["equipment"].field_name: ["c1"],
        survey["need_help"].field_name: "yes",
        survey["which_help"].field_name: "c1",
    }
    refused = client.post(url, {**fields, survey["age"].field_name: "abc", "reason": "relu"})
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "Écrivez un nombre, par exemple 3 ou 2,5." in text
    assert 'value="abc"' in text and 'value="relu"' in text  # what was typed stays
    done = client.post(url, {**fields, survey["age"].field_name: "71", "reason": "relu"})
    assert done.status_code == 302
    history = client.get(url).content.decode()
    said = history
    assert "<strong>Q4</strong> — avant : « 17 » ; après : « 71 »" in said
    assert "Motif : relu" in said
    assert "corrigée par l'équipe" in history
