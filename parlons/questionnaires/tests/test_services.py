"""Building, answering and counting, through the services."""

import pytest
from django.core.exceptions import ValidationError

from parlons.core.models import AuditEntry
from parlons.questionnaires import services
from parlons.questionnaires.answering import FormData
from parlons.questionnaires.models import Answer, Question, Tally
from parlons.questionnaires.queries import results

from .conftest import answer_survey

pytestmark = pytest.mark.django_db


def _tallies(question):
    return dict(Tally.objects.filter(question=question).values_list("key", "count"))


def test_a_response_is_counted_once_sent(survey, citizen):
    response = answer_survey(survey, actor=citizen, equipment=("c1", "c2"))
    assert response.is_submitted
    assert _tallies(survey["equipment"]) == {"": 1, "c1": 1, "c2": 1}
    assert _tallies(survey["need_help"]) == {"": 1, "yes": 1}
    assert AuditEntry.objects.filter(action="questionnaires.submit_response").count() == 1
    survey["questionnaire"].refresh_from_db()
    assert survey["questionnaire"].response_count == 1


def test_a_hidden_question_is_not_asked_and_its_answer_is_dropped(survey, citizen):
    response = answer_survey(survey, actor=citizen, need_help="yes", which="c2")
    assert Answer.objects.filter(response=response, question=survey["which_help"]).exists()
    # The person changes their mind: no help needed, so "which help" goes, and its count.
    services.save_section(
        actor=citizen,
        response=response,
        section=survey["sections"][0],
        data=FormData(
            {survey["equipment"].field_name: ["c1"], survey["need_help"].field_name: "no"}
        ),
    )
    assert not Answer.objects.filter(response=response, question=survey["which_help"]).exists()
    assert _tallies(survey["which_help"]) == {"": 0, "c2": 0}
    assert _tallies(survey["need_help"]) == {"": 1, "yes": 0, "no": 1}


def test_a_required_conditional_question_is_not_required_when_hidden(survey, citizen):
    response = answer_survey(survey, actor=citizen, need_help="no", which="")
    assert response.is_submitted


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("age", "12", "Écrivez un nombre entre 15 et 110."),
        ("age", "douze", "Écrivez un nombre, par exemple 3 ou 2,5."),
        ("which_help", "c9", "Ce choix n'existe pas dans la liste"),
        ("which_help", "", "Cette question demande une réponse."),
    ],
)
def test_each_impossible_answer_says_why_in_french(survey, citizen, field, value, message):
    response = services.start_response(actor=citizen, questionnaire=survey["questionnaire"])
    services.save_section(
        actor=citizen,
        response=response,
        section=survey["sections"][0],
        data=FormData(
            {survey["equipment"].field_name: ["c1"], survey["need_help"].field_name: "yes"}
        ),
    )
    data = FormData({survey["which_help"].field_name: "c1", survey["age"].field_name: "40"})
    data[survey[field].field_name] = value
    with pytest.raises(ValidationError) as refused:
        services.save_section(
            actor=citizen, response=response, section=survey["sections"][1], data=data
        )
    assert message in refused.value.message_dict[survey[field].field_name][0]


def test_too_many_choices_and_other_without_text_are_refused(survey, citizen, organiser):
    services.update_question(
        actor=organiser,
        question=survey["equipment"],
        wording="Quels appareils utilisez-vous ?",
        choices_text="Ordinateur\nTéléphone\nTablette",
        max_choices=2,
    )
    response = services.start_response(actor=citizen, questionnaire=survey["questionnaire"])
    name = survey["equipment"].field_name
    for chosen, message in (
        (["c1", "c2", "c3"], "Choisissez au plus 2 options."),
        (["__other__"], "Vous avez choisi « Autre » : précisez votre réponse."),
    ):
        with pytest.raises(ValidationError) as refused:
            services.save_section(
                actor=citizen,
                response=response,
                section=survey["sections"][0],
                data=FormData({name: chosen, survey["need_help"].field_name: "no"}),
            )
        assert refused.value.message_dict[name] == [message]


def test_postcode_is_checked(organiser, survey, citizen):
    postcode = services.add_question(
        actor=organiser, section=survey["sections"][0], kind="postcode", wording="Code postal"
    )
    response = services.start_response(actor=citizen, questionnaire=survey["questionnaire"])
    data = FormData(
        {
            survey["equipment"].field_name: ["c1"],
            survey["need_help"].field_name: "no",
            postcode.field_name: "00123",
        }
    )
    with pytest.raises(ValidationError) as refused:
        services.save_section(
            actor=citizen, response=response, section=survey["sections"][0], data=data
        )
    assert "Ce code postal n'existe pas" in refused.value.message_dict[postcode.field_name][0]
    data[postcode.field_name] = "29 200"
    services.save_section(
        actor=citizen, response=response, section=survey["sections"][0], data=data
    )
    assert Answer.objects.get(question=postcode).value == "29200"


def test_changing_wording_after_answers_makes_a_new_version(survey, citizen, organiser):
    answer_survey(survey, actor=citizen)
    question = services.update_question(
        actor=organiser,
        question=survey["need_help"],
        wording="Avez-vous besoin d'être aidé·e ?",
        required=True,
    )
    assert question.current_version.number == 2
    earlier = Answer.objects.get(question=question)
    assert earlier.version.number == 1
    assert earlier.version.wording == "Avez-vous besoin d'aide ?"
    # Before anyone answered, a change stays in the same version.
    same = services.update_question(
        actor=organiser, question=question, wording="Avez-vous besoin d'aide, aujourd'hui ?"
    )
    assert same.current_version.number == 2
    assert same.versions.count() == 2


def test_a_question_with_answers_cannot_be_deleted(survey, citizen, organiser):
    answer_survey(survey, actor=citizen, age="40")
    with pytest.raises(ValidationError) as refused:
        services.delete_question(actor=organiser, question=survey["age"])
    assert "1 personne(s) y ont déjà répondu" in refused.value.messages[0]
    unanswered = services.add_question(
        actor=organiser, section=survey["sections"][1], kind="short_text", wording="Un mot ?"
    )
    services.delete_question(actor=organiser, question=unanswered)
    assert not Question.objects.filter(pk=unanswered.pk).exists()


def test_one_response_per_person(survey, citizen):
    first = services.start_response(actor=citizen, questionnaire=survey["questionnaire"])
    again = services.start_response(actor=citizen, questionnaire=survey["questionnaire"])
    assert first.pk == again.pk


def test_one_time_codes_are_stored_hashed_and_give_one_response(survey, organiser):
    from django.contrib.auth.models import AnonymousUser

    questionnaire = survey["questionnaire"]
    services.update_questionnaire(actor=organiser, questionnaire=questionnaire, access="code")
    codes = services.generate_codes(actor=organiser, questionnaire=questionnaire, count=3)
    assert len(set(codes)) == 3
    stored = set(questionnaire.access_codes.values_list("code_hash", flat=True))
    assert not {code.replace("-", "") for code in codes} & stored
    anonymous = AnonymousUser()
    first = services.start_response(actor=anonymous, questionnaire=questionnaire, code=codes[0])
    again = services.start_response(
        actor=anonymous, questionnaire=questionnaire, code=codes[0].lower()
    )
    assert first.pk == again.pk
    with pytest.raises(ValidationError):
        services.start_response(actor=anonymous, questionnaire=questionnaire, code="AAAAA-BBBBB")


def test_aggregates_equal_a_recount(survey, citizen, other_citizen):
    import random

    from django.contrib.auth.models import AnonymousUser

    chance = random.Random(4)
    for _ in range(30):
        answer_survey(
            survey,
            actor=AnonymousUser(),
            equipment=chance.sample(["c1", "c2", "c3"], chance.randint(1, 3)),
            need_help=chance.choice(["yes", "no"]),
            which=chance.choice(["c1", "c2"]),
        )
    response = answer_survey(survey, actor=citizen)
    services.save_section(  # a change after sending
        actor=citizen,
        response=response,
        section=survey["sections"][0],
        data=FormData(
            {survey["equipment"].field_name: ["c3"], survey["need_help"].field_name: "no"}
        ),
    )
    recount: dict = {}
    for answer in Answer.objects.filter(response__submitted_at__isnull=False).select_related(
        "question"
    ):
        from parlons.questionnaires.answering import tally_keys

        for key in tally_keys(answer.question, answer.value):
            recount[(answer.question_id, key)] = recount.get((answer.question_id, key), 0) + 1
    kept = {(t.question_id, t.key): t.count for t in Tally.objects.all() if t.count}
    assert kept == recount


def test_public_results_mask_small_groups(survey, citizen):
    from django.contrib.auth.models import AnonymousUser

    for _ in range(6):
        answer_survey(survey, actor=AnonymousUser(), equipment=("c1",), need_help="yes")
    answer_survey(survey, actor=citizen, equipment=("c2",), need_help="yes")
    public = {r.question.pk: r for r in results(survey["questionnaire"], public=True)}
    equipment = public[survey["equipment"].pk]
    assert [(c.label, c.count if not c.masked else "< 5") for c in equipment.cells] == [
        ("Ordinateur", 6),
        ("Téléphone", "< 5"),
        ("Tablette", "< 5"),
        ("Autre", "< 5"),
    ]
    # No total nor percentage lets a masked cell be recomputed.
    assert equipment.answered is None
    assert all(cell.percent is None for cell in equipment.cells)
    staff = {r.question.pk: r for r in results(survey["questionnaire"], public=False)}
    assert [c.count for c in staff[survey["equipment"].pk].cells] == [6, 1, 0, 0]
    assert staff[survey["need_help"].pk].cells[0].percent == 100.0
