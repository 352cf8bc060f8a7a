"""What the workbench's pages read ready-made (issue 15): stored spreads, capped counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parlons.conftest import login_staff
from parlons.synthesis import queries, search, services
from parlons.synthesis.models import SearchEntry
from parlons.synthesis.tests.test_services import run

pytestmark = pytest.mark.django_db


def stored(analysis) -> dict:
    analysis.refresh_from_db()
    return analysis.result["spread"]


def counted(analysis) -> dict:
    """The spreads counted afresh from the analysed texts, in the stored form."""
    fresh = queries.theme_spreads(analysis)
    empty = {field: [] for field in queries.SPREADS}
    return {str(theme.pk): fresh.get(theme.pk, empty) for theme in analysis.themes.all()}


def test_an_analysis_stores_its_spreads_and_staff_changes_keep_them_true(
    organiser, process, corpus, django_capture_on_commit_callbacks
):
    analysis, _started = run(organiser, process, django_capture_on_commit_callbacks, n_themes=2)
    spread = stored(analysis)
    assert spread == counted(analysis)
    assert any(rows["commune"] for rows in spread.values())
    assert analysis.result["communes"] == sorted(
        {c for c in analysis.texts.values_list("commune", flat=True) if c}
    )
    first, second = analysis.themes.exclude(number=0).order_by("number")[:2]
    before = stored(analysis)[str(first.pk)]
    services.move_text(actor=organiser, text=second.texts.first(), to=first)
    assert stored(analysis) == counted(analysis)
    assert stored(analysis)[str(first.pk)] != before
    new = services.split_theme(
        actor=organiser, theme=first, members=list(first.texts.values_list("pk", flat=True)[:2])
    )
    assert str(new.pk) in stored(analysis)
    assert stored(analysis) == counted(analysis)
    services.merge_themes(actor=organiser, theme=second, into=first)
    assert str(second.pk) not in stored(analysis)
    assert stored(analysis) == counted(analysis)


def test_the_themes_page_counts_nothing_when_spreads_are_stored(
    client, organiser, process, corpus, django_capture_on_commit_callbacks
):
    analysis, _started = run(organiser, process, django_capture_on_commit_callbacks, n_themes=2)
    login_staff(client, organiser)
    url = reverse("synthesis:analysis", kwargs={"slug": process.slug, "pk": analysis.pk})
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        page = client.get(url).content.decode()
    assert not [q for q in context.captured_queries if "GROUP BY" in q["sql"].upper()]
    assert "Par commune" in page and "sur papier" in page
    # An analysis stored before spreads were: the page counts them, and shows the same.
    result = dict(analysis.result)
    result.pop("spread")
    result.pop("communes")
    type(analysis).objects.filter(pk=analysis.pk).update(result=result)
    with CaptureQueriesContext(connection) as context:
        again = client.get(url).content.decode()
    assert [q for q in context.captured_queries if "GROUP BY" in q["sql"].upper()]
    strip = lambda html: html.split('name="csrfmiddlewaretoken"')[0]  # noqa: E731
    assert strip(again) == strip(page)


def test_counts_stop_at_the_cap_and_say_more_than(
    client, organiser, process, corpus, monkeypatch, django_capture_on_commit_callbacks
):
    search.rebuild(process)
    found = search.search(process, search.SearchFilters(q="vélos"), public=False)
    assert found.count() == 8
    assert search.capped_count(found, cap=5) == 6
    assert search.capped_count(found, cap=8) == 8
    assert search.capped_count(found, cap=100) == 8
    login_staff(client, organiser)
    url = reverse("synthesis:search", kwargs={"slug": process.slug})
    assert "8 textes trouvés" in client.get(url, {"q": "vélos"}).content.decode()
    monkeypatch.setattr(search, "COUNT_CAP", 5)
    capped = client.get(url, {"q": "vélos"})
    content = capped.content.decode()
    assert "Plus de 5 textes trouvés" in content
    assert capped.context["page"].paginator.count == 5
    monkeypatch.setattr(search, "COUNT_CAP", 8)
    assert "8 textes trouvés" in client.get(url, {"q": "vélos"}).content.decode()
    # The list of an analysis's texts: capped when words are searched, exact by theme.
    analysis, _started = run(organiser, process, django_capture_on_commit_callbacks, n_themes=2)
    texts = reverse("synthesis:texts", kwargs={"slug": process.slug, "pk": analysis.pk})
    monkeypatch.setattr(search, "COUNT_CAP", 5)
    assert "Plus de 5 contributions trouvées" in client.get(texts, {"q": "vélo"}).content.decode()
    theme = analysis.themes.order_by("-size").first()
    assert theme.size > 5
    by_theme = client.get(texts, {"theme": theme.number}).content.decode()
    assert f"{theme.size} contributions" in by_theme


def test_an_analysis_reads_the_lemmas_of_the_search_index_unless_the_text_changed(
    organiser, process, corpus, django_capture_on_commit_callbacks
):
    search.rebuild(process)
    first, second = corpus[0], corpus[1]
    entries = SearchEntry.objects.filter(ref__in=[ref(first), ref(second)])
    # A marker only the index holds: read back when the index's text is the text analysed.
    entries.filter(ref=ref(first)).update(terms=" marqueur ")
    # An index behind the text (its copy differs): the lemmas are computed again.
    entries.filter(ref=ref(second)).update(text="Un autre texte.", terms=" perime ")
    analysis, _started = run(organiser, process, django_capture_on_commit_callbacks)
    terms = dict(analysis.texts.values_list("ref", "terms"))
    assert terms[ref(first)] == " marqueur "
    assert terms[ref(second)] == queries.search_terms(second.public_body)
    assert "perime" not in terms[ref(second)]
    others = [c for c in corpus[2:] if ref(c) in terms]
    assert others and all(terms[ref(c)] == queries.search_terms(c.public_body) for c in others)


def ref(contribution) -> str:
    return f"debates.contribution:{contribution.pk}"


def test_one_key_per_person_for_every_reaction(process, votes):
    from parlons.debates.analysis import participant_key
    from parlons.debates.models import Reaction
    from parlons.processes.analysis import collect_reactions

    reactions = list(collect_reactions(process))
    assert len(reactions) == 24 * 16
    voters = set(Reaction.objects.values_list("user_id", flat=True))
    assert {reaction.participant for reaction in reactions} == {
        participant_key(process.pk, user_id) for user_id in voters
    }
