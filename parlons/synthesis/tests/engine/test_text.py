import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parlons.synthesis.engine.text import (
    FrenchLexicon,
    default_lexicon,
    duplicate_key,
    duplicate_words,
    fold,
    strip_greeting_and_signature,
)

pytestmark = pytest.mark.engine


def test_fold_drops_case_accents_and_ligatures():
    assert fold("Élu À l'ÉCOLE, œuvre Ça") == "elu a l'ecole, oeuvre ca"


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


def test_duplicate_key_merges_the_usual_empty_answers():
    assert duplicate_key("RAS") == duplicate_key("R.A.S.") == duplicate_key("ras !") == "ras"
    assert duplicate_key("Néant") == duplicate_key("neant.") == "neant"


def test_duplicate_key_ignores_greeting_and_signature():
    first = "Bonjour, il faut rouvrir la gare de Saint-Jean. Cordialement, Jeanne Martin"
    second = "Il faut rouvrir la gare de Saint-Jean ! Bien à vous. Paul Durand, 12 rue des Lilas"
    assert duplicate_key(first) == duplicate_key(second) == "ilfautrouvrirlagaredesaintjean"


def test_a_closing_formula_at_the_start_does_not_erase_the_text():
    text = "Cordialement vôtre, je demande une piste cyclable le long du canal jusqu'au lycée"
    assert "piste cyclable" in strip_greeting_and_signature(fold(text))


def test_duplicate_key_keeps_texts_in_other_scripts_apart():
    assert duplicate_key("مرحبا") != duplicate_key("Привет")
    assert duplicate_key("مرحبا") != ""


def test_duplicate_words_are_folded_words_of_the_body():
    assert duplicate_words("Bonjour, Baisser la TVA ! Cordialement, Léa") == [
        "baisser",
        "la",
        "tva",
    ]


def test_prepare_lemmatises_and_drops_stop_words():
    prepared = default_lexicon().prepare("Les élus doivent baisser les impôts des retraités")
    assert prepared.terms == ("elu", "baisser", "impot", "retraite")


def test_prepare_keeps_places_apart_from_terms():
    prepared = default_lexicon().prepare(
        "Les transports en Seine-Saint-Denis et à Paris sont saturés, comme partout en France"
    )
    assert prepared.places == ("seine saint denis", "paris", "france")
    assert "paris" not in prepared.terms and "seine" not in prepared.terms
    assert "transport" in prepared.terms


def test_prepare_drops_boilerplate_phrases():
    prepared = default_lexicon().prepare("Je pense que, à mon avis, le tri sélectif. Merci")
    assert prepared.terms == ("tri", "selectif")


def test_prepare_of_an_empty_answer_has_no_term():
    lexicon = default_lexicon()
    for text in ("RAS", "Néant", "Je ne sais pas", "...", "Non", "Voir ci-dessus", ""):
        assert lexicon.prepare(text).terms == (), text


def test_shown_form_is_the_lemma_of_the_most_written_word():
    lexicon = FrenchLexicon(stop_words=["le"], boilerplate=[], places=[])
    for _ in range(3):
        lexicon.prepare("le respect")
    lexicon.prepare("le réspect")
    assert lexicon.shown("respect") == "respect"
    lexicon.prepare("les impôts et les impôts")
    assert lexicon.shown("impot") == "impôt"
