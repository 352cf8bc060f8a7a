"""Split a theme: by the engine on its telling words, or by the contributions staff choose."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from parlons.conftest import login_staff
from parlons.core.models import AuditEntry
from parlons.debates.models import Contribution
from parlons.privacy.publication import create_published
from parlons.synthesis import services
from parlons.synthesis.engine.theme_split import split_in_two
from parlons.synthesis.tests.conftest import BIKES, LIBRARY
from parlons.synthesis.tests.test_services import run

pytestmark = pytest.mark.django_db


def test_the_engine_cuts_two_subjects_apart():
    texts = [frozenset({"velo", "piste", "cyclable", f"mot{n}"}) for n in range(6)] + [
        frozenset({"mediatheque", "horaire", "atelier", f"mot{n}"}) for n in range(5)
    ]
    split = split_in_two(texts, ["velo", "mediatheque", "piste"])
    assert set(split.second) in ({0, 1, 2, 3, 4, 5}, {6, 7, 8, 9, 10})
    told = {frozenset(split.first_keywords[:3]), frozenset(split.second_keywords[:3])}
    assert told == {
        frozenset({"velo", "piste", "cyclable"}),
        frozenset({"mediatheque", "horaire", "atelier"}),
    }
    assert split_in_two([frozenset({"a"})], ["a"]) is None
    assert split_in_two([frozenset({"a"}), frozenset({"a"})], ["a"]) is None


def _one_theme(organiser, process, capture):
    """An analysis whose two themes staff merged: bikes and library in one theme."""
    analysis, _started = run(organiser, process, capture, n_themes=2)
    themes = list(analysis.themes.exclude(number=0).order_by("-size"))
    for other in themes[1:]:
        services.merge_themes(actor=organiser, theme=other, into=themes[0])
    themes[0].refresh_from_db()
    return analysis, themes[0]


def _bodies(theme):
    ids = [int(ref.split(":")[1]) for ref in theme.texts.values_list("ref", flat=True)]
    return set(Contribution.objects.filter(pk__in=ids).values_list("body", flat=True))


def test_the_engine_splits_a_mixed_theme_by_its_telling_words(
    organiser, process, corpus, django_capture_on_commit_callbacks
):
    analysis, theme = _one_theme(organiser, process, django_capture_on_commit_callbacks)
    services.rename_theme(actor=organiser, theme=theme, label="Tout")
    services.validate_theme(actor=organiser, theme=theme)
    size = theme.size
    new = services.split_theme(actor=organiser, theme=theme)
    theme.refresh_from_db()
    assert new.size + theme.size == size
    assert new.texts.count() == new.size and theme.texts.count() == theme.size
    parts = [_bodies(theme), _bodies(new)]
    assert any(set(BIKES) <= part and not part & set(LIBRARY) for part in parts)
    assert any(set(LIBRARY) <= part and not part & set(BIKES) for part in parts)
    assert not theme.is_validated  # its content changed: named and validated again
    assert new.keywords and theme.keywords and new.keywords[0] != theme.keywords[0]
    assert set(new.representatives) <= set(new.texts.values_list("ref", flat=True))
    entry = AuditEntry.objects.get(action="synthesis.split_theme")
    assert entry.data["chosen_by"] == "engine" and entry.data["was_validated"] is True


def test_staff_choose_who_leaves_and_a_rerun_keeps_the_validated_part(
    client, organiser, citizen, process, corpus, django_capture_on_commit_callbacks
):
    analysis, theme = _one_theme(organiser, process, django_capture_on_commit_callbacks)
    login_staff(client, organiser)
    texts_url = reverse("synthesis:texts", kwargs={"slug": process.slug, "pk": analysis.pk})
    page = client.get(texts_url, {"theme": theme.number})
    assert 'form="couper"' in page.content.decode()
    library_ids = [
        item.pk
        for item in theme.texts.all()
        if Contribution.objects.get(pk=int(item.ref.split(":")[1])).body in LIBRARY
    ]
    action = reverse(
        "synthesis:theme_action",
        kwargs={
            "slug": process.slug,
            "pk": analysis.pk,
            "number": theme.number,
            "action": "couper",
        },
    )
    response = client.post(action, {"members": [str(pk) for pk in library_ids]})
    assert response.status_code == 302
    new = analysis.themes.order_by("-number").first()
    assert response["Location"].endswith(f"#theme-{new.number}")
    assert sorted(new.texts.values_list("pk", flat=True)) == sorted(library_ids)
    assert "mediatheque" in new.keywords[:3] or "médiathèque" in new.keywords[:3]
    # Everything or nothing cannot be split off.
    everything = list(theme.texts.values_list("pk", flat=True)) + library_ids
    with pytest.raises(ValidationError):
        services.split_theme(actor=organiser, theme=new, members=library_ids)
    with pytest.raises(ValidationError):
        services.split_theme(actor=organiser, theme=theme, members=everything)
    services.rename_theme(actor=organiser, theme=new, label="Médiathèque")
    services.validate_theme(actor=organiser, theme=new)
    create_published(
        Contribution, process=process, author=citizen, body="La médiathèque ouvre trop tard."
    )
    again, _started = run(organiser, process, django_capture_on_commit_callbacks, n_themes=2)
    kept = again.themes.get(label="Médiathèque")
    assert kept.is_validated and kept.number == new.number
