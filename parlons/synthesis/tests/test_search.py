"""The search index: lemmas without accents, kept with every write, the same on both engines."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.urls import reverse

from parlons.conftest import login_staff
from parlons.debates import services as debates
from parlons.debates.models import Contribution
from parlons.questionnaires import services as questionnaires
from parlons.questionnaires.answering import FormData
from parlons.questionnaires.models import Question
from parlons.synthesis import search
from parlons.synthesis.models import SearchEntry

pytestmark = pytest.mark.django_db

# The same queries, the same answers, on SQLite and on PostgreSQL (CI runs both).
QUERIES = {
    "vélos": 8,
    "velo": 8,
    "VÉLO": 8,
    "piste cyclable": 8,
    "mediatheque": 8,
    "Médiathèques": 8,
    "ateliers numériques": 2,
    "atelier numerique": 2,
    "la médiathèque le dimanche": 1,
    "gratuité transports": 3,
    "des transports scolaires": 3,
    "vélo médiathèque": 0,
    "ornithorynque": 0,
}


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a service, then what it left for after its commit: the search index's entry.

    The test's transaction never commits; the index is written once a write commits.
    """

    def run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run


def found(process, q, **filters):
    return search.search(process, search.SearchFilters(q=q, **filters), public=False)


def test_the_same_query_set_finds_the_same_texts(process, corpus):
    assert search.rebuild(process) == 19
    for query, count in QUERIES.items():
        assert found(process, query).count() == count, query


def test_filters_by_commune_and_way(process, corpus):
    search.rebuild(process)
    first = corpus[0].place
    # The bike texts alternate communes (4 each); one in four is on paper.
    assert found(process, "vélo", commune=first.name).count() == 4
    assert found(process, "vélo", way="paper").count() == 2
    assert found(process, "", commune=first.name, way="paper").count() == 4
    assert found(process, "vélo", phase="Contributions").count() == 8
    assert found(process, "vélo", phase="Information").count() == 0


def test_the_index_follows_publication_hiding_and_editing(process, citizen, moderator, committed):
    contribution = committed(
        debates.submit_contribution,
        actor=citizen,
        process=process,
        body="Des bancs à l'ombre sur la place du marché.",
    )
    assert [entry.ref for entry in found(process, "banc ombre")] == [
        f"debates.contribution:{contribution.pk}"
    ]
    committed(debates.hide, actor=moderator, contribution=contribution, reason="Hors sujet")
    assert not found(process, "banc").exists()
    assert not SearchEntry.objects.filter(ref=f"debates.contribution:{contribution.pk}").exists()
    committed(debates.restore, actor=moderator, contribution=contribution)
    assert found(process, "bancs").count() == 1
    committed(
        debates.edit_contribution,
        actor=citizen,
        contribution=contribution,
        body="Des fontaines sur la place du marché.",
    )
    assert not found(process, "banc").exists()
    assert found(process, "fontaine").count() == 1
    committed(debates.withdraw, actor=citizen, contribution=contribution)
    assert not found(process, "fontaine").exists()


def test_a_masked_text_is_indexed_as_published(process, citizen, committed):
    committed(
        debates.submit_contribution,
        actor=citizen,
        process=process,
        body="Appelez Jean Dupont au 06 12 34 56 78 pour le vélo partagé.",
    )
    entry = SearchEntry.objects.get()
    assert "06 12 34 56 78" not in entry.text
    assert not found(process, "0612345678").exists()
    assert found(process, "vélos partagés").count() == 1


def test_the_rebuild_command_drops_what_is_no_longer_public(process, corpus):
    search.rebuild(process)
    Contribution.objects.filter(pk=corpus[0].pk).update(is_hidden=True)  # not through a service
    call_command("search_index", "--process", process.slug)
    assert SearchEntry.objects.count() == 18
    assert not SearchEntry.objects.filter(ref=f"debates.contribution:{corpus[0].pk}").exists()


def _free_text_survey(process, organiser):
    questionnaire = questionnaires.create_questionnaire(
        actor=organiser, process=process, title="Vos trajets", access="open"
    )
    section = questionnaires.add_section(actor=organiser, questionnaire=questionnaire, title="Vous")
    question = questionnaires.add_question(
        actor=organiser,
        section=section,
        kind=Question.Kind.LONG_TEXT,
        wording="Que changeriez-vous pour aller au travail ?",
    )
    return questionnaire, section, question


def _answer(questionnaire, section, question, text, committed=None):
    actor = AnonymousUser()
    response = questionnaires.start_response(actor=actor, questionnaire=questionnaire)
    questionnaires.save_section(
        actor=actor,
        response=response,
        section=section,
        data=FormData({question.field_name: text}),
    )
    if committed is None:  # the index is not read
        return questionnaires.submit_response(actor=actor, response=response)
    return committed(questionnaires.submit_response, actor=actor, response=response)


def test_answers_are_found_by_staff_never_by_public_search(make_process, organiser, committed):
    process = make_process(open=("contribute", "questionnaire"))
    questionnaire, section, question = _free_text_survey(process, organiser)
    _answer(
        questionnaire, section, question, "Une vraie piste cyclable jusqu'à la gare.", committed
    )
    staff = found(process, "pistes cyclables")
    assert [entry.question for entry in staff] == [question.pk]
    assert found(process, "piste", question=question.pk).count() == 1
    assert not search.search(process, search.SearchFilters(q="piste"), public=True).exists()


def test_the_search_page(client, organiser, citizen, process, corpus):
    search.rebuild(process)
    url = reverse("synthesis:search", kwargs={"slug": process.slug})
    login_staff(client, organiser)
    response = client.get(url, {"q": "vélos", "way": "paper"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "2 textes trouvés" in content
    assert "vélo" in content and "médiathèque" not in content
    # A text hidden after it was indexed is never shown, even if the index lags.
    Contribution.objects.filter(pk=corpus[0].pk).update(is_hidden=True)
    assert corpus[0].body not in client.get(url, {"q": "vélos"}).content.decode()
    assert client.get(url, {"question": "abc"}).status_code == 404


def test_the_search_page_is_for_the_team(client, citizen, process):
    client.force_login(citizen)
    response = client.get(reverse("synthesis:search", kwargs={"slug": process.slug}))
    assert response.status_code in (403, 404)


def test_a_post_is_indexed_once_committed_and_a_failure_does_not_undo_it(
    process, citizen, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    """The index entry is written after the post's commit (docs/decisions/0019), not inside it."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        contribution = debates.submit_contribution(
            actor=citizen, process=process, body="Des bancs à l'ombre sur la place du marché."
        )
        assert not SearchEntry.objects.exists()  # nothing indexed inside the transaction
    assert callbacks

    def broken(*args, **kwargs):
        raise RuntimeError("index unavailable")

    monkeypatch.setattr(search, "index_refs", broken)
    for callback in callbacks:
        callback()  # logs, does not raise: the post is saved and answered
    assert Contribution.objects.filter(pk=contribution.pk).exists()
    assert "not indexed after the write's commit" in caplog.text
    monkeypatch.undo()
    call_command("search_index", "--process", process.slug)
    assert found(process, "banc").count() == 1
