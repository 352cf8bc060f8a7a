"""A small questionnaire on digital usage, built through the services as an organiser would."""

import pytest
from django.contrib.auth.models import AnonymousUser

from parlons.questionnaires import services
from parlons.questionnaires.answering import FormData
from parlons.questionnaires.models import Question

Kind = Question.Kind


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path):
    """Files joined to answers go to the test's own private folder."""
    settings.PRIVATE_FILES_DIR = tmp_path / "private"
    return settings.PRIVATE_FILES_DIR


@pytest.fixture
def survey_process(make_process):
    return make_process(open=("questionnaire",), slug="enquete-numerique")


@pytest.fixture
def survey(survey_process, organiser):
    """Two parts; the second asks "which help" only to people who said they need help."""
    questionnaire = services.create_questionnaire(
        actor=organiser,
        process=survey_process,
        title="Vos usages du numérique",
        access="open",
    )
    first = services.add_section(actor=organiser, questionnaire=questionnaire, title="Équipement")
    second = services.add_section(actor=organiser, questionnaire=questionnaire, title="Aide")
    equipment = services.add_question(
        actor=organiser,
        section=first,
        kind=Kind.MULTIPLE,
        wording="Quels appareils utilisez-vous ?",
        choices_text="Ordinateur\nTéléphone\nTablette",
        allow_other=True,
        max_choices=3,
        required=True,
    )
    need_help = services.add_question(
        actor=organiser,
        section=first,
        kind=Kind.YES_NO,
        wording="Avez-vous besoin d'aide ?",
        required=True,
    )
    which_help = services.add_question(
        actor=organiser,
        section=second,
        kind=Kind.SINGLE,
        wording="Quelle aide ?",
        choices_text="Un atelier\nUne personne à domicile",
        required=True,
        condition_question=need_help,
        condition_value="oui",
    )
    age = services.add_question(
        actor=organiser,
        section=second,
        kind=Kind.NUMBER,
        wording="Votre âge",
        number_min=15,
        number_max=110,
    )
    return {
        "questionnaire": questionnaire,
        "sections": [first, second],
        "equipment": equipment,
        "need_help": need_help,
        "which_help": which_help,
        "age": age,
    }


def answer_survey(survey, *, actor=None, equipment=("c1",), need_help="yes", which="c1", age=""):
    """A complete online response, section by section."""
    actor = actor or AnonymousUser()
    questionnaire = survey["questionnaire"]
    response = services.start_response(actor=actor, questionnaire=questionnaire)
    first, second = survey["sections"]
    data = FormData(
        {survey["equipment"].field_name: list(equipment), survey["need_help"].field_name: need_help}
    )
    services.save_section(actor=actor, response=response, section=first, data=data)
    data = FormData({survey["which_help"].field_name: which, survey["age"].field_name: age})
    services.save_section(actor=actor, response=response, section=second, data=data)
    return services.submit_response(actor=actor, response=response)
