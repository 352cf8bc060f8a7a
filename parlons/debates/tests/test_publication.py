"""Texts shown in lists are masked before they are cut, whatever their length."""

import pytest

from parlons.debates.templatetags.debates import public_excerpt, public_text

pytestmark = pytest.mark.django_db

PHONE = "06 12 34 56 78"


@pytest.mark.parametrize("position", [0, 580, 595, 790, 805, 2000])
def test_a_phone_number_never_shows_in_an_excerpt(territory, position):
    text = ("mot " * (position // 4)) + f"appelez le {PHONE} " + ("suite " * 800)
    excerpt = public_excerpt(text)
    assert PHONE not in excerpt
    assert "06 12" not in excerpt
    assert len(excerpt) <= 601


def test_a_short_text_is_shown_whole_and_masked(territory):
    assert public_excerpt(f"Mon numéro : {PHONE}.") == public_text(f"Mon numéro : {PHONE}.")
    assert PHONE not in public_excerpt(f"Mon numéro : {PHONE}.")


def test_a_long_text_is_cut_on_a_word_with_an_ellipsis(territory):
    excerpt = public_excerpt("atelier " * 2000)
    assert excerpt.endswith("atelier…")
    assert len(excerpt) <= 601
