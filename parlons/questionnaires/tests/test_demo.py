"""The demo's survey: built and answered through the services, results published."""

import pytest

from parlons.core.models import AuditEntry
from parlons.demo import questionnaires_data
from parlons.demo.loader import load_demo
from parlons.questionnaires.models import Answer, Questionnaire, Response, Tally


@pytest.mark.django_db
def test_the_demo_survey_has_a_few_hundred_answers_some_on_paper(monkeypatch):
    monkeypatch.setattr(questionnaires_data, "ONLINE_ANSWERS", 12)
    monkeypatch.setattr(questionnaires_data, "IMPORTED_PAPER_ANSWERS", 20)
    load_demo()
    questionnaire = Questionnaire.objects.get(process__slug="enquete-usages-numeriques")
    assert questionnaire.results_published
    responses = Response.objects.filter(questionnaire=questionnaire)
    assert (
        questionnaire.response_count == responses.filter(submitted_at__isnull=False).count() == 42
    )
    paper = responses.filter(source="paper")
    assert paper.count() == 30
    # Each paper answer carries the number of its printed copy, each a different one.
    assert len(set(paper.values_list("paper_copy_id", flat=True))) == 30
    assert questionnaire.paper_copies_printed == 30
    submitted = AuditEntry.objects.filter(action="questionnaires.submit_response")
    assert (
        submitted.filter(
            target_id__in=[str(pk) for pk in responses.values_list("pk", flat=True)]
        ).count()
        == 12
    )
    # The running counts equal a recount of the answers.
    for question in questionnaire.questions.all():
        answered = Answer.objects.filter(question=question).count()
        tally = Tally.objects.filter(question=question, key="").first()
        assert (tally.count if tally else 0) == answered
