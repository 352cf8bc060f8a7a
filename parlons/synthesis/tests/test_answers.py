"""Questionnaire free-text answers as analysable texts: staff analyse one question."""

import pytest
from django.urls import reverse

from parlons.conftest import login_staff
from parlons.processes.analysis import TextFilters, collect_texts
from parlons.synthesis import rendering, services
from parlons.synthesis.models import Analysis
from parlons.synthesis.tests.conftest import BIKES, LIBRARY
from parlons.synthesis.tests.test_search import _answer, _free_text_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(make_process, organiser):
    process = make_process(open=("contribute", "questionnaire"))
    questionnaire, section, question = _free_text_survey(process, organiser)
    for text in BIKES + LIBRARY[:3]:
        _answer(questionnaire, section, question, text + " Appelez-moi au 06 12 34 56 78.")
    return process, question


def test_answers_of_one_question_are_read_masked_and_never_public(survey):
    process, question = survey
    items = list(collect_texts(process, TextFilters(question=question.pk)))
    assert len(items) == 11
    assert all(item.ref.startswith("questionnaires.answer:") for item in items)
    assert all(not item.public and item.question == question.pk for item in items)
    assert not any("06 12 34 56 78" in item.text for item in items)
    # A démarche-wide analysis reads the debate, not the answers to every question mixed.
    assert list(collect_texts(process, TextFilters())) == []


def test_staff_run_an_analysis_of_one_question(
    client, organiser, survey, django_capture_on_commit_callbacks
):
    process, question = survey
    login_staff(client, organiser)
    workbench = reverse("synthesis:workbench", kwargs={"slug": process.slug})
    assert question.wording in client.get(workbench).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            workbench, {"kind": "themes", "n_themes": "2", "question": str(question.pk)}
        )
    analysis = Analysis.objects.get()
    assert response.status_code == 302
    assert analysis.status == Analysis.Status.DONE, analysis.error
    assert analysis.filters == {"question": question.pk}
    assert analysis.input_size == 11
    page = client.get(response["Location"])
    assert page.status_code == 200
    refused = client.post(workbench, {"kind": "opinion_groups", "question": str(question.pk)})
    assert "pas dans les réponses" in refused.content.decode()


def test_public_outputs_never_quote_an_answer_nor_count_under_five(survey, organiser):
    process, question = survey
    analysis, _started = services.start_analysis(
        actor=organiser,
        process=process,
        kind="themes",
        filters=TextFilters(question=question.pk),
        n_themes=2,
        embeddings="off",
    )
    services.run_analysis(analysis.pk)
    analysis.refresh_from_db()
    report = services.report_for(actor=organiser, process=process)
    ref = analysis.texts.first().ref
    with pytest.raises(Exception, match="non publiée"):
        services.add_section(
            actor=organiser, report=report, fields={"title": "Vélo", "quotes": [ref]}
        )
    services.add_section(
        actor=organiser,
        report=report,
        fields={"title": "Thèmes", "figure": "themes", "analysis": analysis},
    )
    [section] = rendering.render_report(report)
    sizes = [row[1] for row in section.table]
    assert sorted(analysis.themes.values_list("size", flat=True)) != []
    for theme, shown in zip(analysis.themes.order_by("-size", "number"), sizes, strict=True):
        assert shown == (theme.size if theme.size >= 5 else "< 5")
    assert any("jamais publiées une à une" in note for note in section.notes)
